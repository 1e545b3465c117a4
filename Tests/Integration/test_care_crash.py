"""Nothing acknowledged is ever lost: the whole server is SIGKILLed 20 times in the middle of a
stream of pipelined messages; after every restart each acked message is in the visit's log
exactly once, the seqs are gap-free, and resending unacked messages never duplicates one.
"""
from __future__ import annotations

import asyncio
import os
import random
import signal

import pytest

from care_client import CareClient, care_flags, patient_token, run, staff_token
from conftest import ServerProcess, default_flags

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
    unacked: list[str] = []        # sent, no ack seen before the kill
    counter = 0
    resent = 0                     # messages sent again after a kill left them unacked

    async def round_(url: str, visit: str, ack_target: int) -> None:
        nonlocal counter, resent
        resent += len(unacked)
        patient = await CareClient.connect(url, patient_jwt, name="p")
        await patient.expect("welcome")
        # Resend whatever the last crash left unacked, with the same ids, then new ones.
        # At most the per-connection command burst (60), so the rate limit never answers.
        pending = list(unacked)
        while len(pending) < 60:
            counter += 1
            pending.append(f"m-{counter}")
        ack_target = min(ack_target, len(pending))
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
                acked.setdefault(event["id"], event["seq"])
        unacked[:] = [m for m in pending if m not in acked]

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
    assert resent > 0, "no kill hit a message in flight: the test did not test resends"
    print(f"{KILLS} kills: {len(acked)} acked messages all in the log once; {resent} resends; log ends at seq {seqs[-1]}")
