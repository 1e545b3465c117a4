"""carewire.v1 end to end over real WebSockets against the real server on 127.0.0.1.

Each test starts its own server with a fresh SQLite file; clients are python websockets.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import math
import sqlite3
import time

import pytest

from care_client import CareClient, care_flags, http_json, patient_token, run, staff_token
from helpers import DEADLINE, OP_TEXT, RawWS, frame, record, wait_for

pytestmark = pytest.mark.carewire_only("the care protocol")

QUEUE = {"unit": "vc-bjorkdalen", "role": "nurse"}


def query(db: str, sql: str, *args) -> list[tuple]:
    """One read-only query of the server's SQLite file (WAL: it sees what the writer committed)."""
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as connection:
        return connection.execute(sql, args).fetchall()


async def seek_care(patient: CareClient, reason="Halsont", text="Ont i halsen sedan tre dagar.") -> str:
    if not getattr(patient, "welcomed", False):
        await patient.expect("welcome")
        patient.welcomed = True
    ack = await patient.request("visit.create", contactReason=reason, text=text)
    assert ack["type"] == "ack", ack
    visit = ack["visit"]
    snapshot = await patient.expect(lambda e: e["type"] == "visit" and e["visit"] == visit)
    assert snapshot["state"] == "waiting" and "text" not in snapshot  # the triage text is staff-only
    patient.snapshot = snapshot
    return visit


async def visit_in_progress(ws_url: str, patient_jwt: str, nurse_jwt: str) -> tuple[CareClient, CareClient, str]:
    """A patient seeks care and a nurse accepts and starts the visit: (patient, nurse, visit)."""
    patient = await CareClient.connect(ws_url, patient_jwt, name="patient")
    visit = await seek_care(patient)
    nurse = await CareClient.connect(ws_url, nurse_jwt, name="nurse")
    for command in ("visit.accept", "visit.start"):
        assert (await nurse.request(command, visit=visit))["type"] == "ack"
    return patient, nurse, visit


