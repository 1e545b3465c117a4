"""Every integer that comes from the wire, a token or a flag, at the extremes, over the real server.

Each value must get a clear answer (an `error`, an `ack`, a 4001 close for a token, an exit 2 for
a flag), never a crash: after every value the same server must still answer a harmless command.
The positive control of each field is a value in range that the server accepts.
"""
from __future__ import annotations

import subprocess
import time

import pytest

from care_client import CareClient, care_flags, http_json, mint, patient_token, run, staff_token

pytestmark = pytest.mark.carewire_only("the care protocol")

EXTREMES = [0, -1, 2**53, 2**63 - 1, 2**63, 2**64, -(2**63), -(2**63) - 1]
QUEUE = {"unit": "vc-bjorkdalen", "role": "nurse"}


@pytest.fixture
def care(start_server, tmp_path):
    db = str(tmp_path / "care.db")
    server = start_server(*care_flags(db), "--triage-key", "triage-key-0123456789")
    server.db = db
    return server


async def alive(client: CareClient) -> None:
    """The server (and this connection) still answers: a queue subscription round trip."""
    answer = await client.request("queue.unsubscribe", **QUEUE)
    assert answer["type"] == "ack", answer


async def in_progress_visit(ws_url: str):
    patient = await CareClient.connect(ws_url, patient_token("patient-x"), name="patient")
    await patient.expect("welcome")
    ack = await patient.request("visit.create", contactReason="Halsont", text="Ont i halsen.")
    visit = ack["visit"]
    nurse = await CareClient.connect(ws_url, staff_token("staff-x"), name="nurse")
    await nurse.expect("welcome")
    for command in ("visit.accept", "visit.start"):
        assert (await nurse.request(command, visit=visit))["type"] == "ack"
    return patient, nurse, visit


def test_integers_in_commands_at_the_extremes_are_answered_never_a_crash(care):
    async def scenario():
        patient, nurse, visit = await in_progress_visit(care.ws_url)
        # Positive controls: in-range values are accepted.
        assert (await nurse.reply("visit.open", visit=visit, after=1))["type"] == "visit"
        assert (await nurse.request("read", visit=visit, upTo=1))["type"] == "ack"
        assert (await nurse.request("visit.priority", visit=visit, priority=2))["type"] == "ack"
        for value in EXTREMES:
            # Fresh connections per value: the per-connection command rate limit stays out of it.
            nurse_v = await CareClient.connect(care.ws_url, staff_token("staff-x"), name=f"nurse{value}")
            patient_v = await CareClient.connect(care.ws_url, patient_token("patient-x"), name=f"patient{value}")
            cases = [
                (nurse_v, "visit.open", {"visit": visit, "after": value}),
                (nurse_v, "visit.history", {"visit": visit, "before": value}),
                (nurse_v, "visit.history", {"visit": visit, "limit": value}),
                (nurse_v, "read", {"visit": visit, "upTo": value}),
                (nurse_v, "visit.priority", {"visit": visit, "priority": value}),
                (patient_v, "visit.create", {"contactReason": "Halsont", "text": "x", "priority": value}),
            ]
            for client, command, fields in cases:
                answer = await client.reply(command, **fields)
                assert answer["type"] in ("ack", "error", "visit", "history"), (command, fields, answer)
                # Out of range for the field's type: refused. (A patient's own priority in
                # visit.create is ignored outside the demo, so only the type's range counts there.)
                lowest = -(2**63) if command == "visit.create" else 0
                highest = 2**63 if command in ("visit.create", "visit.priority") else 2**64
                if value < lowest or value >= highest:
                    assert answer["type"] == "error", (command, fields, answer)
                await alive(client)
            await nurse_v.close()
            await patient_v.close()
        # visit.end last: a valid value ends the visit.
        for value in EXTREMES:
            answer = await nurse.request("visit.end", visit=visit, asyncPhaseDays=value, chargeForVisit=False)
            if value == 0:
                assert answer["type"] == "ack", answer
            else:
                assert answer["type"] == "error", (value, answer)
            await alive(nurse)
        # hello's resume seqs on a fresh connection.
        for value in EXTREMES:
            client = await CareClient.connect(care.ws_url, patient_token("patient-x"), hello=True,
                                              resume={visit: value}, name=f"resume{value}")
            welcome = await client.expect(lambda e: e["type"] in ("welcome", "error"))
            if 0 <= value < 2**64:
                assert welcome["type"] == "welcome", (value, welcome)
            await alive(client) if welcome["type"] == "welcome" else None
            await client.close()
        await alive(nurse)

    run(scenario())


