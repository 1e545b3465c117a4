"""One patient cannot bury the queue (issue 21 item 4): open visits and creations per hour are capped.

Defaults: 2 visits waiting, accepted or in progress per patient; 10 creations per patient and hour.
"""
from __future__ import annotations

import asyncio

import pytest

from care_client import CareClient, care_flags, patient_token, run, staff_token

pytestmark = pytest.mark.carewire_only("the care protocol")

QUEUE = {"unit": "vc-bjorkdalen", "role": "nurse"}


def test_sixteen_connections_creating_at_once_get_at_most_the_cap(care):
    async def scenario():
        token = patient_token("patient-flood")
        clients = [await CareClient.connect(care.ws_url, token, name=f"flood{i}") for i in range(16)]
        for client in clients:
            await client.expect("welcome")
        # 16 connections × 5 creates, all sent before any answer comes back.
        ids = {client: [await client.send("visit.create", contactReason="Halsont", text="x") for _ in range(5)]
               for client in clients}
        answers = [await client.answer(command) for client, commands in ids.items() for command in commands]
        acked = [a for a in answers if a["type"] == "ack"]
        refused = [a for a in answers if a["type"] == "error"]
        assert len(acked) == 2, answers
        assert {(a["code"], a.get("reason")) for a in refused} == {("conflict", "open_visit_limit")}, refused
        # A refusal names an open visit once one is committed (while the others were still in
        # flight there was none to name); a create after the answers always names one.
        assert {a.get("visit") for a in refused} <= {a["visit"] for a in acked} | {None}
        late = await clients[0].request("visit.create", contactReason="Halsont", text="x")
        assert late["code"] == "conflict" and late["visit"] in {a["visit"] for a in acked}, late
        # The queue holds exactly those two.
        nurse = await CareClient.connect(care.ws_url, staff_token("staff-anna"), name="nurse")
        await nurse.expect("welcome")
        qid = await nurse.send("queue.subscribe", **QUEUE)
        queue = await nurse.expect(lambda e: e.get("id") == qid)
        assert sorted(e["visit"] for e in queue["entries"]) == sorted(a["visit"] for a in acked)
        # Positive control: another patient is not held back by this one.
        other = await CareClient.connect(care.ws_url, patient_token("patient-other"), name="other")
        await other.expect("welcome")
        assert (await other.request("visit.create", contactReason="Halsont", text="x"))["type"] == "ack"
        # Ending one frees a place (the async phase does not count as open).
        visit = acked[0]["visit"]
        for command, fields in (("visit.accept", {}), ("visit.start", {}),
                                ("visit.end", {"asyncPhaseDays": 3, "chargeForVisit": False})):
            assert (await nurse.request(command, visit=visit, **fields))["type"] == "ack"
        again = await clients[0].request("visit.create", contactReason="Halsont", text="x")
        assert again["type"] == "ack", again
        for client in clients + [nurse, other]:
            await client.close()

    run(scenario())


def test_creations_per_hour_are_capped(start_server, tmp_path):
    server = start_server(*care_flags(str(tmp_path / "care.db")), "--open-visits-per-patient", "100",
                          "--visits-per-patient-per-hour", "3")

    async def scenario():
        patient = await CareClient.connect(server.ws_url, patient_token("patient-hour"), name="patient")
        await patient.expect("welcome")
        answers = [await patient.request("visit.create", contactReason="Halsont", text="x") for _ in range(5)]
        assert [a["type"] for a in answers] == ["ack", "ack", "ack", "error", "error"], answers
        assert answers[3]["code"] == "rate_limited" and "per hour" in answers[3]["message"]
        await patient.close()

    run(scenario())


def test_the_hourly_count_survives_a_restart(start_server, tmp_path):
    db = str(tmp_path / "care.db")
    flags = (*care_flags(db), "--open-visits-per-patient", "100", "--visits-per-patient-per-hour", "3")
    first = start_server(*flags)

    async def create(server, count):
        patient = await CareClient.connect(server.ws_url, patient_token("patient-hour"), name="patient")
        await patient.expect("welcome")
        answers = [await patient.request("visit.create", contactReason="Halsont", text="x") for _ in range(count)]
        await patient.close()
        return answers

    assert [a["type"] for a in run(create(first, 2))] == ["ack", "ack"]
    assert first.stop() == (0, None)
    second = start_server(*flags)
    # Two of three in this hour are in the store: one more, then the limit (before: three more).
    answers = run(create(second, 2))
    assert [a["type"] for a in answers] == ["ack", "error"], answers
    assert answers[1]["code"] == "rate_limited" and "per hour" in answers[1]["message"]
    # Another patient is not counted against.
    async def other():
        pia = await CareClient.connect(second.ws_url, patient_token("patient-pia", "Pia Persson"), name="pia")
        await pia.expect("welcome")
        answer = await pia.request("visit.create", contactReason="Halsont", text="x")
        await pia.close()
        return answer
    assert run(other())["type"] == "ack"


@pytest.mark.parametrize("value", ["0", "-1", "10001", "x"])
def test_intake_flags_are_checked(start_server, tmp_path, value):
    from test_care_extremes import carewire
    result = carewire("serve", "--port", "0", "--database", str(tmp_path / "x.db"), "--open-visits-per-patient", value)
    assert result.returncode == 2 and "--open-visits-per-patient" in result.stderr, result


def test_a_resend_older_than_the_memory_window_is_answered_from_the_log(care):
    """Memory keeps only the newest 64 client ids of a visit (issue 21 item 7); an older resend
    still gets its original seq (the store's log answers it) and is never stored twice."""
    async def scenario():
        patient = await CareClient.connect(care.ws_url, patient_token("patient-long"), name="patient")
        await patient.expect("welcome")
        visit = (await patient.request("visit.create", contactReason="Halsont", text="x"))["visit"]
        nurse = await CareClient.connect(care.ws_url, staff_token("staff-anna"), name="nurse")
        await nurse.expect("welcome")
        for command in ("visit.accept", "visit.start"):
            assert (await nurse.request(command, visit=visit))["type"] == "ack"
        seqs = {}
        for n in range(100):
            ack = await nurse.request("message.send", id=f"m-{n}", visit=visit, text=f"message {n}")
            assert ack["type"] == "ack", ack
            seqs[n] = ack["seq"]
            if n % 15 == 14:  # stay under the per-connection command rate
                await nurse.close()
                nurse = await CareClient.connect(care.ws_url, staff_token("staff-anna"), name=f"nurse{n}")
                await nurse.expect("welcome")
        for n in (0, 50, 99):  # outside the window, at its edge, inside
            again = await nurse.request("message.send", id=f"m-{n}", visit=visit, text=f"message {n}")
            assert again["type"] == "ack" and again["seq"] == seqs[n], (n, again, seqs[n])
        hid = await nurse.send("visit.history", visit=visit, limit=200)
        history = await nurse.expect(lambda e: e.get("id") == hid)
        texts = [e["event"]["text"] for e in history["events"] if e["event"]["kind"] == "message"]
        assert texts.count("message 0") == 1 and len([t for t in texts if t.startswith("message ")]) == 100
        await nurse.close(); await patient.close()

    run(scenario())