def test_full_visit_from_seeking_care_to_the_async_phase(care):
    async def scenario():
        nurse = await CareClient.connect(care.ws_url, staff_token("staff-anna", name="Anna Berg"), name="nurse")
        welcome = await nurse.expect("welcome")
        assert welcome["principal"]["kind"] == "staff" and welcome["principal"]["role"] == "nurse"
        queue_id = await nurse.send("queue.subscribe", **QUEUE)
        queue = await nurse.expect(lambda e: e.get("id") == queue_id)
        assert queue["type"] == "queue" and queue["entries"] == []

        patient = await CareClient.connect(care.ws_url, patient_token("patient-pia", "Pia Persson"), hello=True,
                                           name="patient")
        visit = await seek_care(patient)
        added = await nurse.expect("queue.added")
        assert added["visit"] == visit and added["position"] == 1 and added["patientOnline"] is True
        assert added["patientName"] == "Pia Persson"
        # The place arrives in the snapshot or, if the board answered after it, as `position`.
        if patient.snapshot.get("queuePosition") != 1:
            position = await patient.expect("position")
            assert position == {"type": "position", "visit": visit, "position": 1}

        # The nurse reads the case (staff view: triage text and personal identity number).
        open_id = await nurse.send("visit.open", visit=visit)
        view = await nurse.expect(lambda e: e.get("id") == open_id)
        assert view["text"] == "Ont i halsen sedan tre dagar."
        assert view["patient"] == {"id": "patient-pia", "name": "Pia Persson", "personalIdentityNumber": "19121212-1212"}
        assert (await nurse.request("visit.accept", visit=visit))["type"] == "ack"
        assert (await nurse.expect("queue.removed"))["visit"] == visit
        accepted = await patient.expect(lambda e: e["type"] == "visit.event" and e["event"]["kind"] == "accepted")
        assert accepted["event"]["by"]["name"] == "Anna Berg"

        assert (await nurse.request("visit.start", visit=visit))["type"] == "ack"
        welcome_message = await patient.expect(
            lambda e: e["type"] == "visit.event" and e["event"]["kind"] == "message" and e["actor"]["kind"] == "staff")
        assert "Anna Berg" in welcome_message["event"]["text"] and "clientMessageId" not in welcome_message["event"]

        # Chat both ways, acked with the seq the others see.
        ack = await patient.request("message.send", visit=visit, text="Hej! Det gör ont när jag sväljer.")
        seen = await nurse.expect(lambda e: e["type"] == "visit.event" and e.get("seq") == ack["seq"])
        assert seen["event"]["text"] == "Hej! Det gör ont när jag sväljer."
        reply = await nurse.request("message.send", visit=visit, text="Har du feber?")
        await patient.expect(lambda e: e["type"] == "visit.event" and e.get("seq") == reply["seq"])

        # Typing reaches the other side; read receipts are persisted and shown to staff.
        await patient.send("typing", visit=visit)
        typing = await nurse.expect("typing")
        assert typing["by"] == {"kind": "patient", "id": "patient-pia"}
        await patient.send("read", visit=visit, upTo=reply["seq"])
        receipt = await nurse.expect(lambda e: e["type"] == "receipt" and e["by"]["kind"] == "patient")
        assert receipt["upTo"] == reply["seq"]

        # End: both answers required.
        missing = await nurse.request("visit.end", visit=visit, asyncPhaseDays=7)
        assert missing["code"] == "invalid" and missing["reason"] == "missing_charge_decision"
        inbox_id = await nurse.send("inbox.subscribe")
        inbox = await nurse.expect(lambda e: e.get("id") == inbox_id)
        assert inbox["type"] == "inbox"
        assert (await nurse.request("visit.end", visit=visit, asyncPhaseDays=7, chargeForVisit=True))["type"] == "ack"
        ended = await patient.expect(lambda e: e["type"] == "visit.event" and e["event"]["kind"] == "ended")
        assert ended["event"]["asyncPhaseDays"] == 7 and "chargeForVisit" not in ended["event"]
        staff_ended = await nurse.expect(lambda e: e["type"] == "visit.event" and e["event"]["kind"] == "ended")
        assert staff_ended["event"]["chargeForVisit"] is True
        moved = await nurse.expect("inbox.updated")
        assert moved["visit"] == visit and moved["tab"] == "requiresNoAction"

        # The async phase: the patient writes again, the visit moves to the nurse's Inbox tab.
        await patient.request("message.send", visit=visit, text="Febern har gått ner.")
        moved = await nurse.expect("inbox.updated")
        assert moved["tab"] == "inbox" and moved["position"] == 1
        assert (await nurse.request("visit.markDone", visit=visit))["type"] == "ack"
        assert (await nurse.expect("inbox.updated"))["tab"] == "requiresNoAction"
        for client in (nurse, patient):
            await client.close()
    run(scenario())


def test_ending_without_async_phase_closes_the_visit_read_only(care):
    async def scenario():
        nurse = await CareClient.connect(care.ws_url, staff_token("staff-anna"), name="nurse")
        patient = await CareClient.connect(care.ws_url, patient_token("patient-olle"), name="patient")
        visit = await seek_care(patient)
        await nurse.expect("welcome")
        for command in ("visit.accept", "visit.start"):
            assert (await nurse.request(command, visit=visit))["type"] == "ack"
        assert (await nurse.request("visit.end", visit=visit, asyncPhaseDays=0, chargeForVisit=False))["type"] == "ack"
        closed = await patient.expect(lambda e: e["type"] == "visit.event" and e["event"]["kind"] == "closed")
        assert closed["event"]["reason"] == "endedWithoutAsyncPhase"
        refused = await patient.request("message.send", visit=visit, text="Hallå?")
        assert refused["code"] == "conflict" and refused["reason"] == "closed"
        for client in (nurse, patient):
            await client.close()
    run(scenario())


def test_fifty_staff_accepting_at_once_have_exactly_one_winner(care):
    async def scenario():
        patient = await CareClient.connect(care.ws_url, patient_token("patient-lisa"), name="patient")
        visit = await seek_care(patient)
        nurses = [await CareClient.connect(care.ws_url, staff_token(f"staff-{i}"), name=f"n{i}") for i in range(50)]
        for nurse in nurses:
            await nurse.expect("welcome")
        ids = await asyncio.gather(*(nurse.send("visit.accept", visit=visit) for nurse in nurses))
        answers = await asyncio.gather(*(nurse.answer(i) for nurse, i in zip(nurses, ids)))
        winners = [a for a in answers if a["type"] == "ack"]
        losers = [a for a in answers if a["type"] == "error"]
        assert len(winners) == 1, answers
        assert len(losers) == 49 and all(a["code"] == "conflict" and a["reason"] == "already_accepted" for a in losers)
        accepted = await patient.expect(lambda e: e["type"] == "visit.event" and e["event"]["kind"] == "accepted")
        assert accepted["seq"] == 2
        for client in nurses + [patient]:
            await client.close()
    run(scenario())


