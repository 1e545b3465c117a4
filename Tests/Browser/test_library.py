"""Web/lib/carewire.js in headless Chromium against the scripted fake server (fake_carewire.py).

Covers what the apps rely on and cannot easily provoke against the real server: resume from the
last seq per visit, resend of unacked commands with the same id (once per connection, in order),
duplicate and early events, reload, jittered exponential backoff, token refresh after 4001, the
end of the session when no new token can be had (everything kept is forgotten), `busy` retries,
re-subscription, the outbox surviving a page reload, resuming from a seq the app kept, and the
server's clock from `welcome`.
"""
from __future__ import annotations

import pytest
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = pytest.mark.timeout(90)
BACKOFF = {"initialMs": 40, "maxMs": 320, "factor": 2}


def js(driver, script: str, *args):
    return driver.execute_script(script, *args)


def until(driver, script: str, *args, timeout: float = 10, what: str = ""):
    return WebDriverWait(driver, timeout).until(lambda d: d.execute_script(script, *args),
                                                message=what or script)


@pytest.fixture
def page(chromium, fake):
    driver = chromium(800, 600)
    driver.get(fake.url + "/blank.html")
    until(driver, "return document.getElementById('ready').dataset.ready === '1'")
    return driver


def start(page, fake, **opts):
    js(page, "harness.start(arguments[0])", {"url": fake.ws_url, "backoff": BACKOFF, **opts})


def welcome(conn, hello: dict) -> None:
    conn.send({"type": "welcome", "id": hello["id"], "principal": {"kind": "patient", "id": "p-1", "name": "P"},
               "serverTime": 1, "expiresAt": 2})


def connect(page, fake, expect_resume=None) -> tuple:
    conn = fake.accept()
    hello = conn.recv()
    assert hello["type"] == "hello" and hello["token"].startswith("tok-"), hello
    if expect_resume is not None:
        assert hello["resume"] == expect_resume, hello
    welcome(conn, hello)
    until(page, "return harness.client.state === 'connected'")
    return conn, hello


def event(visit: str, seq: int, text: str = "x") -> dict:
    return {"type": "visit.event", "visit": visit, "seq": seq, "at": seq,
            "actor": {"kind": "staff", "id": "s-1"}, "event": {"kind": "message", "text": text}}


def test_resume_resend_once_and_dedupe(page, fake):
    start(page, fake)
    conn, _ = connect(page, fake, expect_resume={})
    js(page, "harness.call('open', 'openVisit', 'v-1')")
    op = conn.recv()
    assert (op["type"], op["visit"], op["after"]) == ("visit.open", "v-1", 0)
    conn.send({"type": "visit", "id": op["id"], "visit": "v-1", "lastSeq": 2, "state": "inProgress"},
              event("v-1", 1), event("v-1", 2))
    until(page, "return harness.events('v-1').length === 2")

    js(page, "harness.call('m1', 'sendMessage', 'v-1', 'Hej')")
    first = conn.recv()
    assert first["type"] == "message.send" and first["text"] == "Hej"
    conn.drop()                                   # no ack: the client cannot know it was stored
    until(page, "return harness.client.state === 'reconnecting'")
    js(page, "harness.call('m2', 'sendMessage', 'v-1', 'Skrivet offline')")

    conn2, hello2 = connect(page, fake, expect_resume={"v-1": 2})
    again, offline = conn2.recv(), conn2.recv()
    assert (again["id"], again["text"]) == (first["id"], "Hej"), again
    assert offline["type"] == "message.send" and offline["text"] == "Skrivet offline"
    conn2.send({"type": "ack", "id": again["id"], "visit": "v-1", "seq": 3},
               {"type": "ack", "id": offline["id"], "visit": "v-1", "seq": 4},
               event("v-1", 2), event("v-1", 3, "Hej"), event("v-1", 4), event("v-1", 3))
    until(page, "return harness.results.m1 && harness.results.m2")
    assert js(page, "return harness.events('v-1')") == [1, 2, 3, 4]
    assert js(page, "return [harness.results.m1.ok.seq, harness.results.m2.ok.seq]") == [3, 4]
    # Nothing else was resent: the next frame is the one we ask for now.
    js(page, "harness.call('h', 'history', 'v-1', {limit: 5})")
    assert conn2.recv()["type"] == "visit.history"
    assert js(page, "return harness.client.outbox.size") == 1   # only the history request


