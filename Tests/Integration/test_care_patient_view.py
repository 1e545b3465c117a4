"""What a patient's connection receives (issue 21 item 5, rulings: staff-only state never reaches
a patient): no priority or its changes, no "marked as done", no staff ids (names and titles
only), and a seq without gaps, so nothing staff-only shows even as a hole. Every CareClient with
a patient token checks each frame it receives (`PatientFrameCheck`); this file drives the cases
where the staff-only state changes while the patient watches, resumes and reads."""
from __future__ import annotations

import pytest

from care_client import CareClient, PatientFrameCheck, patient_token, run, staff_token

pytestmark = pytest.mark.carewire_only("the care protocol")


def test_the_frame_check_sees_what_it_looks_for():
    """Positive control of the check every patient connection runs."""
    bad = [
        {"type": "visit", "visit": "v", "lastSeq": 3, "priority": 2},
        {"type": "visit.event", "visit": "v", "seq": 1, "actor": {"kind": "staff", "id": "staff-anna"},
         "event": {"kind": "message", "text": "x"}},
        {"type": "visit.event", "visit": "v", "seq": 1, "actor": {"kind": "staff"}, "event": {"kind": "markedDone"}},
        {"type": "visit.event", "visit": "v", "seq": 1, "actor": {"kind": "staff"},
         "event": {"kind": "accepted", "by": {"id": "staff-anna", "name": "A", "role": "nurse"}}},
        {"type": "queue.added", "visit": "v"},
        {"type": "visit.event", "visit": "v", "seq": 1, "actor": {"kind": "patient", "id": "p"},
         "event": {"kind": "created", "text": "triage"}},
    ]
    for frame in bad:
        check = PatientFrameCheck()
        check(frame)
        assert check.violations, frame
    gap = PatientFrameCheck()
    for seq in (4, 5, 7):
        gap({"type": "visit.event", "visit": "v", "seq": seq, "actor": {"kind": "system"}, "event": {"kind": "x"}})
    assert len(gap.violations) == 1
    fine = PatientFrameCheck()
    fine({"type": "visit.event", "visit": "v", "seq": 2, "actor": {"kind": "staff", "name": "A", "role": "nurse"},
          "event": {"kind": "accepted", "by": {"name": "A", "role": "nurse"}}})
    fine({"type": "receipt", "visit": "v", "by": {"kind": "patient", "id": "p"}, "upTo": 2})
    assert fine.violations == []