def test_staff_who_had_a_waiting_visit_open_are_told_when_a_colleague_accepts_it(care):
    async def scenario():
        patient = await CareClient.connect(care.ws_url, patient_token("patient-lisa"), name="patient")
        visit = await seek_care(patient)
        anna = await CareClient.connect(care.ws_url, staff_token("staff-anna"), name="anna")
        sara = await CareClient.connect(care.ws_url, staff_token("staff-sara"), name="sara")
        opened = await sara.send("visit.open", visit=visit)
        assert (await sara.expect(lambda e: e.get("id") == opened))["type"] == "visit"
        assert (await anna.request("visit.accept", visit=visit))["type"] == "ack"
        accepted = await sara.expect(lambda e: e["type"] == "visit.event" and e["event"]["kind"] == "accepted")
        ended = await sara.expect("visit.unsubscribed")
        assert ended == {"type": "visit.unsubscribed", "visit": visit, "reason": "access_ended"}
        assert accepted["seq"] == 2
        # Nothing more comes, and the visit is no longer hers to open.
        assert (await anna.request("visit.start", visit=visit))["type"] == "ack"
        assert (await sara.request("visit.open", visit=visit))["code"] == "forbidden"
        assert not any(e.get("visit") == visit and e["type"] == "visit.event" for e in sara.events)
        # The patient and the responsible nurse keep the visit.
        await patient.expect(lambda e: e["type"] == "visit.event" and e["event"]["kind"] == "started")
        assert not any(e["type"] == "visit.unsubscribed" for e in patient.events + anna.events)
        for client in (patient, anna, sara):
            await client.close()
    run(scenario())

def test_a_patient_cannot_read_another_patients_visit(care):
    async def scenario():
        pia = await CareClient.connect(care.ws_url, patient_token("patient-pia"), name="pia")
        visit = await seek_care(pia)
        olle = await CareClient.connect(care.ws_url, patient_token("patient-olle"), name="olle")
        await olle.expect("welcome")
        for command, fields in [("visit.open", {}), ("visit.history", {}), ("message.send", {"text": "hej"}),
                                ("read", {"upTo": 1}), ("visit.accept", {})]:
            answer = await olle.request(command, visit=visit, **fields)
            assert answer["type"] == "error" and answer["code"] == "not_found", (command, answer)
        # A staff member of another unit does not see it either; a patient may not watch queues.
        other = await CareClient.connect(care.ws_url, staff_token("staff-x", units=["vc-lovsta"]), name="other")
        await other.expect("welcome")
        assert (await other.request("visit.open", visit=visit))["code"] == "not_found"
        assert (await olle.request("queue.subscribe", **QUEUE))["code"] == "forbidden"
        for client in (pia, olle, other):
            await client.close()
    run(scenario())


def test_resume_after_reconnect_gets_exactly_what_was_missed(care):
    async def scenario():
        nurse = await CareClient.connect(care.ws_url, staff_token("staff-anna"), name="nurse")
        token = patient_token("patient-pia")
        patient = await CareClient.connect(care.ws_url, token, hello=True, name="patient")
        visit = await seek_care(patient)
        await nurse.expect("welcome")
        for command in ("visit.accept", "visit.start"):
            await nurse.request(command, visit=visit)
        last = (await patient.expect(lambda e: e["type"] == "visit.event" and e["event"]["kind"] == "message"))["seq"]
        await patient.close()
        sent = [(await nurse.request("message.send", visit=visit, text=f"meddelande {i}"))["seq"] for i in range(5)]
        assert sent == list(range(last + 1, last + 6))
        back = await CareClient.connect(care.ws_url, token, hello=True, resume={visit: last}, name="back")
        await back.expect("welcome")
        await back.expect(lambda e: e["type"] == "visit" and e["visit"] == visit)
        seqs = [(await back.expect("visit.event"))["seq"] for _ in sent]
        assert seqs == sent
        # Nothing more (no duplicate): a fresh command's answer comes next in order.
        ping = await back.send("visit.history", visit=visit, limit=1)
        history = await back.expect(lambda e: e.get("id") == ping)
        assert history["events"][0]["seq"] == sent[-1]
        assert not [e for e in back.events if e["type"] == "visit.event"]
        # A seq beyond the log cannot be resumed: reload, never a silent gap.
        again = await CareClient.connect(care.ws_url, token, hello=True, resume={visit: 999}, name="again")
        assert (await again.expect("reload"))["visit"] == visit
        for client in (nurse, back, again):
            await client.close()
    run(scenario())


