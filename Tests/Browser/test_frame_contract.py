"""Positive control of frame_contract.py (no browser): from ChromeDriver's performance log entries
it finds each /ws socket's frames, takes the view from the hello's token, and flags a command or a
received frame off the contract."""
from __future__ import annotations

import base64
import json

import contract
from frame_contract import check_frames


def entry(method: str, **params) -> dict:
    return {"message": json.dumps({"message": {"method": method, "params": params}, "webview": "x"})}


def frame(method: str, request_id: str, payload: dict, opcode: int = 1) -> dict:
    return entry(method, requestId=request_id, timestamp=1.0,
                 response={"opcode": opcode, "mask": method.endswith("Sent"), "payloadData": json.dumps(payload)})


def token(kind: str) -> str:
    claims = base64.urlsafe_b64encode(json.dumps({"kind": kind}).encode()).rstrip(b"=").decode()
    return f"e30.{claims}.sig"


class FakeDriver:
    def __init__(self, entries):
        self.entries = entries

    def get_log(self, kind):
        assert kind == "performance"
        entries, self.entries = self.entries, []
        return entries


def test_the_frames_of_a_patients_socket_are_checked_in_the_patient_view():
    snapshot = {"type": "visit", "visit": "v-1", "lastSeq": 1, "kind": "dropIn", "state": "waiting",
                "contactReason": "Halsont", "arrivedAt": 1, "unit": "vc-bjorkdalen", "role": "nurse"}
    driver = FakeDriver([
        entry("Network.webSocketCreated", requestId="1", url="ws://127.0.0.1:1/ws"),
        entry("Network.webSocketCreated", requestId="2", url="ws://127.0.0.1:1/echo"),  # not carewire.v1
        frame("Network.webSocketFrameSent", "1", {"type": "hello", "id": "h-1", "token": token("patient")}),
        frame("Network.webSocketFrameReceived", "1", snapshot),
        frame("Network.webSocketFrameReceived", "1", {**snapshot, "priority": 3}),  # staff-only
        frame("Network.webSocketFrameSent", "1", {"type": "read", "id": "r-1", "visit": "v-1", "upto": 1}),
        frame("Network.webSocketFrameSent", "2", {"anything": True}),
    ])
    [check] = check_frames(driver, 0, scripted_server=False, tally=contract.Tally())
    assert check.view == "patient"
    assert len(check.violations) == 2, check.violations
    assert "'priority' was unexpected" in check.violations[0]
    assert "sent a command off the contract (read)" in check.violations[1] and "'upto'" in check.violations[1]


def test_a_scripted_servers_frames_are_not_checked_but_what_the_page_sends_is():
    driver = FakeDriver([
        entry("Network.webSocketCreated", requestId="7", url=f"ws://127.0.0.1:1/ws?token={token('staff')}"),
        frame("Network.webSocketFrameReceived", "7", {"type": "welcome", "scripted": True}),
        frame("Network.webSocketFrameSent", "7", {"type": "typing", "id": "t-1"}),  # no visit
    ])
    [check] = check_frames(driver, 1, scripted_server=True, tally=contract.Tally())
    assert check.view == "staff"
    assert len(check.violations) == 1 and "'visit' is a required property" in check.violations[0]
