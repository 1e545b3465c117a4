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
    result = yield  # a test that failed on its own keeps its own failure
    contract.end_test("frame(s) not raised by the test's clients")
    return result


pytest_sessionfinish, pytest_terminal_summary = contract.report_hooks(
    REPORT, "Tests/Integration/contract.py (the integration tests)")