def test_resending_a_message_with_the_same_id_never_duplicates(care):
    async def scenario():
        patient, nurse, visit = await visit_in_progress(care.ws_url, patient_token("patient-pia"), staff_token("staff-anna"))
        first = await patient.request("message.send", id="m-1", visit=visit, text="Hej")
        second = await patient.request("message.send", id="m-1", visit=visit, text="Hej")
        assert first["type"] == second["type"] == "ack" and first["seq"] == second["seq"]
        hid = await patient.send("visit.history", visit=visit)
        history = await patient.expect(lambda e: e.get("id") == hid)
        texts = [e["event"]["text"] for e in history["events"] if e["event"]["kind"] == "message"]
        assert texts.count("Hej") == 1
        await patient.close()
        await nurse.close()
    run(scenario())


def test_a_failed_resume_entry_names_its_visit(care):
    async def scenario():
        pia = await CareClient.connect(care.ws_url, patient_token("patient-pia"), name="pia")
        visit = await seek_care(pia)
        # Olle resumes Pia's visit (and one that never existed): each error names its visit.
        olle = await CareClient.connect(care.ws_url, patient_token("patient-olle"), hello=True,
                                        resume={visit: 1, "v-never": 3}, name="olle")
        errors = [await olle.expect("error"), await olle.expect("error")]
        assert sorted(e["visit"] for e in errors) == sorted([visit, "v-never"])
        assert all(e["code"] == "not_found" and "id" not in e for e in errors)
        assert not any(e["type"] == "visit" for e in olle.events)
        for client in (pia, olle):
            await client.close()
    run(scenario())

def test_tokens_are_checked_and_expiry_closes_with_4001(care):
    async def scenario():
        bad = await CareClient.connect(care.ws_url, "not.a.token", name="bad")
        error = await bad.expect("error")
        assert error["code"] == "unauthorized"
        assert (await bad.wait_closed())[0] == 4001
        forged = await CareClient.connect(care.ws_url, patient_token("patient-pia") + "x", hello=True, name="forged")
        assert (await forged.expect("error"))["code"] == "unauthorized"
        silent = await CareClient.connect(care.ws_url, None, name="silent")
        refused = await silent.request("visit.create", contactReason="x")
        assert refused["code"] == "unauthorized" and (await silent.wait_closed())[0] == 4001
        # Expiry during a session. `exp` is whole seconds: rounded up from the exact time (not
        # truncated), the token has at least `window` seconds left. The welcome must come before
        # it runs out; a machine too loaded for that gets a second try with a generous window,
        # so the time the welcome took decides nothing (it is recorded).
        for window in (3, DEADLINE):
            started = time.time()
            exp = math.ceil(started) + int(window)
            short = await CareClient.connect(care.ws_url, patient_token("patient-pia", exp=exp), name="short")
            first = await short.expect(lambda e: e["type"] in ("welcome", "error"))
            if first["type"] == "welcome":
                break
            assert window != DEADLINE, f"no welcome within {DEADLINE}s of a fresh token: {first}"
            await short.wait_closed()
        record(f"token expiry: welcome {1000 * (time.time() - started):.0f} ms after connecting, window {window}s")
        assert first["expiresAt"] == exp * 1000 and first["serverTime"] < exp * 1000, first
        error = await short.expect("error", timeout=window + DEADLINE)
        assert error["code"] == "unauthorized" and "id" not in error, error  # the session's own end, no command
        assert (await short.wait_closed())[0] == 4001
        assert time.time() >= exp, "the session ended before its token expired"  # one clock: the server's
    run(scenario())