@pytest.mark.parametrize("claim", ["exp", "iat", "nbf"])
def test_token_times_at_the_extremes_are_unauthorized_never_a_crash(care, claim):
    async def scenario():
        now = int(time.time())
        control = await CareClient.connect(care.ws_url, patient_token("patient-ctrl"), name="control")
        await control.expect("welcome")  # positive control: a token in range is welcomed
        for value in EXTREMES + [2**62, 9_300_000_000_000_000, 1.5, 1e300]:
            claims = {"sub": "patient-y", "kind": "patient", "name": "Y", "pin": "19121212-1212",
                      "exp": now + 3600, "iat": now}
            claims[claim] = value
            client = await CareClient.connect(care.ws_url, mint(claims), hello=True, name=f"{claim}{value}")
            answer = await client.expect(lambda e: e["type"] in ("welcome", "error"))
            in_range = isinstance(value, int) and 0 <= value <= 253_402_300_799
            acceptable = {
                "exp": in_range and value > now,
                "iat": in_range,
                "nbf": in_range and value <= now,
            }[claim]
            if acceptable:
                assert answer["type"] == "welcome", (claim, value, answer)
            else:
                assert answer["type"] == "error" and answer["code"] == "unauthorized", (claim, value, answer)
                closed = await client.wait_closed()
                assert closed[0] == 4001, (claim, value, closed)
            await client.close()
            await alive(control)

    run(scenario())


def test_triage_priority_at_the_extremes(care):
    async def scenario():
        patient = await CareClient.connect(care.ws_url, patient_token("patient-t"), name="patient")
        await patient.expect("welcome")
        visit = (await patient.request("visit.create", contactReason="Halsont", text="x"))["visit"]
        auth = {"Authorization": "Bearer triage-key-0123456789"}
        status, _ = http_json(care.host, care.port, "POST", "/triage/priority", {"visit": visit, "priority": 2}, auth)
        assert status == 200  # positive control
        for value in EXTREMES + [1.5, 1e300]:
            status, body = http_json(care.host, care.port, "POST", "/triage/priority",
                                     {"visit": visit, "priority": value}, auth)
            assert status == 400, (value, status, body)
        await alive(patient)

    run(scenario())


def carewire(*args: str) -> subprocess.CompletedProcess:
    from conftest import _server_command
    binary = _server_command()[0]
    return subprocess.run([binary, *args], capture_output=True, text=True, timeout=20)


@pytest.mark.parametrize("ttl,ok", [("3600", True), ("31622400", True), ("0", False), ("-1", False),
                                    ("31622401", False), ("9300000000000000", False),
                                    ("9223372036854775807", False), ("18446744073709551616", False)])
def test_token_ttl_is_bounded(ttl, ok):
    result = carewire("token", "--demo", "patient-pia", "--ttl", ttl)
    if ok:
        assert result.returncode == 0 and result.stdout.count(".") == 2, result
    else:
        assert result.returncode == 2 and "--ttl" in result.stderr, result


@pytest.mark.parametrize("flag,value", [
    ("--port", "65536"), ("--port", "-1"), ("--loops", "2000"), ("--loops", "18446744073709551616"),
    ("--idle-timeout", "1e300"), ("--ping-interval", "1e300"), ("--ping-timeout", "9223372036854775807"),
    ("--max-connections", "9223372036854775807"), ("--send-queue-limit", "9223372036854775807"),
    ("--max-fragments", "-1"), ("--clock-offset-ms", "-9223372036854775808"),
    ("--clock-offset-ms", "9223372036854775807"), ("--max-request-body", "9223372036854775807"),
])
def test_flags_out_of_range_exit_2_naming_the_flag(flag, value, tmp_path):
    # A value that passed its check would start a server (the run then times out and fails).
    result = carewire("serve", "--port", "0", "--database", str(tmp_path / "x.db"), flag, value)
    assert result.returncode == 2, (flag, value, result)
    assert flag in result.stderr, (flag, value, result.stderr)
