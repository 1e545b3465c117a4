"""Care providers are walled off from each other (issue 21 item 3).

Unit ids and staff ids are issued per care provider, so another provider may use the same ones:
`otherprov` here has a unit `vc-bjorkdalen`, a nurse role and even a `staff-anna`. Each check has its
positive control: the same request by norrsken's own staff sees the data.
"""
from __future__ import annotations

import sqlite3

import pytest

from care_client import CareClient, patient_token, run, staff_token

pytestmark = pytest.mark.carewire_only("the care protocol")

QUEUE = {"unit": "vc-bjorkdalen", "role": "nurse"}


async def subscribed(client: CareClient) -> dict:
    await client.expect("welcome")
    qid = await client.send("queue.subscribe", **QUEUE)
    return await client.expect(lambda e: e.get("id") == qid)


def test_another_providers_same_unit_and_role_sees_nothing_of_the_queue(care):
    async def scenario():
        own = await CareClient.connect(care.ws_url, staff_token("staff-sara"), name="own")
        other = await CareClient.connect(care.ws_url, staff_token("staff-olof", provider="otherprov"), name="other")
        assert (await subscribed(own))["entries"] == []
        other_queue = await subscribed(other)
        assert other_queue["type"] == "queue" and other_queue["entries"] == []
        patient = await CareClient.connect(care.ws_url, patient_token("patient-pia", "Pia Persson"), name="patient")
        await patient.expect("welcome")
        visit = (await patient.request("visit.create", contactReason="Halsont", text="Ont."))["visit"]
        added = await own.expect("queue.added")  # positive control: norrsken's nurse sees it
        assert added["visit"] == visit
        # The other provider's subscriber: no queue.added. Ordered after the create: a round trip
        # through the same board (a resubscription answers after every earlier board change).
        again = await subscribed_again(other)
        assert again["entries"] == [], again
        assert not [e for e in other.events if e.get("type", "").startswith("queue.") or visit in str(e)], other.events
        for command in ("visit.open", "visit.accept", "visit.history"):
            answer = await other.request(command, visit=visit) if command != "visit.open" else \
                await other.expect(lambda e, i=await other.send(command, visit=visit): e.get("id") == i)
            assert answer["type"] == "error" and answer["code"] == "not_found", (command, answer)
        await own.close(); await other.close(); await patient.close()

    async def subscribed_again(client):
        await client.request("queue.unsubscribe", **QUEUE)
        qid = await client.send("queue.subscribe", **QUEUE)
        return await client.expect(lambda e: e.get("id") == qid)

    run(scenario())


def test_the_same_staff_id_under_another_provider_is_someone_else(care):
    async def scenario():
        anna = await CareClient.connect(care.ws_url, staff_token("staff-anna", name="Anna Berg"), name="anna")
        await anna.expect("welcome")
        patient = await CareClient.connect(care.ws_url, patient_token("patient-pia", "Pia Persson"), name="patient")
        await patient.expect("welcome")
        visit = (await patient.request("visit.create", contactReason="Halsont", text="Ont."))["visit"]
        for command in ("visit.accept", "visit.start"):
            assert (await anna.request(command, visit=visit))["type"] == "ack"
        answer = await anna.request("visit.end", visit=visit, asyncPhaseDays=3, chargeForVisit=False)
        assert answer["type"] == "ack", answer
        # Positive control: norrsken's staff-anna, reconnecting, holds the visit and has it in her inbox.
        again = await CareClient.connect(care.ws_url, staff_token("staff-anna", name="Anna Berg"), name="anna2")
        await again.expect("welcome")
        held = await again.expect(lambda e: e.get("type") == "visit" and e.get("visit") == visit)
        assert held["state"] == "asyncPhase"
        iid = await again.send("inbox.subscribe")
        inbox = await again.expect(lambda e: e.get("id") == iid)
        assert visit in str(inbox), inbox
        # otherprov's staff-anna: same id, same unit id, same role. Nothing of it.
        impostor = await CareClient.connect(care.ws_url, staff_token("staff-anna", provider="otherprov", name="Anna Annan"),
                                            name="impostor")
        welcome = await impostor.expect("welcome")
        iid = await impostor.send("inbox.subscribe")
        inbox = await impostor.expect(lambda e: e.get("id") == iid)
        assert inbox["type"] == "inbox" and visit not in str(inbox), inbox
        oid = await impostor.send("visit.open", visit=visit)
        opened = await impostor.expect(lambda e: e.get("id") == oid)
        assert opened["type"] == "error" and opened["code"] == "not_found", opened
        # The welcome opened nothing of norrsken's (it would have come before the inbox answer).
        assert not [e for e in impostor.events if e.get("visit") == visit], impostor.events
        sid = await impostor.send("message.send", visit=visit, text="hej")
        sent = await impostor.expect(lambda e: e.get("id") == sid)
        assert sent["type"] == "error" and sent["code"] == "not_found", sent
        for client in (anna, again, impostor, patient):
            await client.close()
        return welcome

    run(scenario())
    with sqlite3.connect(f"file:{care.db}?mode=ro", uri=True) as db:
        providers = {row[0] for row in db.execute(
            "SELECT actor_provider FROM audit_log WHERE actor = 'staff-anna' AND action = 'inbox.subscribe'")}
    assert providers == {"norrsken", "otherprov"}, providers