def test_the_subprotocol_is_required(care):
    async def scenario():
        with pytest.raises(Exception) as raised:
            await CareClient.connect(care.ws_url, patient_token("patient-pia"), subprotocols=())
        assert "400" in str(raised.value)
    run(scenario())


async def board_barrier(nurse: CareClient) -> dict:
    """A round trip through the queue's board that comes after whatever the server did before it
    was sent. Presence news is posted to every loop when a device's close is handled (before the
    server's close frame goes out); the board's snapshot for a new queue.subscribe leaves only after
    its audit record committed and the result came back through the board loop's mailbox, behind
    that news. So any presence event the news made for this nurse is in `nurse.events` when the
    snapshot arrives (one connection's frames arrive in order)."""
    qid = await nurse.send("queue.subscribe", **QUEUE)
    snapshot = await nurse.expect(lambda e: e.get("id") == qid)
    assert snapshot["type"] == "queue", snapshot
    return snapshot


def test_presence_follows_the_patients_devices(care):
    async def scenario():
        nurse = await CareClient.connect(care.ws_url, staff_token("staff-anna"), name="nurse")
        await nurse.expect("welcome")
        qid = await nurse.send("queue.subscribe", **QUEUE)
        await nurse.expect(lambda e: e.get("id") == qid)
        token = patient_token("patient-pia")
        phone = await CareClient.connect(care.ws_url, token, name="phone")
        visit = await seek_care(phone)
        await nurse.expect("queue.added")
        laptop = await CareClient.connect(care.ws_url, token, name="laptop")
        await laptop.expect("welcome")
        await phone.close()
        # The server's close frame came back, so it handled the close before the barrier.
        assert phone.closed and phone.closed[0] == 1000, phone.closed
        snapshot = await board_barrier(nurse)
        assert [(e["visit"], e["patientOnline"]) for e in snapshot["entries"]] == [(visit, True)]
        assert not [e for e in nurse.events if e["type"] == "presence"]  # still online on the laptop
        # Positive control: the last device leaving is seen by the same check, already there
        # when the barrier's answer arrives (no waiting for it).
        await laptop.close()
        assert laptop.closed and laptop.closed[0] == 1000, laptop.closed
        snapshot = await board_barrier(nurse)
        assert [(e["visit"], e["patientOnline"]) for e in snapshot["entries"]] == [(visit, False)]
        offline = [e for e in nurse.events if e["type"] == "presence"]
        assert offline == [{"type": "presence", "patient": "patient-pia", "online": False}]
        await nurse.close()
    run(scenario())


def test_reads_of_patient_data_are_audited(care):
    async def scenario():
        patient = await CareClient.connect(care.ws_url, patient_token("patient-pia"), name="patient")
        visit = await seek_care(patient)
        nurse = await CareClient.connect(care.ws_url, staff_token("staff-anna"), name="nurse")
        await nurse.expect("welcome")
        qid = await nurse.send("queue.subscribe", **QUEUE)
        await nurse.expect(lambda e: e.get("id") == qid)
        oid = await nurse.send("visit.open", visit=visit)
        await nurse.expect(lambda e: e.get("id") == oid)
        hid = await nurse.send("visit.history", visit=visit)
        await nurse.expect(lambda e: e.get("id") == hid)
        await nurse.request("visit.close", visit=visit)
        await nurse.close()
        await patient.close()
        return visit
    visit = run(scenario())
    # The disconnect's record is written after the close, with nobody to ack it: wait (with a
    # deadline) until the last records are committed, then check everything.
    seen = []

    def records():
        rows = query(care.db, "SELECT actor, actor_kind, actor_unit, patient_id, action FROM audit_log "
                     "WHERE visit_id = ? AND actor = 'staff-anna' ORDER BY id", visit)
        queue_rows = query(care.db, "SELECT action, actor_unit, detail FROM audit_log WHERE actor = 'staff-anna' "
                           "AND visit_id IS NULL ORDER BY id")
        seen[:] = [rows, queue_rows]
        done = rows and rows[-1][-1] == "visit.close" and queue_rows and queue_rows[-1][0] == "queue.unsubscribe"
        return (rows, queue_rows) if done else None
    rows, queue_rows = wait_for(records, what=lambda: f"the audit records of visit.close and of the disconnect "
                                                      f"(committed: {seen})")
    assert rows == [("staff-anna", "staff", "vc-bjorkdalen", "patient-pia", "visit.open"),
                    ("staff-anna", "staff", "vc-bjorkdalen", "patient-pia", "visit.history"),
                    ("staff-anna", "staff", "vc-bjorkdalen", "patient-pia", "visit.close")]
    # A queue subscription is one record when it starts and one when it ends (here: disconnect).
    assert queue_rows == [("queue.subscribe", "vc-bjorkdalen", "norrsken/vc-bjorkdalen/nurse"),
                          ("queue.unsubscribe", "vc-bjorkdalen", "norrsken/vc-bjorkdalen/nurse disconnected")]


