"""What the web clients must agree with in the server's sources, read from the Swift files
themselves (so a role or a demo contact reason added there shows up here)."""
from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def server_roles() -> list[tuple[str, str]]:
    """(case, Swedish display name) of Sources/Care/Role.swift, in declaration order."""
    text = (REPO / "Sources" / "Care" / "Role.swift").read_text()
    cases = re.findall(r"^\s*case (\w+)\s*$", text, re.M)
    names = dict(re.findall(r'case \.(\w+): "([^"]+)"', text))
    assert cases and set(cases) == set(names), (cases, names)
    return [(c, names[c]) for c in cases]


def demo_waiting_reasons() -> list[str]:
    """The contact reasons of the demo's waiting visits (Sources/Clinic/DemoClinic.swift)."""
    text = (REPO / "Sources" / "Clinic" / "DemoClinic.swift").read_text()
    block = text[text.index("public var waiting"):]
    block = block[:block.index("]\n")]
    reasons = re.findall(r'\("patient-[\w-]+", "([^"]+)"', block)
    assert reasons, block
    return reasons