def test_gap_unsolicited_snapshot_and_reload(page, fake):
    start(page, fake)
    conn, _ = connect(page, fake)
    # A snapshot nobody asked for (the server sends one per open visit to a patient): catch up.
    conn.send({"type": "visit", "visit": "v-2", "lastSeq": 1, "state": "waiting"})
    op = conn.recv()
    assert (op["type"], op["visit"], op["after"]) == ("visit.open", "v-2", 0)
    conn.send({"type": "visit", "id": op["id"], "visit": "v-2", "lastSeq": 1}, event("v-2", 1))
    conn.send(event("v-2", 3))                    # seq 2 missing: held back, asked for
    gap = conn.recv()
    assert (gap["type"], gap["after"]) == ("visit.open", 1), gap
    assert js(page, "return harness.events('v-2')") == [1]
    conn.send({"type": "visit", "id": gap["id"], "visit": "v-2", "lastSeq": 3}, event("v-2", 2), event("v-2", 3))
    until(page, "return harness.events('v-2').length === 3")
    assert js(page, "return harness.events('v-2')") == [1, 2, 3]

    conn.send({"type": "reload", "visit": "v-2"}, {"type": "visit", "visit": "v-2", "lastSeq": 3})
    op = conn.recv()
    assert (op["type"], op["after"]) == ("visit.open", 0)
    conn.send({"type": "visit", "id": op["id"], "visit": "v-2", "lastSeq": 1}, event("v-2", 1))
    until(page, "return harness.events('v-2').length === 4")
    types = js(page, "return harness.log.filter(f => f.visit === 'v-2').map(f => f.type + (f.seq || ''))")
    assert types[types.index("reload"):] == ["reload", "visit", "visit", "visit.event1"], types


def test_backoff_is_exponential_jittered_and_resets(page, fake):
    fake.refusing = True
    start(page, fake, randoms=[0, 1])             # lowest, then highest point of each jitter window
    until(page, "return harness.states.filter(s => s.state === 'reconnecting').length >= 5")
    delays = js(page, "return harness.states.filter(s => s.attempt).map(s => s.delay)")[:5]
    # caps 40, 80, 160, 320, 320; delay in [cap/2, cap]
    assert delays == [20, 80, 80, 320, 160], delays
    fake.refusing = False
    conn, _ = connect(page, fake)
    conn.drop()
    until(page, "return harness.states.at(-1).state === 'reconnecting'")
    assert js(page, "return harness.states.at(-1).attempt") == 1
    connect(page, fake)


def test_token_refresh_after_4001_and_busy_retry(page, fake):
    start(page, fake)
    conn, _ = connect(page, fake)
    conn.close(4001, "token expired")
    conn2, _ = connect(page, fake)
    assert js(page, "return harness.tokenCalls") == [False, True]
    js(page, "harness.call('acc', 'accept', 'v-9')")
    cmd = conn2.recv()
    conn2.send({"type": "error", "id": cmd["id"], "code": "busy", "message": "store queue full"})
    retry = conn2.recv()
    assert retry == cmd
    conn2.send({"type": "ack", "id": cmd["id"], "visit": "v-9"})
    until(page, "return harness.results.acc && harness.results.acc.ok")
    js(page, "harness.call('end', 'endVisit', 'v-9', {asyncPhaseDays: 7, chargeForVisit: true})")
    end = conn2.recv()
    assert (end["asyncPhaseDays"], end["chargeForVisit"]) == (7, True)
    conn2.send({"type": "error", "id": end["id"], "code": "forbidden", "message": "no"})
    until(page, "return harness.results.end")
    assert js(page, "return harness.results.end") == {"error": "forbidden"}


def test_resubscribes_queues_and_inbox(page, fake):
    start(page, fake)
    conn, _ = connect(page, fake)
    js(page, "harness.call('q', 'subscribeQueue', 'vc-1', 'nurse'); harness.call('i', 'subscribeInbox')")
    q, i = conn.recv(), conn.recv()
    conn.send({"type": "queue", "id": q["id"], "unit": "vc-1", "role": "nurse", "entries": []},
              {"type": "inbox", "id": i["id"], "inbox": [], "requiresNoAction": [], "ended": []})
    until(page, "return harness.results.q && harness.results.i")
    conn.drop()
    conn2, _ = connect(page, fake)
    again = sorted([conn2.recv()["type"], conn2.recv()["type"]])
    assert again == ["inbox.subscribe", "queue.subscribe"]


def test_unacked_message_survives_page_reload(page, fake):
    start(page, fake, storage=True)
    conn = fake.accept()
    conn.recv()                                    # hello, never welcomed: still connecting
    js(page, "harness.call('m', 'sendMessage', 'v-5', 'Innan omladdning')")
    sent_id = js(page, "return harness.results['m.id']")
    page.refresh()
    until(page, "return document.getElementById('ready').dataset.ready === '1'")
    start(page, fake, storage=True)
    conn2, _ = connect(page, fake)
    frame = conn2.recv()
    assert (frame["type"], frame["id"], frame["text"]) == ("message.send", sent_id, "Innan omladdning")
    conn2.send({"type": "ack", "id": sent_id, "visit": "v-5", "seq": 1})
    until(page, "return sessionStorage.getItem('carewire.outbox.test') === null")


