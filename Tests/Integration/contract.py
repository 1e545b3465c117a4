"""carewire.v1's contract, docs/asyncapi.yaml, as a validator of the frames the tests send and receive.

The document is read with PyYAML; each message's payload is checked with jsonschema (Draft 7, the
base of AsyncAPI 3.0's schema format) plus two CareWire rules that Draft 7 cannot say:
`x-maxBytes` (a string's length in UTF-8 bytes, which is what the server counts; maxLength counts
characters) and integers written as integers (Draft 7 takes 1.0 for an integer; the server does not).

Which schema a frame meets follows its direction and the receiver's view: a command sent is checked
against the messages of the operation `sendCommand`, a frame received on a patient's connection
against `receivePatientEvents`, on a staff member's against `receiveStaffEvents`. Within those, the
frame's `type` picks the message (each payload pins its type with `const`).

`ContractCheck` is one connection's ledger (CareClient keeps one); `TALLY` counts every frame of the
run by view and type for .build/reports/contract-frames.txt (contract_plugin.py writes it).

A command that breaks the schema is not always a mistake: tests send out-of-range values on purpose
to see them refused. So an off-contract command is a violation only if the server *accepts* it (an
`ack` or a snapshot answering its id): the contract and the server must agree on what is refused.
The server's documented leniencies are listed in LENIENCIES; frames the server gets wrong, once
found, are listed in KNOWN_SERVER_DEVIATIONS. Those two lists are the only exceptions.
"""
from __future__ import annotations

import base64
import json
from collections import Counter, defaultdict
from pathlib import Path

import yaml
from jsonschema import Draft7Validator, ValidationError, validators
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "docs" / "asyncapi.yaml"
BASE_URI = "urn:carewire:asyncapi"

# The operations whose messages make up each view ("command": what clients send).
OPERATIONS = {"command": "sendCommand", "staff": "receiveStaffEvents", "patient": "receivePatientEvents"}
VIEWS = ("staff", "patient")

# ---------------------------------------------------------------------------------------------
# The only exceptions. Each entry says why; remove it when the reason goes.

# Off-contract commands the server documentedly performs anyway: (command type, field) -> why.
# Such a command may be acked; every other off-contract command must be refused.
LENIENCIES: dict[tuple[str, str], str] = {
    ("visit.create", "priority"): "docs/protocol.md: visit.create's priority is honoured only by a --demo "
                                  "server; otherwise it is ignored, whatever its (64-bit) value",
}

# Frames the server sends although the contract forbids them (server bugs, to be fixed in
# Sources/): (view, message type, JSON path of the failing value as "a.b.0.c") -> the bug. A
# violation there is counted as allowed instead of failing its test.
KNOWN_SERVER_DEVIATIONS: dict[tuple[str, str, str], str] = {}
# ---------------------------------------------------------------------------------------------


def token_kind(token) -> str | None:
    """The `kind` claim of a JWT (unverified: only to know whose connection this is)."""
    if not isinstance(token, str) or token.count(".") != 2:
        return None
    payload = token.split(".")[1]
    try:
        kind = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))).get("kind")
    except (ValueError, AttributeError):
        return None
    return kind if kind in VIEWS else None


def _is_integer(_checker, instance) -> bool:
    return isinstance(instance, int) and not isinstance(instance, bool)


def _max_bytes(_validator, limit, instance, _schema):
    if isinstance(instance, str):
        size = len(instance.encode("utf-8", "surrogatepass"))
        if size > limit:
            yield ValidationError(f"{instance[:32]!r}… is {size} UTF-8 bytes, more than {limit}")


CareWireValidator = validators.extend(
    Draft7Validator, {"x-maxBytes": _max_bytes},
    type_checker=Draft7Validator.TYPE_CHECKER.redefine("integer", _is_integer))


def _pointer(document: dict, ref: str):
    node = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