def test_commands_beyond_the_rate_limit_are_refused(care):
    async def scenario():
        patient = await CareClient.connect(care.ws_url, patient_token("patient-pia"), name="patient")
        visit = await seek_care(patient)
        await patient.close()
        return visit
    visit = run(scenario())
    # 120 commands in one write: the server reads them in one go, at one instant of its clock,
    # so the bucket (a burst of 60) cannot refill between them however slow the machine is.
    ws = RawWS(care.host, care.port, path=f"/ws?token={patient_token('patient-pia')}",
               extra={"Sec-WebSocket-Protocol": "carewire.v1"})
    try:
        ids = [f"r-{i}" for i in range(120)]
        ws.send_raw(b"".join(frame(OP_TEXT, json.dumps({"type": "read", "id": i, "visit": visit, "upTo": 1}).encode())
                             for i in ids))
        answers = {}
        while len(answers) < len(ids):
            f = ws.recv_frame()
            assert f is not None, f"closed after {len(answers)} answers"
            event = json.loads(f[3])
            if event.get("id") in ids and event["type"] in ("ack", "error"):
                answers[event["id"]] = event
    finally:
        ws.close()
    limited = [i for i in ids if answers[i]["type"] == "error" and answers[i]["code"] == "rate_limited"]
    assert limited and len(limited) < 120
    assert ids[:len(ids) - len(limited)] == [i for i in ids if i not in limited]  # the first ones pass


def test_triage_sets_the_priority_of_a_waiting_visit(start_server, tmp_path):
    server = start_server(*care_flags(str(tmp_path / "care.db")), "--triage-key", "triage-key-0123456789")

    async def scenario():
        nurse = await CareClient.connect(server.ws_url, staff_token("staff-anna"), name="nurse")
        await nurse.expect("welcome")
        qid = await nurse.send("queue.subscribe", **QUEUE)
        await nurse.expect(lambda e: e.get("id") == qid)
        patient = await CareClient.connect(server.ws_url, patient_token("patient-pia"), name="patient")
        first = await seek_care(patient, reason="Hosta")
        second = await seek_care(patient, reason="Bröstsmärta")
        await nurse.expect(lambda e: e["type"] == "queue.added" and e["visit"] == second and e["position"] == 2)
        auth = {"Authorization": "Bearer triage-key-0123456789"}
        post = lambda body, headers=auth: asyncio.to_thread(
            http_json, server.host, server.port, "POST", "/triage/priority", body, headers)
        status, answer = await post({"visit": second, "priority": 1})
        assert status == 200 and answer["visit"] == second and answer["seq"] == 2
        updated = await nurse.expect("queue.updated")
        assert updated["visit"] == second and updated["priority"] == 1 and updated["position"] == 1
        assert (await patient.expect(lambda e: e["type"] == "position" and e["visit"] == first))["position"] == 2
        assert (await post({"visit": second, "priority": 1}, {"Authorization": "Bearer wrong"}))[0] == 401
        assert (await post({"visit": "no-such-visit", "priority": 1}))[0] == 404
        assert (await post({"visit": second, "priority": 9}))[0] == 400
        assert (await post(b"{not json"))[0] == 400
        await nurse.request("visit.accept", visit=second)
        status, answer = await post({"visit": second, "priority": 2})
        assert status == 409, answer  # a clinician has the case: triage no longer decides
        for client in (nurse, patient):
            await client.close()
    run(scenario())


