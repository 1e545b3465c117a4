"""pytest plugin (Tests/Browser/pytest.ini: `-p frame_contract`): every WebSocket frame the web apps
send and receive in the browser tests, checked against docs/asyncapi.yaml.

ChromeDriver's performance log (`goog:loggingPrefs` performance) carries Chromium's DevTools
events Network.webSocketCreated, webSocketFrameSent and webSocketFrameReceived, with each text
frame's payload. Every Chromium the tests start gets that log (webdriver.Chrome is wrapped here,
so the `chromium` fixture needs no change); at the end of each test's call the frames of every
window are checked with Tests/Integration/contract.py, one ContractCheck per WebSocket on /ws, in
the receiver's view (from the token of the hello the page sends). A violation fails the test.

- The web apps never send a command off the contract on purpose, so any such command fails.
- Frames from the scripted fake server (tests using the `fake` fixture) are the test's own script,
  not the server's, and are not checked; what Web/lib/carewire.js sends to it is.

Counts: .build/reports/contract-frames-browser.txt.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "Integration"))
import contract  # noqa: E402 (after its folder is on the path)

REPORT = contract.REPO / ".build" / "reports" / "contract-frames-browser.txt"
DRIVERS: list = []   # the windows of the current test, in order of creation


def _log_frames_of_every_chrome() -> None:
    from selenium import webdriver
    original = webdriver.Chrome.__init__
    if getattr(original, "carewire_frames", False):
        return

    def init(self, *args, options=None, **kwargs):
        if options is not None:
            prefs = dict(options.capabilities.get("goog:loggingPrefs") or {})
            options.set_capability("goog:loggingPrefs", {**prefs, "performance": "ALL"})
        original(self, *args, options=options, **kwargs)
        DRIVERS.append(self)

    init.carewire_frames = True
    webdriver.Chrome.__init__ = init


_log_frames_of_every_chrome()


def check_frames(driver, window: int, scripted_server: bool,
                 tally: contract.Tally | None = None) -> list[contract.ContractCheck]:
    """The /ws frames `driver` logged since the last call, each socket's in its own ContractCheck
    (counted in `tally`, by default the run's)."""
    sockets: dict[str, contract.ContractCheck | None] = getattr(driver, "carewire_sockets", {})
    driver.carewire_sockets = sockets
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        method, params = message.get("method", ""), message.get("params", {})
        if method == "Network.webSocketCreated":
            url = urlsplit(params.get("url", ""))
            token = parse_qs(url.query).get("token", [None])[0]
            sockets[params["requestId"]] = (contract.ContractCheck(
                contract.token_kind(token), f"window {window} {url.path}", tally=tally, strict_sends=True)
                if url.path == "/ws" else None)
        elif method in ("Network.webSocketFrameSent", "Network.webSocketFrameReceived"):
            check = sockets.get(params.get("requestId"))
            response = params.get("response", {})
            if check is None or response.get("opcode") not in (1, 2):
                continue
            payload = response.get("payloadData", "") if response["opcode"] == 1 else b"binary"
            if method.endswith("Sent"):
                check.sent(payload)
            elif not scripted_server:
                check.received(payload)
    return [check for check in sockets.values() if check is not None]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    contract.begin_test()
    result = yield   # a test that failed on its own keeps its own failure
    scripted = "fake" in item.fixturenames
    for window, driver in enumerate(DRIVERS):
        check_frames(driver, window, scripted)
    contract.end_test("WebSocket frame(s) of the web apps")
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        DRIVERS.clear()   # the chromium fixture has quit them


pytest_sessionfinish, pytest_terminal_summary = contract.report_hooks(
    REPORT, "Tests/Browser/frame_contract.py (the web apps in the browser tests)")