class Contract:
    """docs/asyncapi.yaml, loaded once: `check(frame, view)` → (message name, [problems])."""

    def __init__(self, path: Path = SPEC):
        self.path = path
        self.document = yaml.safe_load(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(self.document, default_specification=DRAFT7)
        self.registry = Registry().with_resource(BASE_URI, resource)
        self.messages = self.document["components"]["messages"]
        # view -> {frame type -> message name}
        self.by_type: dict[str, dict[str, str]] = {}
        for view, operation in OPERATIONS.items():
            table = {}
            for ref in self.document["operations"][operation]["messages"]:
                component = _pointer(self.document, ref["$ref"])["$ref"]
                name = component.rsplit("/", 1)[1]
                frame_type = self.frame_type(name)
                assert frame_type not in table, f"{operation}: two messages of type {frame_type}"
                table[frame_type] = name
            self.by_type[view] = table
        self._validators: dict[str, CareWireValidator] = {}

    def frame_type(self, name: str) -> str:
        """The `type` a message's payload pins (`const`, directly or in an allOf branch)."""
        payload = self.messages[name]["payload"]
        for schema in [payload, *payload.get("allOf", [])]:
            const = schema.get("properties", {}).get("type", {}).get("const")
            if const is not None:
                return const
        raise KeyError(f"{name}: its payload pins no type")

    def validator(self, name: str) -> CareWireValidator:
        if name not in self._validators:
            schema = {"$ref": f"{BASE_URI}#/components/messages/{name}/payload"}
            self._validators[name] = CareWireValidator(schema, registry=self.registry)
        return self._validators[name]

    def message(self, frame, view: str) -> str | None:
        if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
            return None
        return self.by_type[view].get(frame["type"])

    def check(self, frame, view: str) -> tuple[str | None, list[tuple[str, str]]]:
        """The message `frame` is in `view`, and its problems as (JSON path, what) pairs."""
        name = self.message(frame, view)
        if name is None:
            kind = frame.get("type") if isinstance(frame, dict) else type(frame).__name__
            where = "commands" if view == "command" else f"the {view} view"
            return None, [("type", f"{kind!r} is not a message of {where}")]
        return name, [problem for error in self.validator(name).iter_errors(frame)
                      for problem in _explain(error)]

    def check_any_view(self, frame) -> tuple[str | None, list[tuple[str, str]], str | None]:
        """For a connection whose view is not known yet (no token): valid in either view."""
        results = []
        for view in VIEWS:
            name, problems = self.check(frame, view)
            if not problems:
                return name, [], view
            results.append((name, problems, None))
        return min(results, key=lambda r: len(r[1]))


def _path(error: ValidationError) -> str:
    return ".".join(str(p) for p in error.absolute_path) or "(frame)"


def _explain(error: ValidationError) -> list[tuple[str, str]]:
    """A oneOf over kinds fails as "not valid under any": report the branch of the frame's kind."""
    if error.validator in ("oneOf", "anyOf") and error.context:
        branches = defaultdict(list)
        for sub in error.context:
            branches[sub.relative_schema_path[0]].append(sub)
        matching = [errors for errors in branches.values()
                    if not any(list(e.relative_path) == ["kind"] and e.validator in ("const", "enum")
                               for e in errors)]
        if len(matching) == 1:
            return [problem for sub in matching[0] for problem in _explain(sub)]
        if not matching and isinstance(error.instance, dict) and "kind" in error.instance:
            return [(_path(error) + ".kind", f"kind {error.instance['kind']!r} is not allowed here")]
    return [(_path(error), error.message)]


def parse(text) -> tuple[object, list[str]]:
    """A frame's JSON, strictly (no duplicate keys, NaN or Infinity), and what was wrong with it."""
    problems = []
    if isinstance(text, (bytes, bytearray)):
        return None, ["a binary frame (carewire.v1 is JSON text frames only)"]

    def pairs(items):
        keys = [k for k, _ in items]
        for key in {k for k in keys if keys.count(k) > 1}:
            problems.append(f"duplicate key {key!r}")
        return dict(items)

    def constant(name):
        problems.append(f"{name} is not JSON")
        return None

    try:
        frame = json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except ValueError as error:
        return None, [f"not JSON: {error}"]
    if not isinstance(frame, dict):
        problems.append("a frame is one JSON object")
    return frame, problems


class Tally:
    """Every frame checked in this run, by direction or view and by type."""

    def __init__(self):
        self.frames: Counter = Counter()          # (view or "command", type) -> frames
        self.invalid: Counter = Counter()         # (view or "command", type) -> off-contract frames
        self.off_contract: Counter = Counter()    # (outcome, command type) -> commands
        self.deviations: Counter = Counter()      # KNOWN_SERVER_DEVIATIONS key -> frames
        self.violations: list[str] = []           # every violation (also raised in its test)

    def report(self, checked_by: str = "Tests/Integration/contract.py") -> str:
        views = [("command", "sent: commands"), ("staff", "received on staff connections (staff view)"),
                 ("patient", "received on patient connections (patient view)"),
                 ("unknown", "received before the view was known (no token)")]
        lines = [f"carewire.v1 frames checked against {SPEC.relative_to(REPO)} by {checked_by}",
                 f"total: {sum(self.frames.values())} frames, {sum(self.invalid.values())} off the contract, "
                 f"{len(self.violations)} violations", ""]
        for view, title in views:
            types = sorted(t for v, t in self.frames if v == view)
            if not types:
                continue
            lines.append(f"{title}: {sum(n for (v, _), n in self.frames.items() if v == view)}")
            for frame_type in types:
                bad = self.invalid[(view, frame_type)]
                lines.append(f"  {frame_type:<22}{self.frames[(view, frame_type)]:>7}"
                             + (f"   ({bad} off the contract)" if bad else ""))
            lines.append("")
        lines.append("off-contract commands (sent on purpose by tests of refusals), by outcome:")
        outcomes = {"refused": "refused with an error, as the contract requires (by type and code)",
                    "lenient": "performed, as a documented leniency allows (LENIENCIES)",
                    "unanswered": "no answer before the connection closed (typing has none)",
                    "accepted": "performed although off the contract (VIOLATIONS)"}
        for outcome, meaning in outcomes.items():
            count = sum(n for (o, _), n in self.off_contract.items() if o == outcome)
            kinds = ", ".join(f"{t} {n}" for (o, t), n in sorted(self.off_contract.items()) if o == outcome)
            lines.append(f"  {outcome:<11}{count:>6}  {meaning}" + (f": {kinds}" if kinds else ""))
        lines.append("")
        lines.append("known server deviations allowed (KNOWN_SERVER_DEVIATIONS): "
                     + (", ".join(f"{'/'.join(k)} {n}" for k, n in self.deviations.items()) or "none"))
        lines.append("violations: " + ("none" if not self.violations else ""))
        lines += [f"  {v}" for v in self.violations[:50]]
        return "\n".join(lines) + "\n"

    def write(self, path: Path, checked_by: str) -> None:
        """The report, unless the run checked no frame (e.g. -k http: the last full one stays)."""
        if sum(self.frames.values()):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(self.report(checked_by), encoding="utf-8")

    def summary(self, path: Path) -> str | None:
        if not sum(self.frames.values()):
            return None
        return (f"contract: {sum(self.frames.values())} carewire.v1 frames checked against docs/asyncapi.yaml, "
                f"{len(self.violations)} violations ({path.relative_to(REPO)})")


CONTRACT = Contract()
TALLY = Tally()
# The checks made since the current test began (contract_plugin fails the test on any violation
# that its client did not already raise).
LIVE: list["ContractCheck"] = []


class ContractCheck:
    """One connection's frames against the contract: commands it sends, frames it receives in its
    view. `violations` holds what is wrong; CareClient raises them in its next expect or close
    (and contract_plugin at the end of the test)."""

    def __init__(self, view: str | None, name: str = "client", tally: Tally | None = None,
                 strict_sends: bool = False):
        """`view`: "patient" or "staff" (None: taken from the first hello's token or the welcome).
        `tally`: where to count (default: the run's, and the check then belongs to the test).
        `strict_sends`: an off-contract command is a violation at once (for a client that never
        sends one on purpose, like the web apps), not only when the server performs it."""
        self.view = view if view in VIEWS else None
        self.name = name
        self.strict_sends = strict_sends
        self.tally = tally or TALLY
        self.violations: list[str] = []
        self.raised = 0
        # id of an off-contract command (None: its id was unreadable) -> (type, problems)
        self.due_refusal: dict[str | None, tuple[str, list[tuple[str, str]]]] = {}
        if tally is None:
            LIVE.append(self)

    def _violation(self, text: str) -> None:
        message = f"{self.name}: {text}"
        self.violations.append(message)
        self.tally.violations.append(message)

    def sent(self, text: str) -> None:
        frame, problems = parse(text)
        kind = frame.get("type", "?") if isinstance(frame, dict) else "?"
        self.tally.frames[("command", kind)] += 1
        if kind == "hello" and self.view is None:
            self.view = token_kind(frame.get("token"))
        _, schema_problems = CONTRACT.check(frame, "command") if frame is not None else (None, [])
        if not (problems or schema_problems):
            return
        self.tally.invalid[("command", kind)] += 1
        if self.strict_sends:
            self._violation(f"sent a command off the contract ({kind}): "
                            + "; ".join(problems + [f"{p}: {w}" for p, w in schema_problems]) + f" in {_short(text)}")
            return
        frame_id = frame.get("id") if isinstance(frame, dict) else None
        # The server echoes an id it could read (a string of 1-64 UTF-8 bytes); else the error has none.
        readable = isinstance(frame_id, str) and 0 < len(frame_id.encode("utf-8", "surrogatepass")) <= 64
        self.due_refusal[frame_id if readable else None] = (kind, [("(frame)", p) for p in problems] + schema_problems)

    def received(self, text) -> None:
        frame, problems = parse(text)
        kind = frame.get("type", "?") if isinstance(frame, dict) else "?"
        view = self.view
        if frame is not None and view is not None:
            _, schema_problems = CONTRACT.check(frame, view)
        elif frame is not None:
            _, schema_problems, found = CONTRACT.check_any_view(frame)
            if kind == "welcome" and found:
                self.view = found  # the welcome names the principal: its view from now on
        else:
            schema_problems = []
        self.tally.frames[(view or "unknown", kind)] += 1
        all_problems = [("(frame)", p) for p in problems] + schema_problems
        if all_problems:
            self.tally.invalid[(view or "unknown", kind)] += 1
            unexplained = []
            for path, what in all_problems:
                key = (view or "unknown", kind, path)
                if key in KNOWN_SERVER_DEVIATIONS:
                    self.tally.deviations[key] += 1
                else:
                    unexplained.append(f"{path}: {what}")
            if unexplained:
                self._violation(f"received a frame off the contract ({view or 'unknown'} view, {kind}): "
                                f"{'; '.join(unexplained)} in {_short(text)}")
        self._answered(frame, kind)

    def _answered(self, frame, kind: str) -> None:
        if not self.due_refusal or not isinstance(frame, dict):
            return
        frame_id = frame.get("id")
        if frame_id is None and kind != "error":
            return  # a live event answers nothing
        if frame_id not in self.due_refusal:
            return
        command, problems = self.due_refusal.pop(frame_id)
        if kind == "error":  # refused (not always for the contract's reason: the code says why)
            self.tally.off_contract[("refused", f"{command} {frame.get('code')}")] += 1
        elif all(len(path.split(".")) == 1 and (command, path) in LENIENCIES for path, _ in problems):
            self.tally.off_contract[("lenient", command)] += 1
        else:
            self.tally.off_contract[("accepted", command)] += 1
            self._violation(f"the server performed an off-contract {command} (answered {kind}): "
                            + "; ".join(f"{p}: {w}" for p, w in problems))

    def closed(self) -> None:
        for command, _ in self.due_refusal.values():
            self.tally.off_contract[("unanswered", command)] += 1
        self.due_refusal.clear()

    def unraised(self) -> list[str]:
        return self.violations[self.raised:]

    def raise_violations(self) -> None:
        pending = self.unraised()
        if pending:
            self.raised = len(self.violations)
            raise AssertionError(f"{len(pending)} frame(s) off the carewire.v1 contract (docs/asyncapi.yaml): "
                                 + " | ".join(pending[:3]))


def _short(text, limit: int = 400) -> str:
    text = text if isinstance(text, str) else repr(text)
    return text if len(text) <= limit else text[:limit] + f"… ({len(text)} characters)"


def begin_test() -> None:
    LIVE.clear()


def end_test(what: str = "frame(s)") -> None:
    """Fails the test with the violations no client raised during it (e.g. a frame after its
    last expect)."""
    pending = [v for check in LIVE for v in check.unraised()]
    for check in LIVE:
        check.closed()
        check.raised = len(check.violations)
    LIVE.clear()
    if pending:
        raise AssertionError(f"{len(pending)} {what} off the carewire.v1 contract (docs/asyncapi.yaml): "
                             + " | ".join(pending[:3]))


def report_hooks(path: Path, checked_by: str):
    """pytest_sessionfinish and pytest_terminal_summary for a plugin: the run's report at `path`."""
    def pytest_sessionfinish(session, exitstatus):
        TALLY.write(path, checked_by)

    def pytest_terminal_summary(terminalreporter):
        line = TALLY.summary(path)
        if line:
            terminalreporter.write_line(line)

    return pytest_sessionfinish, pytest_terminal_summary


def fixture_view(path: Path) -> str:
    """Which view a golden fixture of Tests/WireTests/Fixtures is: its name is its message's
    (command.*: a command; *.patient.json: the patient view; the rest the staff view, but for
    event.position, which only a patient receives)."""
    name = path.name.removesuffix(".json")
    if name.startswith("command."):
        return "command"
    if name.endswith(".patient"):
        return "patient"
    return "staff" if name in CONTRACT.by_type["staff"].values() else "patient"


if __name__ == "__main__":
    # `python Tests/Integration/contract.py VIEW < frames.jsonl`: check frames, one per line.
    import sys
    view = sys.argv[1] if len(sys.argv) > 1 else "staff"
    bad = 0
    for number, line in enumerate(sys.stdin, 1):
        frame, problems = parse(line)
        name, schema_problems = CONTRACT.check(frame, view) if frame is not None else (None, [])
        for what in problems + [f"{p}: {w}" for p, w in schema_problems]:
            bad += 1
            print(f"line {number} ({name}): {what}")
    sys.exit(1 if bad else 0)