def test_demo_login_lists_people_and_mints_tokens(start_server, tmp_path):
    server = start_server("--demo", "--database", str(tmp_path / "demo.db"))
    status, people = http_json(server.host, server.port, "GET", "/demo/people")
    assert status == 200 and {"id": "patient-pia", "name": "Pia Persson"} in people["patients"]
    assert people["careProvider"] == {"id": "norrsken", "name": "Vårdbolaget Norrsken"}
    assert any(s["id"] == "staff-anna" and s["role"] == "nurse" for s in people["staff"])
    status, minted = http_json(server.host, server.port, "POST", "/demo/token", {"subject": "staff-anna"})
    assert status == 200 and minted["expiresAt"] > 0
    assert http_json(server.host, server.port, "POST", "/demo/token", {"subject": "nobody"})[0] == 404

    async def scenario():
        nurse = await CareClient.connect(server.ws_url, minted["token"], name="nurse")
        assert (await nurse.expect("welcome"))["principal"]["name"] == "Anna Berg"
        # A fresh demo store starts with waiting visits, the longest-waiting flagged by age.
        qid = await nurse.send("queue.subscribe", **QUEUE)
        entries = (await nurse.expect(lambda e: e.get("id") == qid))["entries"]
        while len(entries) < 2:  # the seeds may still be committing: they then arrive live
            entries.append(await nurse.expect("queue.added"))
        entries.sort(key=lambda e: (e["priority"], e["arrivedAt"]))
        assert [e["contactReason"] for e in entries] == ["Urinvägsinfektion", "Ont i örat"]
        assert entries[1]["arrivedAt"] < entries[0]["arrivedAt"]
        await nurse.close()
    run(scenario())


def test_without_demo_the_demo_endpoints_do_not_exist(care):
    assert http_json(care.host, care.port, "GET", "/demo/people")[0] == 404
    assert http_json(care.host, care.port, "POST", "/triage/priority", {"visit": "x", "priority": 1})[0] == 404


def test_accepting_notifies_the_patient_through_the_outbox(care):
    async def scenario():
        patient = await CareClient.connect(care.ws_url, patient_token("patient-pia"), name="patient")
        visit = await seek_care(patient)
        nurse = await CareClient.connect(care.ws_url, staff_token("staff-anna"), name="nurse")
        assert (await nurse.request("visit.accept", visit=visit))["type"] == "ack"
        for client in (nurse, patient):
            await client.close()
        return visit
    visit = run(scenario())
    # The sender works on its own thread; wait (with a deadline) for the row to be marked sent.
    rows = wait_for(lambda: query(care.db, "SELECT recipient, channel, template, payload, sent_ms FROM notification_outbox "
                                  "WHERE sent_ms IS NOT NULL"), what="the notification marked sent")
    assert len(rows) == 1
    recipient, channel, template, payload, _ = rows[0]
    assert (recipient, channel, template) == ("patient:patient-pia", "sms", "visit.accepted")
    assert visit in payload.decode() if isinstance(payload, bytes) else visit in payload
    wait_for(lambda: "notification sent" in care.log_tail(20000), what="the log channel's line")


def test_per_user_connection_limit_and_bad_frames(care):
    async def scenario():
        token = patient_token("patient-pia")
        devices = [await CareClient.connect(care.ws_url, token, name=f"d{i}") for i in range(16)]
        for device in devices:
            await device.expect("welcome")
        extra = await CareClient.connect(care.ws_url, token, name="extra")
        refused = await extra.expect("error")
        assert refused["code"] == "rate_limited"
        assert (await extra.wait_closed())[0] == 1008
        # Another person is not affected; a device leaving frees a place.
        other = await CareClient.connect(care.ws_url, patient_token("patient-olle"), name="other")
        await other.expect("welcome")
        await devices.pop().close()
        again = await CareClient.connect(care.ws_url, token, name="again")
        await again.expect("welcome")
        # Bad commands are answered and the connection stays; a binary frame closes with 1003.
        await again.ws.send("{not json")
        assert (await again.expect("error"))["reason"] == "malformed"
        await again.ws.send('{"type":"visit.teleport","id":"x-1"}')
        unknown = await again.expect("error")
        assert unknown["reason"] == "unknown_type" and unknown["id"] == "x-1"
        hid = await again.send("inbox.subscribe")
        assert (await again.answer(hid))["code"] == "forbidden"  # patients have no inbox
        await again.ws.send(b"\x00\x01")
        assert (await again.wait_closed())[0] == 1003
        for client in devices + [other]:
            await client.close()
    run(scenario())