def test_staff_only_changes_leave_no_trace_in_the_patients_stream(care):
    async def scenario():
        patient = await CareClient.connect(care.ws_url, patient_token("patient-pia", "Pia Persson"), name="patient")
        await patient.expect("welcome")
        visit = (await patient.request("visit.create", contactReason="Halsont", text="Ont i halsen."))["visit"]
        snapshot = await patient.expect(lambda e: e["type"] == "visit" and e["visit"] == visit)
        assert snapshot["lastSeq"] == 1 and "priority" not in snapshot
        nurse = await CareClient.connect(care.ws_url, staff_token("staff-anna", name="Anna Berg"), name="nurse")
        await nurse.expect("welcome")
        # A priority change while waiting: staff see it, the patient gets nothing (not even a seq).
        assert (await nurse.request("visit.priority", visit=visit, priority=2))["type"] == "ack"
        assert (await nurse.request("visit.accept", visit=visit))["type"] == "ack"
        oid = await nurse.send("visit.open", visit=visit)
        opened = await nurse.expect(lambda e: e.get("id") == oid)
        assert opened["lastSeq"] == 3 and opened["priority"] == 2 and opened["responsible"]["id"] == "staff-anna"
        assert (await nurse.request("visit.start", visit=visit))["type"] == "ack"
        accepted = await patient.expect(lambda e: e["type"] == "visit.event" and e["event"]["kind"] == "accepted")
        assert accepted["seq"] == 2, accepted  # visit seq 3: the priority change (2) is not the patient's
        assert accepted["event"]["by"] == {"name": "Anna Berg", "role": "nurse"}
        assert accepted["actor"] == {"kind": "staff", "name": "Anna Berg", "role": "nurse"}
        welcome_message = await patient.expect(lambda e: e["type"] == "visit.event" and e["event"]["kind"] == "message")
        assert welcome_message["seq"] == 4
        # Staff see the visit's own numbering.
        staff_view = await nurse.expect(lambda e: e["type"] == "visit.event" and e["event"]["kind"] == "message")
        assert staff_view["seq"] == 5 and staff_view["actor"]["id"] == "staff-anna"
        # The patient's message is acked in the patient's numbering; staff get the visit's.
        ack = await patient.request("message.send", visit=visit, text="Hej")
        assert ack["seq"] == 5, ack
        seen = await nurse.expect(lambda e: e["type"] == "visit.event" and e["event"].get("text") == "Hej")
        assert seen["seq"] == 6
        # Read marks: the patient reads up to 5 (its numbering) = visit seq 6 for staff.
        assert (await patient.request("read", visit=visit, upTo=5))["type"] == "ack"
        receipt = await nurse.expect(lambda e: e["type"] == "receipt" and e["by"].get("kind") == "patient")
        assert receipt["upTo"] == 6, receipt
        assert (await nurse.request("read", visit=visit, upTo=6))["type"] == "ack"
        staff_receipt = await patient.expect(lambda e: e["type"] == "receipt" and e["by"].get("kind") == "staff")
        assert staff_receipt["upTo"] == 5 and staff_receipt["by"] == {"kind": "staff", "name": "Anna Berg", "role": "nurse"}
        # End, then "mark as done" (staff-only) and a staff reply: the patient sees the reply next.
        assert (await nurse.request("visit.end", visit=visit, asyncPhaseDays=3, chargeForVisit=True))["type"] == "ack"
        ended = await patient.expect(lambda e: e["type"] == "visit.event" and e["event"]["kind"] == "ended")
        assert ended["seq"] == 6 and "chargeForVisit" not in ended["event"]
        assert (await nurse.request("visit.markDone", visit=visit))["type"] == "ack"
        assert (await nurse.request("message.send", visit=visit, text="Hör av dig"))["type"] == "ack"
        reply = await patient.expect(lambda e: e["type"] == "visit.event" and e["event"].get("text") == "Hör av dig")
        assert reply["seq"] == 7, reply
        await patient.close()

        # Resume in the patient's numbering: after 4 it gets exactly 5, 6, 7, gap-free.
        again = await CareClient.connect(care.ws_url, patient_token("patient-pia", "Pia Persson"), hello=True,
                                         resume={visit: 4}, name="patient-again")
        snap = await again.expect(lambda e: e["type"] == "visit" and e["visit"] == visit)
        assert snap["lastSeq"] == 7 and snap["responsible"] == {"name": "Anna Berg", "role": "nurse"}, snap
        missed = [await again.expect(lambda e: e["type"] == "visit.event") for _ in range(3)]
        assert [e["seq"] for e in missed] == [5, 6, 7], missed
        assert not any(e["type"] == "reload" for e in again.events)
        # History: the patient's page holds the visible events only, numbered 1..7.
        hid = await again.send("visit.history", visit=visit, limit=50)
        page = await again.expect(lambda e: e.get("id") == hid)
        assert [e["seq"] for e in page["events"]] == [1, 2, 3, 4, 5, 6, 7], page
        # Pages of one: never empty because the newest visit events are staff-only (mark as
        # done is the visit's last event here); hasMore until the first, before=0 is empty.
        seen, before = [], None
        while True:
            fields = {"limit": 1} if before is None else {"limit": 1, "before": before}
            hid = await again.send("visit.history", visit=visit, **fields)
            page = await again.expect(lambda e, hid=hid: e.get("id") == hid)
            assert len(page["events"]) == 1, page
            seen.insert(0, page["events"][0]["seq"])
            if not page["hasMore"]:
                break
            before = page["events"][0]["seq"]
        assert seen == [1, 2, 3, 4, 5, 6, 7], seen
        hid = await again.send("visit.history", visit=visit, before=0)
        empty = await again.expect(lambda e: e.get("id") == hid)
        assert empty["events"] == [] and empty["hasMore"] is False, empty
        # Beyond the patient's last seq: reload, as for staff.
        beyond = await CareClient.connect(care.ws_url, patient_token("patient-pia", "Pia Persson"), hello=True,
                                          resume={visit: 8}, name="patient-beyond")
        await beyond.expect(lambda e: e["type"] == "reload" and e["visit"] == visit)
        for client in (again, beyond, nurse):
            await client.close()

    run(scenario())
