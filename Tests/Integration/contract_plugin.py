"""pytest plugin (pytest.ini: `-p contract_plugin`): the contract check's bookkeeping for a run.

- A test fails if any of its connections saw a frame off the contract (contract.py) that its
  client did not already raise in an `expect` or `close` (e.g. one that came after the last).
- At the end of the run, .build/reports/contract-frames.txt counts every frame checked, by view
  and type, the off-contract commands by outcome, and the violations.
"""
from __future__ import annotations

import pytest

import contract

REPORT = contract.REPO / ".build" / "reports" / "contract-frames.txt"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    contract.begin_test()
    try:
        return (yield)
    finally:
        pending = contract.end_test()
        if pending:
            raise AssertionError(f"{len(pending)} frame(s) off the carewire.v1 contract (docs/asyncapi.yaml), "
                                 f"not raised by the test's clients: " + " | ".join(pending[:3]))


def pytest_sessionfinish(session, exitstatus):
    if not sum(contract.TALLY.frames.values()):
        return  # no carewire.v1 frame in this run (e.g. -k http): keep the last full report
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(contract.TALLY.report(), encoding="utf-8")


def pytest_terminal_summary(terminalreporter):
    tally = contract.TALLY
    if sum(tally.frames.values()):
        terminalreporter.write_line(
            f"contract: {sum(tally.frames.values())} carewire.v1 frames checked against docs/asyncapi.yaml, "
            f"{len(tally.violations)} violations (.build/reports/contract-frames.txt)")
