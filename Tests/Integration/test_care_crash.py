"""Nothing acknowledged is ever lost: the whole server is SIGKILLed 20 times in the middle of a
stream of pipelined messages; after every restart each acked message is in the visit's log
exactly once, the seqs are gap-free, and resending the previous round's messages (acked or not)
after each kill never duplicates one: an acked one comes back with its original seq.
"""
from __future__ import annotations

import asyncio
import os
import random
import signal

import pytest

from care_client import CareClient, care_flags, patient_token, run, staff_token
from conftest import ServerProcess, default_flags
from helpers import record

pytestmark = pytest.mark.carewire_only("the care protocol")

KILLS = 20


def kill(server: ServerProcess) -> None:
    os.killpg(server.pid, signal.SIGKILL)
    server.proc.wait()
    server.stopped = True
    server._drain.join(timeout=2)
    server.log.close()


def test_acked_messages_survive_twenty_sigkills(tmp_path):
    db = str(tmp_path / "crash.db")
    flags = default_flags() + care_flags(db)
    rng = random.Random(6455)
    patient_jwt = patient_token("patient-pia")

    async def open_visit(url: str) -> str:
        patient = await CareClient.connect(url, patient_jwt, name="setup-patient")
        await patient.expect("welcome")
        visit = (await patient.request("visit.create", contactReason="Krasch", text=""))["visit"]
        nurse = await CareClient.connect(url, staff_token("staff-anna"), name="setup-nurse")
        await nurse.expect("welcome")
        for command in ("visit.accept", "visit.start"):
            assert (await nurse.request(command, visit=visit))["type"] == "ack"
        await nurse.close()
        await patient.close()
        return visit

    acked: dict[str, int] = {}     # client id -> seq
    previous: list[str] = []       # every id the round before the last kill sent
    counter = 0
    resent_acked = 0               # acked ids sent again after a kill: must keep their seq
    resent_in_flight = 0           # ids whose ack had not arrived when the kill came

    async def round_(url: str, visit: str, ack_target: int) -> None:
        nonlocal counter, resent_acked, resent_in_flight
        patient = await CareClient.connect(url, patient_jwt, name="p")
        await patient.expect("welcome")
        # After each kill, resend the whole previous round with the same ids, acked or not:
        # an acked one must come back with its seq (the restarted writer finds it in the log),
        # an unacked one is stored once. Then new ids, up to the per-connection burst (60), so
        # the rate limit never answers. Whether a kill catches messages in flight depends on
        # timing; the resend of acked ones does not, so every round tests idempotency.
        pending = list(previous)
        resent_acked += sum(1 for m in previous if m in acked)
        resent_in_flight += sum(1 for m in previous if m not in acked)
        while len(pending) < 60:
            counter += 1
            pending.append(f"m-{counter}")
        ack_target = min(ack_target + len(previous), len(pending))
        for message_id in pending:
            await patient.send("message.send", id=message_id, visit=visit, text=f"text {message_id}")
        seen = 0
        while seen < ack_target:
            answer = await patient.expect(lambda e: e.get("type") in ("ack", "error") and e.get("id", "").startswith("m-"))
            assert answer["type"] == "ack", answer
            if answer["id"] in acked:
                assert acked[answer["id"]] == answer["seq"], ("a resend got another seq", answer)
            acked[answer["id"]] = answer["seq"]
            seen += 1
        # Acks already on the wire before the kill count too.
        for event in list(patient.events):
            if event.get("type") == "ack" and event.get("id", "").startswith("m-"):
                if event["id"] in acked:
                    assert acked[event["id"]] == event["seq"], ("a resend got another seq", event)
                acked.setdefault(event["id"], event["seq"])
        previous[:] = [m for m in pending if m.startswith("m-")][-30:]

    visit = None
    for attempt in range(KILLS):
        server = ServerProcess(flags, f"crash-{attempt}")
        try:
            if visit is None:
                visit = run(open_visit(server.ws_url))
            run(round_(server.ws_url, visit, rng.randint(5, 40)))
        finally:
            kill(server)

    server = ServerProcess(flags, "crash-final")
    try:
        async def verify():
            patient = await CareClient.connect(server.ws_url, patient_jwt, name="verify")
            await patient.expect("welcome")
            events, before = [], None
            while True:
                fields = {"visit": visit, "limit": 200}
                if before:
                    fields["before"] = before
                hid = await patient.send("visit.history", **fields)
                page = await patient.expect(lambda e: e.get("id") == hid)
                events = page["events"] + events
                if not page["hasMore"]:
                    break
                before = page["events"][0]["seq"]
            await patient.close()
            return events
        events = run(verify())
    finally:
        server.stop()
    seqs = [e["seq"] for e in events]
    assert seqs == list(range(1, len(seqs) + 1)), "the log has a gap"
    by_client = {}
    for event in events:
        client_id = event["event"].get("clientMessageId")
        if client_id:
            assert client_id not in by_client, f"{client_id} stored twice"
            by_client[client_id] = event["seq"]
    missing = {m: s for m, s in acked.items() if by_client.get(m) != s}
    assert not missing, f"acked but not in the log (or at another seq): {list(missing.items())[:5]}"
    assert len(acked) >= KILLS * 5
    # From the third round on, each round resends at least 5 ids acked in the round before.
    assert resent_acked >= (KILLS - 2) * 5, "too few acked messages were resent after a kill"
    record(f"test_care_crash: {KILLS} kills, {len(acked)} acked messages all in the log once, "
           f"{resent_acked} acked and {resent_in_flight} in-flight ids resent after kills, log ends at seq {seqs[-1]}")