def test_the_async_phase_runs_out_and_closes_the_visit(start_server, tmp_path):
    """The end of the async phase, end to end: a visit ended with 1 day, the server restarted
    with its clock two days ahead (--clock-offset-ms, for tests), closes it as expired."""
    db = str(tmp_path / "care.db")
    day = 86_400_000
    patient_jwt = patient_token("patient-pia", ttl=5 * 86_400)
    nurse_jwt = staff_token("staff-anna", ttl=5 * 86_400)
    first = start_server(*care_flags(db))

    async def before():
        patient, nurse, visit = await visit_in_progress(first.ws_url, patient_jwt, nurse_jwt)
        ended = await nurse.request("visit.end", visit=visit, asyncPhaseDays=1, chargeForVisit=False)
        assert ended["type"] == "ack"
        await patient.request("message.send", visit=visit, text="Tack!")
        for client in (nurse, patient):
            await client.close()
        return visit
    visit = run(before())
    assert first.stop()[1] is None
    later = start_server(*care_flags(db), "--clock-offset-ms", str(2 * day))

    async def after():
        patient = await CareClient.connect(later.ws_url, patient_jwt, name="patient")
        await patient.expect("welcome")
        oid = await patient.send("visit.open", visit=visit)
        snapshot = await patient.expect(lambda e: e.get("id") == oid and e["type"] == "visit")
        if snapshot["state"] != "closed":
            closed = await patient.expect(lambda e: e["type"] == "visit.event" and e["event"]["kind"] == "closed")
            assert closed["actor"] == {"kind": "system"}
        hid = await patient.send("visit.history", visit=visit, limit=1)
        last = (await patient.expect(lambda e: e.get("id") == hid))["events"][-1]
        assert last["event"] == {"kind": "closed", "reason": "asyncPhaseExpired"}
        refused = await patient.request("message.send", visit=visit, text="Hallå igen")
        assert refused["code"] == "conflict" and refused["reason"] == "closed"
        nurse = await CareClient.connect(later.ws_url, nurse_jwt, name="nurse")
        await nurse.expect("welcome")
        iid = await nurse.send("inbox.subscribe")
        inbox = await nurse.expect(lambda e: e.get("id") == iid)
        assert [item["visit"] for item in inbox["ended"]] == [visit] and inbox["inbox"] == []
        for client in (nurse, patient):
            await client.close()
    run(after())


def test_store_counters_are_on_metrics_and_a_second_server_on_the_database_is_refused(care):
    import os
    import subprocess
    from helpers import http_get

    async def scenario():
        patient, nurse, visit = await visit_in_progress(care.ws_url, patient_token("patient-pia"), staff_token("staff-anna"))
        assert (await patient.request("message.send", id="m-1", visit=visit, text="Hej"))["type"] == "ack"
        await patient.close()
        await nurse.close()
    run(scenario())
    status, _, body = http_get(care.host, care.port, "/metrics")
    assert status == 200
    values = {}
    for line in body.decode().splitlines():
        if line.startswith("carewire_store_"):
            name, value = line.split(" ")
            values[name] = float(value)
    assert values["carewire_store_commits_total"] >= 1
    assert values["carewire_store_committed_requests_total"] >= values["carewire_store_commits_total"]
    assert values["carewire_store_failed_commits_total"] == 0
    assert values["carewire_store_commit_seconds_total"] > 0
    assert values["carewire_store_ledger_fingerprints"] >= 1  # m-1
    assert "carewire_store_queued_requests" in values
    # One process writes a database: a second one exits with a clear reason instead of
    # believing it owns the same visits.
    binary = os.environ.get("CAREWIRE_BIN", ".build/debug/carewire")
    second = subprocess.run([binary, "serve", "--port", "0", *care_flags(care.db)],
                            capture_output=True, text=True, timeout=30)
    assert second.returncode != 0
    assert "another process writes this database" in second.stderr + second.stdout