def test_visits_the_server_drops_are_not_resumed(page, fake):
    start(page, fake)
    conn, _ = connect(page, fake)
    for visit in ("v-a", "v-b", "v-c"):
        conn.send({"type": "visit", "visit": visit, "lastSeq": 1, "state": "inProgress"})
        op = conn.recv()
        conn.send({"type": "visit", "id": op["id"], "visit": visit, "lastSeq": 1}, event(visit, 1))
    until(page, "return ['v-a', 'v-b', 'v-c'].every((v) => harness.events(v).length === 1)")
    # A colleague took v-a; v-b's resume is refused; v-c's error is retryable and kept.
    conn.send({"type": "visit.unsubscribed", "visit": "v-a", "reason": "access_ended"},
              {"type": "error", "code": "not_found", "message": "no such visit", "visit": "v-b"},
              {"type": "error", "code": "busy", "message": "busy", "visit": "v-c"})
    conn.drop()
    connect(page, fake, expect_resume={"v-c": 1})


def test_no_new_token_ends_the_session_and_forgets_the_outbox(page, fake):
    start(page, fake, storage=True, refuseFresh=True)
    conn, _ = connect(page, fake)
    js(page, "harness.call('m', 'sendMessage', 'v-3', 'Osänt meddelande')")
    assert conn.recv()["type"] == "message.send"
    assert "Osänt meddelande" in js(page, "return sessionStorage.getItem('carewire.outbox.test')")
    conn.send({"type": "error", "code": "unauthorized", "message": "token expired"})
    conn.close(4001, "token expired")
    until(page, "return harness.log.some((f) => f.type === 'unauthorized')")
    assert js(page, "return harness.tokenCalls") == [False, True]
    assert js(page, "return harness.client.state") == "closed"
    assert js(page, "return sessionStorage.getItem('carewire.outbox.test')") is None
    assert js(page, "return harness.client.outbox.size") == 0
    until(page, "return harness.results.m")
    assert js(page, "return harness.results.m") == {"error": "signed_out"}
    assert js(page, "return harness.log.find((f) => f.type === 'unauthorized')") == {"type": "unauthorized", "refused": True}


def test_resumes_from_a_kept_seq_and_learns_the_server_clock(page, fake):
    start(page, fake, resume={"v-7": 4})
    conn = fake.accept()
    hello = conn.recv()
    assert hello["resume"] == {"v-7": 4}, hello
    three_days = 3 * 86400000
    now = js(page, "return Date.now()")
    conn.send({"type": "welcome", "id": hello["id"], "principal": {"kind": "patient", "id": "p-1", "name": "P"},
               "serverTime": now + three_days, "expiresAt": now + three_days + 3600000})
    until(page, "return harness.client.state === 'connected'")
    ahead = js(page, "return harness.client.serverNow() - Date.now()")
    assert three_days - 60000 < ahead <= three_days + 1000, ahead
    conn.send({"type": "visit", "visit": "v-7", "lastSeq": 5, "state": "inProgress"}, event("v-7", 5), event("v-7", 4))
    until(page, "return harness.events('v-7').length === 1")
    assert js(page, "return harness.events('v-7')") == [5]       # 4 was held already: dropped


def test_directory_answers_settle_their_calls_and_are_not_kept_across_a_reload(page, fake):
    start(page, fake, storage=True)
    conn, _ = connect(page, fake)
    js(page, "harness.call('s', 'searchColleagues', 'ake', { limit: 5 })")
    js(page, "harness.call('b', 'browseDirectory')")
    js(page, "harness.call('u', 'browseDirectory', { unit: 'vc-lovsta', role: 'doctor' })")
    js(page, "harness.call('l', 'lookupColleagues', ['staff-ake'])")
    frames = [conn.recv() for _ in range(4)]
    assert [(f["type"], {k: v for k, v in f.items() if k not in ("type", "id")}) for f in frames] == [
        ("directory.search", {"query": "ake", "limit": 5}),
        ("directory.browse", {}),
        ("directory.browse", {"unit": "vc-lovsta", "role": "doctor"}),
        ("directory.lookup", {"staff": ["staff-ake"]}),
    ]
    # Reads: nothing of them is kept for a reload (the outbox keeps only what changes something).
    assert js(page, "return sessionStorage.getItem('carewire.outbox.test')") is None
    ake = {"staff": "staff-ake", "hsaId": "SE5599990008-N0005", "name": "Åke Strand", "role": "doctor",
           "title": "Läkare", "units": [{"unit": "vc-lovsta", "name": "Vårdcentralen Lövsta"}]}
    conn.send({"type": "directory.people", "id": frames[0]["id"], "people": [ake], "more": False},
              {"type": "directory.units", "id": frames[1]["id"], "careProvider": "norrsken",
               "careProviderName": "Vårdbolaget Norrsken", "units": []},
              {"type": "directory.people", "id": frames[2]["id"], "people": [ake], "more": False},
              {"type": "error", "id": frames[3]["id"], "code": "forbidden", "message": "not allowed"})
    until(page, "return ['s', 'b', 'u', 'l'].every((k) => harness.results[k])")
    results = js(page, "return harness.results")
    assert results["s"]["ok"]["people"][0]["name"] == "Åke Strand"
    assert results["b"]["ok"]["careProviderName"] == "Vårdbolaget Norrsken"
    assert results["u"]["ok"]["type"] == "directory.people"
    assert results["l"] == {"error": "forbidden"}
    assert js(page, "return harness.client.outbox.size") == 0
