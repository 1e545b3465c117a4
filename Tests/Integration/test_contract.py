"""The contract validator's own positive controls (no server): docs/asyncapi.yaml is strict, and
contract.py rejects what it must and accepts the golden frames.

If these pass, a frame the integration tests see that breaks the contract fails its test; if one
of them fails, the validator might be waving frames through.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

import contract
from contract import CONTRACT, ContractCheck

FIXTURES = contract.REPO / "Tests" / "WireTests" / "Fixtures"
FIXTURE_FILES = sorted(FIXTURES.glob("*.json"))


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def problems(frame, view: str) -> list[str]:
    return [f"{path}: {what}" for path, what in CONTRACT.check(frame, view)[1]]


def rejected(frame, view: str, *expected: str) -> None:
    found = problems(frame, view)
    assert found, f"the validator accepted {frame} in the {view} view"
    for text in expected:
        assert any(text in p for p in found), (text, found)


# --- The golden frames --------------------------------------------------------------------------

def test_there_are_golden_frames():
    assert len(FIXTURE_FILES) >= 37


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.name)
def test_each_golden_frame_validates_against_its_view(path: Path):
    view = contract.fixture_view(path)
    frame, parse_problems = contract.parse(path.read_text(encoding="utf-8"))
    name, schema_problems = CONTRACT.check(frame, view)
    assert not parse_problems and not schema_problems, (path.name, view, parse_problems, schema_problems)
    assert name == path.name.removesuffix(".json"), (path.name, name)  # the file is named after its message


def test_every_message_has_its_golden_frame_as_its_example():
    """The document's examples are the golden frames (byte for byte the fixtures), and valid."""
    by_name = {p.name.removesuffix(".json"): json.loads(p.read_text(encoding="utf-8")) for p in FIXTURE_FILES}
    for name, message in CONTRACT.messages.items():
        if not name.startswith(("command.", "event.")):
            continue
        examples = [e["payload"] for e in message.get("examples", [])]
        assert examples, f"{name} has no example"
        for example in examples:
            assert not list(CONTRACT.validator(name).iter_errors(example)), (name, example)
        if name in by_name:
            assert by_name[name] in examples, f"{name}: its example is not Fixtures/{name}.json"


# --- The document is strict ---------------------------------------------------------------------

