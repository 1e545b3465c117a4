"""Two answers docs/protocol.md once described otherwise (issue 22: the server was right), and
which errors close the socket. Every frame here is also checked against docs/asyncapi.yaml, as in
every test that uses CareClient."""
from __future__ import annotations

import pytest

from care_client import CareClient, patient_token, run, staff_token

pytestmark = pytest.mark.carewire_only("the care protocol")


async def in_progress(ws_url: str):
    token = patient_token("patient-pia", "Pia Persson")
    patient = await CareClient.connect(ws_url, token, name="patient")
    await patient.expect("welcome")
    visit = (await patient.request("visit.create", contactReason="Halsont", text="Ont i halsen."))["visit"]
    await patient.expect(lambda e: e["type"] == "visit" and e["visit"] == visit)
    nurse = await CareClient.connect(ws_url, staff_token("staff-anna", name="Anna Berg"), name="nurse")
    await nurse.expect("welcome")
    for command in ("visit.accept", "visit.start"):
        assert (await nurse.request(command, visit=visit))["type"] == "ack"
    return token, patient, nurse, visit


def test_read_is_acked_and_the_readers_own_connections_get_the_receipt(care):
    async def scenario():
        token, patient, nurse, visit = await in_progress(care.ws_url)
        welcome_message = await patient.expect(lambda e: e["type"] == "visit.event" and e["event"]["kind"] == "message")
        tablet = await CareClient.connect(care.ws_url, token, name="tablet")  # the patient's second device
        await tablet.expect(lambda e: e["type"] == "visit" and e["visit"] == visit)
        upto = welcome_message["seq"]
        oid = await nurse.send("visit.open", visit=visit)
        await nurse.expect(lambda e: e.get("id") == oid)

        answer = await patient.request("read", visit=visit, upTo=upto)
        assert answer == {"type": "ack", "id": answer["id"], "visit": visit}, answer
        own = {"type": "receipt", "visit": visit, "by": {"kind": "patient", "id": "patient-pia"}, "upTo": upto}
        assert await patient.expect("receipt") == own       # the reader's own connection
        assert await tablet.expect("receipt") == own        # and the reader's other device
        staff_receipt = await nurse.expect("receipt")       # and staff, in the visit's numbering
        assert staff_receipt["by"] == own["by"] and staff_receipt["upTo"] >= upto

        # A mark that does not move is acked at once, and nobody gets a receipt.
        again = await patient.request("read", visit=visit, upTo=upto)
        assert again["type"] == "ack", again
        hid = await patient.send("visit.history", visit=visit, limit=1)
        await patient.expect(lambda e: e.get("id") == hid)
        assert not [e for e in patient.events if e["type"] == "receipt"]
        for client in (patient, tablet, nurse):
            await client.close()
    run(scenario())


def test_errors_leave_the_socket_open_but_unauthorized_and_the_connection_limit(care):
    async def scenario():
        token, patient, nurse, visit = await in_progress(care.ws_url)
        refusals = [
            (patient, "visit.accept", {"visit": visit}, "forbidden"),
            (patient, "visit.open", {"visit": "v-never"}, "not_found"),
            (nurse, "visit.accept", {"visit": visit}, "conflict"),
            (patient, "message.send", {"visit": visit, "text": "   "}, "invalid"),  # off the contract too
            (patient, "inbox.subscribe", {}, "forbidden"),
        ]
        for client, command, fields, code in refusals:
            answer = await client.request(command, **fields)
            assert answer["type"] == "error" and answer["code"] == code, (command, answer)
        for client in (patient, nurse):  # both still answer
            assert (await client.request("message.send", visit=visit, text="Fortfarande här"))["type"] == "ack"
        assert patient.closed is None and nurse.closed is None
        # unauthorized: a command before hello, then 4001.
        anonymous = await CareClient.connect(care.ws_url, None, name="anonymous")
        assert (await anonymous.request("visit.open", visit=visit))["code"] == "unauthorized"
        assert (await anonymous.wait_closed())[0] == 4001
        for client in (patient, nurse):
            await client.close()
    run(scenario())