def _object_schemas(node, path="#"):
    if isinstance(node, dict):
        if node.get("type") == "object":
            yield path, node
        for key, value in node.items():
            yield from _object_schemas(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _object_schemas(value, f"{path}/{index}")


def test_every_object_schema_of_the_care_protocol_is_closed():
    care = {"messages": {k: v["payload"] for k, v in CONTRACT.messages.items() if k.startswith(("command.", "event."))},
            "schemas": CONTRACT.document["components"]["schemas"]}
    open_ones = [path for path, schema in _object_schemas(care)
                 if schema.get("additionalProperties") is not False
                 and not (path.endswith("/resume") and "additionalProperties" in schema)]  # a map: seq per visit id
    assert not open_ones, open_ones
    assert len(list(_object_schemas(care))) > 40


def test_the_schemas_are_draft_7():
    CONTRACT.validator("event.visit").check_schema(CONTRACT.document["components"]["schemas"]["Seq"])
    for name in CONTRACT.messages:
        CONTRACT.validator(name).check_schema(CONTRACT.messages[name]["payload"])


def test_each_view_has_one_message_per_type():
    staff, patient = CONTRACT.by_type["staff"], CONTRACT.by_type["patient"]
    assert {"queue", "queue.added", "queue.updated", "queue.removed", "inbox", "inbox.updated",
            "presence", "directory.units", "directory.people"} <= staff.keys()
    assert not {"queue", "queue.added", "queue.updated", "queue.removed", "inbox", "inbox.updated",
                "presence", "directory.units", "directory.people"} & patient.keys()
    assert "position" in patient and "position" not in staff
    for frame_type in ("welcome", "visit", "visit.event", "history", "typing", "receipt"):
        assert staff[frame_type] != patient[frame_type], frame_type  # two views
    assert len(CONTRACT.by_type["command"]) == 19


# --- Positive controls: what must be rejected ---------------------------------------------------

def test_a_misspelt_field_is_rejected():
    command = fixture("command.visit.create")
    command["contactreason"] = command.pop("contactReason")
    rejected(command, "command", "'contactreason' was unexpected", "'contactReason' is a required property")
    # An optional field misspelt: the server would silently ignore it; the contract does not.
    command = fixture("command.visit.history")
    command["befor"] = command.pop("before")
    rejected(command, "command", "'befor' was unexpected")


def test_an_unknown_field_is_rejected_in_commands_events_and_nested_objects():
    rejected({**fixture("command.message.send"), "urgent": True}, "command", "'urgent' was unexpected")
    rejected({**fixture("event.ack"), "extra": 1}, "staff", "'extra' was unexpected")
    visit_event = fixture("event.visit.event")
    visit_event["event"]["note"] = "x"
    rejected(visit_event, "staff", "event: Additional properties", "'note' was unexpected")
    queue = fixture("event.queue")
    queue["entries"][0]["ward"] = "7"
    rejected(queue, "staff", "entries.0: Additional properties")


def test_a_missing_required_field_is_rejected():
    message = fixture("event.visit.event")
    message["event"] = {"kind": "message", "clientMessageId": "c-17"}
    rejected(message, "staff", "event: 'text' is a required property")
    rejected({k: v for k, v in fixture("command.visit.end").items() if k != "chargeForVisit"}, "command",
             "'chargeForVisit' is a required property")
    rejected({k: v for k, v in fixture("command.visit.end").items() if k != "asyncPhaseDays"}, "command",
             "'asyncPhaseDays' is a required property")
    staff_snapshot = fixture("event.visit")
    del staff_snapshot["text"]
    rejected(staff_snapshot, "staff", "'text' is a required property")
    ended = fixture("event.history")
    del ended["events"][2]["event"]["chargeForVisit"]
    rejected(ended, "staff", "events.2.event: 'chargeForVisit' is a required property")
    rejected({k: v for k, v in fixture("event.error").items() if k != "reason"}, "staff",
             "'reason' is a required property")


def test_staff_only_state_is_rejected_in_a_patients_frames():
    snapshot = fixture("event.visit.patient")
    assert not problems(snapshot, "patient")
    rejected({**snapshot, "priority": 3}, "patient", "'priority' was unexpected")
    rejected({**snapshot, "responsible": {"id": "staff-anna", "name": "Anna Berg", "role": "nurse"}}, "patient",
             "responsible: Additional properties", "'id' was unexpected")
    created = fixture("event.visit.event.patient")
    rejected({**created, "event": {**created["event"], "priority": 3}}, "patient", "event:", "'priority' was unexpected")
    rejected({**created, "event": {**created["event"], "text": "Ont i halsen."}}, "patient", "'text' was unexpected")
    rejected({**created, "actor": {"kind": "staff", "id": "staff-anna"}}, "patient", "actor:", "'id' was unexpected")
    rejected({**created, "event": {"kind": "priorityChanged", "from": 3, "to": 2}}, "patient",
             "kind 'priorityChanged' is not allowed")
    rejected({**created, "event": {"kind": "markedDone"}}, "patient", "kind 'markedDone' is not allowed")
    ended = fixture("event.history.patient")
    ended["events"][2]["event"]["chargeForVisit"] = True
    rejected(ended, "patient", "'chargeForVisit' was unexpected")
    # The staff view's receipt and typing name staff by id.
    rejected({**fixture("event.receipt"), "by": {"kind": "staff", "id": "staff-anna"}}, "patient", "by:",
             "'id' was unexpected")
    rejected(fixture("event.typing"), "patient", "'id' was unexpected")
    for staff_only in ("event.queue", "event.queue.added", "event.inbox", "event.inbox.updated", "event.presence"):
        rejected(fixture(staff_only), "patient", "is not a message of the patient view")
    rejected(fixture("event.welcome"), "patient", "principal:")  # a staff principal on a patient's connection
    # The same frames are fine in the staff view: the check is by view, not by field name.
    assert not problems({**fixture("event.visit"), "priority": 3}, "staff")


def test_bounds_enums_and_integers_are_enforced():
    create = fixture("command.visit.create")
    rejected({**create, "contactReason": "ä" * 101}, "command", "202 UTF-8 bytes, more than 200")  # 101 characters
    assert not problems({**create, "contactReason": "ä" * 100}, "command")
    rejected({**create, "contactReason": "   "}, "command", "does not match")
    rejected({**create, "priority": 0}, "command", "less than the minimum of 1")
    rejected({**fixture("command.visit.priority"), "priority": 100}, "command", "greater than the maximum of 99")
    rejected({**fixture("command.read"), "upTo": -1}, "command", "less than the minimum of 0")
    rejected({**fixture("command.read"), "upTo": 2**64}, "command", "greater than the maximum")
    rejected({**fixture("command.read"), "upTo": 4.0}, "command", "is not of type 'integer'")
    rejected({**fixture("command.visit.history"), "limit": 201}, "command", "greater than the maximum of 200")
    rejected({**fixture("command.visit.end"), "asyncPhaseDays": 366}, "command", "greater than the maximum of 365")
    rejected({**fixture("command.visit.open"), "visit": "v" * 129}, "command", "is too long")
    rejected({**fixture("command.typing"), "id": "é" * 33}, "command", "66 UTF-8 bytes, more than 64")
    rejected({**fixture("command.queue.subscribe"), "role": "surgeon"}, "command", "is not one of")
    rejected({**fixture("event.error"), "code": "teapot"}, "staff", "is not one of")
    rejected({**fixture("event.error"), "reason": "because"}, "staff", "reason: 'because' is not one of")
    rejected({**fixture("event.error"), "code": "not_found"}, "staff", "should not be valid")  # no reason there
    rejected({**fixture("event.visit.unsubscribed"), "reason": "bored"}, "staff", "is not one of")
    rejected({**fixture("event.visit.patient"), "state": "waiting"}, "patient")  # waiting, yet a clinician
    rejected({"type": "visit.teleport", "id": "x"}, "command", "is not a message of commands")


def test_frames_that_are_not_one_strict_json_object_are_rejected():
    assert contract.parse('{"type":"ack","id":"a","id":"b"}')[1] == ["duplicate key 'id'"]
    assert contract.parse('{"type":"ack","id":"a","seq":NaN}')[1] == ["NaN is not JSON"]
    assert contract.parse("[1]")[1] == ["a frame is one JSON object"]
    assert contract.parse(b"\x00")[1]
    assert contract.parse("{not json")[1][0].startswith("not JSON")


# --- The connection ledger ----------------------------------------------------------------------

def frames(*items) -> list[str]:
    return [json.dumps(item) for item in items]


def test_a_received_frame_off_the_contract_is_raised_once():
    check = ContractCheck("patient", "control", tally=contract.Tally())
    check.received(json.dumps(fixture("event.visit.patient")))
    check.raise_violations()  # clean
    check.received(json.dumps({**fixture("event.visit.patient"), "priority": 3}))
    with pytest.raises(AssertionError, match="priority"):
        check.raise_violations()
    check.raise_violations()  # raised once


def test_an_off_contract_command_must_be_refused_by_the_server():
    check = ContractCheck("staff", "control", tally=contract.Tally())
    check.sent(json.dumps({"type": "visit.end", "id": "e-1", "visit": "v-1", "asyncPhaseDays": 7}))
    check.received(json.dumps({"type": "error", "id": "e-1", "code": "invalid", "reason": "missing_charge_decision",
                               "message": "invalid command: missing_charge_decision", "visit": "v-1"}))
    check.raise_violations()  # refused: the server agrees with the contract
    check.sent(json.dumps({"type": "read", "id": "r-1", "visit": "v-1", "upTo": 1, "uptTo": 2}))
    check.received(json.dumps({"type": "ack", "id": "r-1", "visit": "v-1"}))
    with pytest.raises(AssertionError, match="performed an off-contract read"):
        check.raise_violations()
    # A documented leniency: visit.create's priority outside --demo.
    patient = ContractCheck("patient", "lenient", tally=check.tally)
    patient.sent(json.dumps({"type": "visit.create", "id": "c-1", "contactReason": "Halsont", "priority": 0}))
    patient.received(json.dumps({"type": "ack", "id": "c-1", "visit": "v-2"}))
    patient.raise_violations()


def test_a_view_unknown_until_the_welcome_is_taken_from_it():
    check = ContractCheck(None, "no-token", tally=contract.Tally())
    welcome = copy.deepcopy(fixture("event.welcome"))
    check.received(json.dumps(welcome))
    assert check.view == "staff"
    check.received(json.dumps(fixture("event.visit.patient")))  # a patient's snapshot on a staff connection
    with pytest.raises(AssertionError, match="staff view"):
        check.raise_violations()
