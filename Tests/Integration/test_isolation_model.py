"""Access is a table, tried at random: a model-based isolation test of carewire.v1.

Random operations by random actors run against the server and, beside it, against a reference
model kept here; after every step every connection's frames are checked: no connection got what
it may not see, and each got exactly what the model says it should. A failure names the seed, the
step, the connection and the frame; the same seed replays the run.

    CAREWIRE_MODEL_OPS=N   operations in all; default 10,000 (what `make test` runs: about a
                           minute on 2 cores, debug build, beside a CI run; 57-91 s measured).
                           The long run: CAREWIRE_MODEL_OPS=100000 (40 servers, ten times as long).
    CAREWIRE_MODEL_SEED=S  replays run S (default: a new seed, printed on failure). A replay
                           makes the same choices: they follow the seed and the model, never the
                           server's visit ids or clock (those only shape what is expected).

The operations are cut into segments of OPS_PER_SERVER, each on a server of its own with a fresh
store: `test_isolation_model[i]` plays segment i with `random.Random(f"{S}:{i}")`.

The world (one segment): four patients (two with two devices), at norrsken two nurses of
vc-bjorkdalen (the queue every visit waits in; one nurse on two devices), a doctor of that unit,
a nurse of vc-lovsta, a billing clerk, and a nurse of another care provider with the same unit id,
role and staff id as one of norrsken's nurses; each connection at the start, then:

- visit.create (patients), visit.open (with or without `after`), visit.close, visit.history,
  visit.accept, visit.start, message.send (and resends of sent messages), read, typing,
  visit.priority, visit.end, visit.markDone on a random visit: one that concerns the actor more
  often, any visit of the server, or a made-up id; queue.subscribe / queue.unsubscribe,
  inbox.subscribe, directory.search / browse / lookup (a directory with people at both
  providers); disconnect, and reconnect with `hello` and `resume` (some resumed ids not the
  connection's, some seqs beyond the log) or with a URL token.
- The model: visits (waiting → accepted → inProgress → asyncPhase / closed; the responsible
  clinician; priority, charge, async inbox tab, read marks, the log in both numberings), which
  connection has which visit open (the server's session bookkeeping included), queue and inbox
  subscriptions. Every answer is the matrix's: COMMANDS of test_permissions.py (the same table as
  docs/permissions.md) gives ack / snapshot / the exact error for (command, actor kind, state);
  the model adds what the matrix leaves to arguments (resends, `read` beyond the log, a priority
  that does not change, "mark as done" with nothing to mark) and every frame the step causes.

After every step:

- A barrier. The server runs `--loops 1`: everything a command causes is written to every socket
  before the command's own answer (test_permissions.py's event scenarios rely on the same). After
  the step's answer (for `typing`, which has none: after a round trip on the typist's connection;
  for a disconnect: after the closing handshake), a round trip on every connection proves that a
  frame that has not come never will. The round trip is a `hello` with the connection's own token
  (a token refresh: the server answers `welcome` on the connection's loop and counts it against
  no command budget, so it costs none of the 20 commands per second a connection may send).
  Pinned to one loop: with several, mail between loops is not ordered with a socket's own input,
  and a queue board or an inbox lives on a loop that a refused actor has no command to reach.
- The check (`Checker`), on each connection's frames of the step: visit frames (`visit`,
  `visit.event`, `history`, `typing`, `receipt`, `reload`) only for a visit the receiver may read
  before or after the step (the matrix's `visit.open` row), `position` only at the waiting visit's
  patient, queue frames only at staff working that queue at their own care provider (and only its
  visits), inbox items only the receiver's own, presence only at staff who can see the patient,
  directory people only of the asker's care provider, no visit or patient id mentioned that the
  receiver may not see; at a patient: no queue, inbox, presence or directory frame, no staff-only
  field (priority, triage text, charge, staff ids, asyncInbox, patientOnline, the personal identity
  number) and no staff-only event (priorityChanged, markedDone); gap-free seqs per visit and
  connection (the patient's numbering at patients). Then completeness: every connection got
  exactly the frames the model expects, each committed event once at each subscriber.
- The checks are tested themselves, without a server: `test_the_checker_rejects` feeds frames it
  must refuse (a queue event or a staff-only field at a patient, a seq gap, another provider's
  visit, ...), `test_the_comparison_rejects_a_missing_or_an_extra_frame` the model's side, so
  neither can pass everything.

Deterministic: waits are on frames with deadlines; the only sleep paces a connection that might
be over its documented command budget (20/s, bursts of 60), so a run never depends on luck there;
`typing` (at most one per second per connection and visit) is expected only when the clock says
the server took it for certain, either way when it cannot tell.
"""
from __future__ import annotations

import asyncio
import json
import os
import random
import re
import secrets
import time
from collections import Counter, defaultdict, deque
from dataclasses import dataclass

import pytest

from care_client import STAFF_ONLY_EVENT_KINDS, CareClient, PatientFrameCheck, care_flags, patient_token, staff_token
from test_permissions import (ACTORS, BILLING, COLLEAGUE, COMMANDS, COMMANDS_WITHOUT_VISIT, NA, OTHER_PATIENT,
                              OTHER_PROVIDER, OTHER_ROLE, OTHER_UNIT, PATIENT, RESPONSIBLE, STATES)

OPS = int(os.environ.get("CAREWIRE_MODEL_OPS", "10000"))
SEED = os.environ.get("CAREWIRE_MODEL_SEED") or str(secrets.randbelow(10**9))
OPS_PER_SERVER = 2500  # a segment's visits stay well below a clinician's 200 held visits (the store's page)
SEGMENTS = max(1, -(-OPS // OPS_PER_SERVER))
RATE, BURST = 20.0, 60.0  # commands per connection (docs/protocol.md, per-user limits)
TYPING_INTERVAL = 1.0  # seconds: one typing per connection and visit
MARGIN = 0.03  # seconds of clock slack around the typing interval

# -- The world ------------------------------------------------------------------------------------

NORRSKEN, OTHERPROV = "norrsken", "otherprov"
QUEUE = (NORRSKEN, "vc-bjorkdalen", "nurse")  # care_flags' intake: every visit waits here
UNITS, ROLES = ("vc-bjorkdalen", "vc-lovsta"), ("nurse", "doctor")


@dataclass(frozen=True)
class Person:
    sub: str
    name: str
    patient: bool = False
    provider: str = NORRSKEN
    unit: str = "vc-bjorkdalen"
    role: str = "nurse"
    rights: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        return ("patient", self.sub) if self.patient else (self.provider, self.sub)

    def token(self) -> str:
        if self.patient:
            return patient_token(self.sub, name=self.name)
        return staff_token(self.sub, role=self.role, units=(self.unit,), provider=self.provider,
                           rights=self.rights, name=self.name)

    def works(self, provider: str, unit: str, role: str) -> bool:
        return not self.patient and (self.provider, self.unit, self.role) == (provider, unit, role)


ALVA, BERT, CLEO, DANA = (Person(f"patient-{first.lower()}", f"{first} {last}", patient=True) for first, last in
                          (("Alva", "Ahlberg"), ("Bert", "Boman"), ("Cleo", "Carlsson"), ("Dana", "Dahl")))
ANNA = Person("staff-anna", "Anna Berg")
KIM = Person("staff-kim", "Kim Lund")
DORIS = Person("staff-doris", "Doris Ek", role="doctor")
LENA = Person("staff-lena", "Lena Holm", unit="vc-lovsta")
NAMESAKE = Person("staff-anna", "Anna Annan", provider=OTHERPROV)  # ANNA's unit id, role and staff id
BO = Person("staff-bo", "Bo Kassa", role="administrator", rights=("billing",))
DEVICES = ((ALVA, 2), (BERT, 2), (CLEO, 1), (DANA, 1), (ANNA, 2), (KIM, 1), (DORIS, 1), (LENA, 1), (NAMESAKE, 1),
           (BO, 1))
STAFF = {person.key: person for person, _ in DEVICES if not person.patient}

DIRECTORY = {"careProviders": [
    {"id": NORRSKEN, "name": "Vardbolaget Norrsken",
     "units": [{"id": "vc-bjorkdalen", "name": "Vardcentralen Bjorkdalen"},
               {"id": "vc-lovsta", "name": "Vardcentralen Lovsta"}],
     "people": [{"id": p.sub, "hsaId": f"SE5599990008-M{n}", "name": p.name, "role": p.role, "units": [p.unit]}
                for n, p in enumerate((ANNA, KIM, DORIS, LENA, BO), 1)]},
    {"id": OTHERPROV, "name": "Annan Vard",
     "units": [{"id": "vc-bjorkdalen", "name": "Annans vardcentral"}],
     "people": [{"id": "staff-anna", "hsaId": "SE2321000016-A1", "name": "Anna Annan", "role": "nurse",
                 "units": ["vc-bjorkdalen"]},
                {"id": "staff-olle", "hsaId": "SE2321000016-A2", "name": "Olle Berg", "role": "doctor",
                 "units": ["vc-bjorkdalen"]}]},
]}
SEARCH_WORDS = ("anna", "berg", "kim", "vard", "bjork", "lovsta", "olle", "annan", "ek", "holm", "xyz")
LOOKUP_IDS = ("staff-anna", "staff-kim", "staff-doris", "staff-lena", "staff-bo", "staff-olle", "staff-nobody")

STAFF_ONLY_KINDS = set(STAFF_ONLY_EVENT_KINDS)
TABS = {"needsAction": "inbox", "noActionRequired": "requiresNoAction", "ended": "ended"}  # inbox tab -> wire name
PATIENT_FRAMES = {"welcome", "ack", "error", "visit", "visit.event", "history", "typing", "receipt", "position",
                  "reload", "visit.unsubscribed"}
READ_FRAMES = {"visit", "visit.event", "history", "typing", "receipt", "reload"}  # about V: for its readers
PATIENT_SNAPSHOT_NEVER = {"text", "patient", "priority", "chargeForVisit", "asyncInbox", "patientOnline"}
VISIT_ID = re.compile(r"\b[0-9a-f]{32}\b")
PATIENT_ID = re.compile(r"patient-[a-z]+")


def directory_people(provider: str) -> list[dict]:
    return next(p["people"] for p in DIRECTORY["careProviders"] if p["id"] == provider)


def directory_search(provider: str, query: str) -> tuple[str, ...]:
    """The directory's rule: every query word starts a word of the name or of a unit's name."""
    part = next(p for p in DIRECTORY["careProviders"] if p["id"] == provider)
    units = {u["id"]: u["name"] for u in part["units"]}
    found = []
    for person in part["people"]:
        words = " ".join([person["name"]] + [units[u] for u in person["units"]]).lower().split()
        if all(any(w.startswith(term) for w in words) for term in query.lower().split()):
            found.append(person["id"])
    return tuple(sorted(found))


# -- The model: visits and the matrix --------------------------------------------------------------

@dataclass(frozen=True)
class Access:
    """What access to a visit depends on (AccessPolicy): its patient, state, clinician, charge."""
    patient: str
    state: str
    responsible: str | None
    charge: bool | None

    @property
    def column(self) -> str:  # the matrix's state column
        charged = self.charge and self.state in ("asyncPhase", "closed")
        return self.state + ("+charge" if charged else "")


def actor_kind(who: Person, access: Access) -> str:
    """Which row of the matrix `who` is for a visit (docs/permissions.md, Actors)."""
    if who.patient:
        return PATIENT if access.patient == who.sub else OTHER_PATIENT
    if who.provider != NORRSKEN:
        return OTHER_PROVIDER
    if access.responsible == who.sub:
        return RESPONSIBLE
    if who.works(*QUEUE):
        return COLLEAGUE
    if "billing" in who.rights:
        return BILLING
    return OTHER_ROLE if who.unit == QUEUE[1] else OTHER_UNIT


def kind_without_visit(who: Person) -> str:
    """The row for commands without a visit (the people of an async-phase visit)."""
    return actor_kind(who, Access("nobody", "waiting", None, None))


def cell(command: str, who: Person, access: Access | None) -> str:
    """The matrix's answer; a visit that does not exist is `not_found` for everyone."""
    if access is None:
        return "not_found"
    answer = COMMANDS[command][actor_kind(who, access)][STATES.index(access.column)]
    assert answer != NA, (command, who, access)
    return answer


def error_key(command_id, answer: str, visit) -> tuple:
    code, _, reason = answer.partition("/")
    return ("error", command_id, code, reason or None, visit)


class Visit:
    def __init__(self, visit_id: str, patient: str, arrived_at: int):
        self.id, self.patient, self.arrived_at = visit_id, patient, arrived_at
        self.state, self.responsible, self.priority, self.charge, self.inbox = "waiting", None, 3, None, None
        self.log: list[tuple[int, str]] = [(1, "created")]  # (visit seq, event kind)
        self.hidden: list[int] = []  # seqs of staff-only events
        self.marks: dict[tuple[str, str], int] = {}  # reader (party) -> read up to (visit seq)
        self.messages: list[tuple[tuple, str, int]] = []  # (author key, client id, seq)
        self.subscribers: set[Connection] = set()  # connections with the visit open (live)

    @property
    def access(self) -> Access:
        return Access(self.patient, self.state, self.responsible, self.charge)

    @property
    def last_seq(self) -> int:
        return len(self.log)

    def patient_seq(self, seq: int) -> int:
        """A visit seq as far as the patient can read: PatientNumbering.patientSeq(readingUpTo:)."""
        return seq - sum(1 for hidden in self.hidden if hidden <= seq)

    def visit_seq(self, patient_seq: int) -> int:
        seq = patient_seq
        for hidden in self.hidden:
            if hidden > seq:
                break
            seq += 1
        return seq

    def last_in(self, patient: bool) -> int:
        return self.patient_seq(self.last_seq) if patient else self.last_seq

    def events_in(self, patient: bool) -> list[tuple[int, str]]:
        """The log as one view numbers it."""
        if not patient:
            return list(self.log)
        return [(self.patient_seq(seq), kind) for seq, kind in self.log if kind not in STAFF_ONLY_KINDS]

    def apply(self, kind: str, data: dict, by: Person) -> int:
        seq = self.last_seq + 1
        self.log.append((seq, kind))
        if kind in STAFF_ONLY_KINDS:
            self.hidden.append(seq)
        if kind == "accepted":
            self.state, self.responsible = "accepted", by.sub
        elif kind == "started":
            self.state = "inProgress"
        elif kind == "message":
            if data.get("id"):
                self.messages.append((by.key, data["id"], seq))
            if by.patient and self.state == "asyncPhase":
                self.inbox = "needsAction"
        elif kind == "priorityChanged":
            self.priority = data["to"]
        elif kind == "ended":
            self.state, self.charge, self.inbox = "asyncPhase", data["charge"], "noActionRequired"
        elif kind == "markedDone":
            self.inbox = "noActionRequired"
        elif kind == "closed":
            self.state, self.inbox = "closed", "ended"
        return seq


def party(who: Person) -> tuple[str, str]:
    return ("patient", who.sub) if who.patient else ("staff", who.sub)


class Expect:
    """The frames each connection must get in one step, as `frame_key`s; `maybe` is a group that
    comes whole or not at all (a typing indicator the clock cannot decide)."""

    def __init__(self):
        self.frames: dict[str, Counter] = defaultdict(Counter)
        self.maybe: dict[str, Counter] = defaultdict(Counter)

    def add(self, connection: "Connection", key: tuple, maybe: bool = False) -> None:
        (self.maybe if maybe else self.frames)[connection.name][key] += 1

    def variants(self):
        yield self.frames
        if self.maybe:
            yield {name: self.frames.get(name, Counter()) + self.maybe.get(name, Counter())
                   for name in set(self.frames) | set(self.maybe)}


class Model:
    """The reference model of one server: its visits (with who has each open) and, through the
    `Connection`s, the queue and inbox watches. Its methods add to an `Expect` what a step makes
    the server send."""

    def __init__(self, connections: list["Connection"]):
        self.connections = connections
        self.visits: dict[str, Visit] = {}
        self.order: list[Visit] = []  # by creation
        self.board: dict[str, int] = {}  # the queue board's places as it last numbered them
        self.before: dict[str, Access | None] = {}  # the visits this step touches, as they were

    # What a person may see, before or after the step (the checker's question)
    def accesses(self, visit_id: str) -> list[Access]:
        now = self.visits.get(visit_id)
        found = [now.access] if now else []
        if self.before.get(visit_id):
            found.append(self.before[visit_id])
        return found

    def touch(self, visit_id: str) -> Visit | None:
        visit = self.visits.get(visit_id)
        self.before[visit_id] = visit.access if visit else None
        return visit

    def may_see(self, who: Person, visit_id: str) -> bool:
        return any(cell("visit.open", who, a) != "not_found" for a in self.accesses(visit_id))

    def may_read(self, who: Person, visit_id: str) -> bool:
        return any(cell("visit.open", who, a) == "visit" for a in self.accesses(visit_id))

    def live(self) -> list["Connection"]:
        return [c for c in self.connections if c.client is not None]

    def queue(self) -> list[Visit]:
        return sorted((v for v in self.order if v.state == "waiting"), key=lambda v: (v.priority, v.arrived_at, v.id))

    def watchers(self, queue=QUEUE) -> list["Connection"]:
        return [c for c in self.live() if queue in c.queues]

    def inbox_watchers(self, responsible: str) -> list["Connection"]:
        return [c for c in self.live() if c.inbox and c.person.key == (NORRSKEN, responsible)]

    def held(self, who: Person) -> list[str]:
        """The visits a (re)connecting person finds opened for them: not closed, their own."""
        if who.patient:
            return [v.id for v in self.order if v.patient == who.sub and v.state != "closed"]
        if who.provider != NORRSKEN:
            return []
        held = [v for v in self.order if v.responsible == who.sub]
        assert len(held) < 200, "a clinician holds 200 visits: the store's page; lower OPS_PER_SERVER"
        return [v.id for v in held if v.state != "closed"]

    # Reads
    def snapshot(self, expect: Expect, c: "Connection", v: Visit, command_id, after) -> None:
        """visit.open granted (or an open at connect): subscribed; the snapshot, the missed
        events after `after` (or a reload), then every reader's mark."""
        patient = c.person.patient
        last = v.last_in(patient)
        if after is not None and after > last:
            expect.add(c, ("reload", v.id))
            after = None
        place = {w.id: n for n, w in enumerate(self.queue(), 1)}.get(v.id)
        expect.add(c, ("visit", command_id, v.id, last, v.state, place))
        if after is not None:
            for seq, kind in v.events_in(patient):
                if seq > after:
                    expect.add(c, ("visit.event", v.id, seq, kind))
        for reader, up_to in v.marks.items():
            expect.add(c, self.receipt(c, v, reader, up_to))
        v.subscribers.add(c)

    def open(self, expect: Expect, c: "Connection", visit_id: str, command_id, after) -> None:
        v = self.visits.get(visit_id)
        answer = cell("visit.open", c.person, v.access if v else None)
        if answer == "visit":
            self.snapshot(expect, c, v, command_id, after)
        else:
            expect.add(c, error_key(command_id, answer, visit_id))
            if answer == "not_found":  # a visit it cannot see does not count towards its open visits
                c.session_visits.discard(visit_id)

    def receipt(self, c: "Connection", v: Visit, reader: tuple[str, str], up_to: int) -> tuple:
        kind, sub = reader
        if not c.person.patient:
            return ("receipt", v.id, f"{kind}:{sub}", up_to)
        if kind == "staff":  # a patient sees staff by name, and only those the visit records
            sub = STAFF[(NORRSKEN, sub)].name if sub == v.responsible else ""
        return ("receipt", v.id, f"{kind}:{sub}", v.patient_seq(up_to))

    def presence(self, expect: Expect, patient: str, online: bool) -> None:
        """Staff with a visit of the patient open, or watching a queue the patient waits in."""
        waits = any(v.patient == patient and v.state == "waiting" for v in self.order)
        told = set()
        for v in self.order:
            if v.patient == patient:
                told |= {c for c in v.subscribers if not c.person.patient}
        if waits:
            told |= set(self.watchers())
        for c in told:
            expect.add(c, ("presence", patient, online))

    # Changes
    def commit(self, expect: Expect, v: Visit, actor: "Connection", bodies: list[tuple[str, dict]],
               command_id: str) -> None:
        """The events `bodies` recorded by `actor`'s command: to the subscribers (each in its
        view), the queue and the patients' places, the clinician's inbox; the ack; then whoever
        may no longer read the visit is unsubscribed."""
        was_waiting, old_priority = v.state == "waiting", v.priority
        subscribers = list(v.subscribers)
        seqs = [(v.apply(kind, data, actor.person), kind) for kind, data in bodies]
        for seq, kind in seqs:
            for c in subscribers:
                if not c.person.patient:
                    expect.add(c, ("visit.event", v.id, seq, kind))
                elif kind not in STAFF_ONLY_KINDS:
                    expect.add(c, ("visit.event", v.id, v.patient_seq(seq), kind))
            if v.inbox:
                for c in self.inbox_watchers(v.responsible):
                    expect.add(c, ("inbox.updated", v.id, TABS[v.inbox]))
        self.queue_change(expect, v, was_waiting, old_priority)
        last = seqs[-1][0] if seqs else None
        if last is not None and actor.person.patient:
            last = v.patient_seq(last)
        expect.add(actor, ("ack", command_id, v.id, last))
        if seqs and any(kind != "message" for _, kind in seqs):
            for c in subscribers:
                if cell("visit.open", c.person, v.access) != "visit":
                    expect.add(c, ("visit.unsubscribed", v.id, "access_ended"))
                    v.subscribers.discard(c)
                    c.session_visits.discard(v.id)

    def queue_change(self, expect: Expect, v: Visit, was_waiting: bool, old_priority: int) -> None:
        waiting = v.state == "waiting"
        if not (was_waiting or waiting) or (was_waiting and waiting and old_priority == v.priority):
            return
        places = {w.id: n for n, w in enumerate(self.queue(), 1)}
        if not was_waiting:
            event = ("queue.added", v.id, places[v.id])
        elif not waiting:
            event = ("queue.removed", v.id)
        else:
            event = ("queue.updated", v.id, places[v.id])
        for c in self.watchers():
            expect.add(c, event)
        for visit_id, place in places.items():  # the board tells each waiting patient their new place
            if self.board.get(visit_id) != place:
                for c in self.visits[visit_id].subscribers:
                    if c.person.patient:
                        expect.add(c, ("position", visit_id, place))
        self.board = places

    def create(self, expect: Expect, visit_id: str, patient: str, arrived_at: int) -> Visit:
        v = Visit(visit_id, patient, arrived_at)
        self.visits[visit_id] = v
        self.order.append(v)
        self.queue_change(expect, v, False, v.priority)
        return v

    def drop(self, c: "Connection") -> None:
        """A connection went: its subscriptions and watches end."""
        for v in self.order:
            v.subscribers.discard(c)
        c.queues.clear()
        c.inbox = False


def transition(command: str, v: Visit, fields: dict, command_id: str) -> list[tuple[str, dict]]:
    """The events an acked command records (Visit+Decide), given that the matrix said `ack`."""
    if command == "visit.accept":
        return [("accepted", {})]
    if command == "visit.start":
        return [("started", {}), ("message", {})]  # and the automatic welcome message
    if command == "message.send":
        return [("message", {"id": command_id})]
    if command == "visit.priority":
        return [] if fields["priority"] == v.priority else [("priorityChanged", {"to": fields["priority"]})]
    if command == "visit.end":
        ended = [("ended", {"charge": fields["chargeForVisit"]})]
        return ended + [("closed", {})] if fields["asyncPhaseDays"] == 0 else ended
    if command == "visit.markDone":
        return [("markedDone", {})] if v.inbox == "needsAction" else []
    raise AssertionError(command)


# -- Frames -------------------------------------------------------------------------------------------

def party_key(by: dict) -> str:
    return f"{by['kind']}:{by.get('id') or by.get('name') or ''}"


def frame_key(f: dict) -> tuple:
    """What the model predicts of a frame."""
    t = f.get("type")
    if t == "welcome":
        return (t,)
    if t == "ack":
        return (t, f.get("id"), f.get("visit"), f.get("seq"))
    if t == "error":
        return (t, f.get("id"), f.get("code"), f.get("reason"), f.get("visit"))
    if t == "visit":
        return (t, f.get("id"), f["visit"], f["lastSeq"], f["state"], f.get("queuePosition"))
    if t == "visit.event":
        return (t, f["visit"], f["seq"], f["event"]["kind"])
    if t == "history":
        return (t, f["id"], f["visit"], tuple(e["seq"] for e in f["events"]), f["hasMore"])
    if t == "queue":
        return (t, f["id"], f["unit"], f["role"], tuple(e["visit"] for e in f["entries"]))
    if t in ("queue.added", "queue.updated", "position"):
        return (t, f["visit"], f["position"])
    if t in ("queue.removed", "reload"):
        return (t, f["visit"])
    if t == "inbox":
        return (t, f["id"]) + tuple(tuple(sorted(i["visit"] for i in f[tab])) for tab in TABS.values())
    if t == "inbox.updated":
        return (t, f["visit"], f["tab"])
    if t == "typing":
        return (t, f["visit"], party_key(f["by"]))
    if t == "receipt":
        return (t, f["visit"], party_key(f["by"]), f["upTo"])
    if t == "presence":
        return (t, f["patient"], f["online"])
    if t == "visit.unsubscribed":
        return (t, f["visit"], f["reason"])
    if t == "directory.people":
        return (t, f["id"], tuple(sorted(p["staff"] for p in f["people"])))
    if t == "directory.units":
        return (t, f["id"], tuple(sorted(u["unit"] for u in f["units"])))
    return (t, json.dumps(f, sort_keys=True))


class Checker:
    """What a connection may never receive, frame by frame, whatever the model expects: the
    isolation rules (the matrix's readers, the patient view) and gap-free seqs per visit."""

    def __init__(self, model: Model):
        self.model = model

    def check(self, c: "Connection", frames: list[dict]) -> list[str]:
        problems = []
        for frame in frames:
            problems += [f"{c.name}: {problem}: {json.dumps(frame, ensure_ascii=False)[:600]}"
                         for problem in self.frame(c, frame)]
        return problems

    def frame(self, c: "Connection", f: dict) -> list[str]:
        who, model, t, visit = c.person, self.model, f.get("type"), f.get("visit")
        raw = json.dumps(f, ensure_ascii=False)
        out = []
        named = c.named  # ids this connection itself named in this step (echoed in answers)
        for mentioned in set(VISIT_ID.findall(raw)) - named:
            if not model.may_see(who, mentioned):
                out.append(f"LEAK: mentions visit {mentioned}, which it may not see")
        for mentioned in set(PATIENT_ID.findall(raw)):
            if who.patient and mentioned != who.sub:
                out.append(f"LEAK: names another patient, {mentioned}")
            elif not who.patient and not any(v.patient == mentioned and model.may_see(who, v.id) for v in model.order):
                out.append(f"LEAK: names patient {mentioned}, none of whose visits it may see")
        if who.patient:
            out += self.patient_view(c, f, raw)
        elif t == "position":
            out.append("LEAK: a patient's queue place at a staff connection")
        if t in READ_FRAMES and not model.may_read(who, visit):
            out.append(f"LEAK: {t} about visit {visit}, which it may not read")
        if t == "visit.unsubscribed" and not model.may_read(who, visit):
            out.append(f"LEAK: {t} about visit {visit}, which it never read")
        if t == "position" and not any(a.patient == who.sub and a.state == "waiting" for a in model.accesses(visit)):
            out.append(f"LEAK: position of visit {visit}, not its own waiting visit")
        if t in ("queue", "queue.added", "queue.updated", "queue.removed"):
            out += self.queue_frame(who, f)
        if t in ("inbox", "inbox.updated"):
            items = [f] if t == "inbox.updated" else [i for tab in TABS.values() for i in f[tab]]
            for item in items:
                v = model.visits.get(item["visit"])
                if who.patient or who.provider != NORRSKEN or v is None or v.responsible != who.sub:
                    out.append(f"LEAK: inbox item {item['visit']} of someone else's inbox")
        if t == "presence" and (who.patient or not any(
                v.patient == f["patient"] and model.may_see(who, v.id) for v in model.order)):
            out.append(f"LEAK: presence of {f['patient']}, whom it may not see")
        if t in ("directory.people", "directory.units"):
            if who.patient:
                out.append("LEAK: the staff directory at a patient")
            else:
                own = {(p["id"], p["hsaId"]) for p in directory_people(who.provider)}
                for person in f.get("people", []):
                    if (person["staff"], person["hsaId"]) not in own:
                        out.append(f"LEAK: {person['staff']} ({person['hsaId']}) is not of its care provider")
        if t == "welcome" and f["principal"]["id"] != who.sub:
            out.append("LEAK: a welcome for someone else")
        out += self.sequence(c, f)
        return out

    def patient_view(self, c: "Connection", f: dict, raw: str) -> list[str]:
        t, out = f.get("type"), []
        if t not in PATIENT_FRAMES:
            out.append(f"LEAK: a {t} frame at a patient connection")
        before = len(c.patient_check.violations)
        c.patient_check(f)  # staff-only frames, keys, event kinds, staff ids, triage text, seq order
        out += [f"LEAK (patient view): {v.split(': {')[0]}" for v in c.patient_check.violations[before:]]
        if t == "visit":
            out += [f"LEAK (patient view): snapshot with staff-only {key}" for key in PATIENT_SNAPSHOT_NEVER & f.keys()]
        if "staff-" in raw:
            out.append("LEAK (patient view): a staff id")
        if t == "visit.unsubscribed" and f["reason"] != "unavailable":
            out.append(f"LEAK (patient view): visit.unsubscribed {f['reason']}")
        return out

    def queue_frame(self, who: Person, f: dict) -> list[str]:
        queue = (who.provider, f["unit"], f["role"])
        if who.patient or not who.works(*queue):
            return [f"LEAK: queue {f['unit']}/{f['role']} at someone who does not work it"]
        visits = [e["visit"] for e in f.get("entries", [])] + ([f["visit"]] if "visit" in f else [])
        return [f"LEAK: {visit} in queue {queue}, where it does not wait" for visit in visits
                if queue != QUEUE or not any(a.state == "waiting" for a in self.model.accesses(visit))]

    @staticmethod
    def sequence(c: "Connection", f: dict) -> list[str]:
        """Per visit, the events after a snapshot come gap-free from its lastSeq (or the `after`
        the open named), and none without an open."""
        t, visit = f.get("type"), f.get("visit")
        if t == "reload":
            c.reloading.add(visit)
        elif t == "visit":
            after = c.after.get(f["id"]) if "id" in f else c.after.get(visit)
            if visit in c.reloading:
                c.reloading.discard(visit)
                after = None
            c.next_seq[visit] = (f["lastSeq"] if after is None else after) + 1
        elif t == "visit.event":
            expected = c.next_seq.get(visit)
            c.next_seq[visit] = f["seq"] + 1
            if expected is None:
                return [f"an event of visit {visit}, which this connection has not open"]
            if f["seq"] != expected:
                return [f"seq {f['seq']} where {expected} was next (a gap or a duplicate)"]
        elif t == "visit.unsubscribed":
            c.next_seq.pop(visit, None)
        return []


# -- The run -----------------------------------------------------------------------------------------

class ModelClient(CareClient):
    """A CareClient whose barrier frames (a hello and its welcome, the same on every step) skip the
    schema check, which would otherwise cost more than the rest of a step."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        checked = self.contract.received
        barrier = '{"type":"welcome","id":"barrier-'
        self.contract.received = lambda text: None if text.startswith(barrier) else checked(text)

    async def peek(self, predicate, what: str) -> dict:
        """The first frame received matching `predicate`, left in `events` (the step checks them all)."""
        return await self.expect(predicate, what=what, keep=True)


class Connection:
    """One device of one person: its client when connected, and the server's session as the model
    keeps it (the visits the session counts, queues, inbox), its budget, and what it has seen."""

    def __init__(self, person: Person, device: int):
        at = "" if person.provider == NORRSKEN else f"@{person.provider}"
        self.person, self.name = person, f"{person.sub}{at}.{device}"
        self.client: ModelClient | None = None
        self.hello = ""
        self.session_visits: set[str] = set()  # SessionGate's session.visits (the 256 limit)
        self.queues: set[tuple[str, str, str]] = set()
        self.inbox = False
        self.tokens, self.tokens_at = BURST, 0.0  # a lower bound of the server's bucket
        self.typed: dict[str, tuple[float, float]] = {}  # visit -> when the server took the last typing (bounds)
        self.next_seq: dict[str, int] = {}
        self.after: dict[str, int | None] = {}  # command id (or visit at connect) -> the open's `after`
        self.reloading: set[str] = set()
        self.named: set[str] = set()
        self.closed_visits: set[str] = set()
        self.resume: dict[str, int] = {}  # what it had open when it went
        self.leftover: list[dict] = []
        self.patient_check = PatientFrameCheck() if person.patient else None

    def take(self) -> list[dict]:
        frames = self.leftover + (self.client.events if self.client else [])
        self.leftover = []
        if self.client:
            self.client.events = []
        return frames


CONNECTION_WEIGHT = {"patient": 1.0, "queue": 1.5, "outsider": 0.7}
OPERATIONS = {  # actor group -> operation -> weight
    "patient": {"create": 10, "open": 8, "close": 4, "history": 5, "send": 14, "resend": 2, "read": 6, "typing": 5,
                "accept": 1, "start": 1, "priority": 1, "end": 1, "markDone": 1, "queue": 1, "unqueue": 1,
                "inbox": 1, "directory": 1, "disconnect": 2},
    "queue": {"accept": 6, "start": 8, "send": 10, "resend": 1, "end": 6, "markDone": 4, "priority": 5, "open": 10,
              "close": 3, "history": 4, "read": 5, "typing": 4, "queue": 4, "unqueue": 2, "inbox": 3,
              "directory": 2, "create": 1, "disconnect": 2},
    "outsider": {"open": 6, "history": 3, "read": 3, "accept": 3, "start": 1, "send": 2, "priority": 2, "end": 1,
                 "markDone": 1, "typing": 2, "close": 2, "queue": 3, "unqueue": 1, "inbox": 2, "directory": 2,
                 "create": 1, "disconnect": 2},
}
TEXTS = ("Hej, jag har ont i halsen.", "Feber sedan i går.", "Tack för hjälpen!", "Hur ska jag ta medicinen?",
         "Kan du skriva ut recept?", "Ont i örat, värre på natten.")


def group(who: Person) -> str:
    return "patient" if who.patient else "queue" if who.works(*QUEUE) else "outsider"


class Run:
    """One segment: its server, model, connections and random choices."""

    def __init__(self, server, segment: int, ops: int):
        self.url, self.segment, self.ops = server.ws_url, segment, ops
        self.seed = f"{SEED}:{segment}"
        self.rng = random.Random(self.seed)
        self.connections = [Connection(person, n) for person, devices in DEVICES for n in range(1, devices + 1)]
        self.model = Model(self.connections)
        self.checker = Checker(self.model)
        self.step_no = 0
        self.recent: deque[str] = deque(maxlen=8)
        self.after_barrier: list = []
        self.counts: Counter = Counter()  # operations
        self.frames: Counter = Counter()  # frames checked, by view and type

    def failure(self, text: str) -> AssertionError:
        return AssertionError(
            f"isolation model: seed {SEED} segment {self.segment}, step {self.step_no} of {self.ops}\n{text}\n"
            f"steps before: {' | '.join(self.recent) or '-'}\n"
            f"replay: CAREWIRE_MODEL_SEED={SEED} CAREWIRE_MODEL_OPS={OPS} pytest "
            f"'Tests/Integration/test_isolation_model.py::test_isolation_model[{self.segment}]'")

    async def play(self) -> None:
        try:
            for c in self.connections:
                await self.step(self.op_connect, c)
            while self.step_no < self.ops:
                await self.step(*self.choose())
        except BaseException:
            for c in self.model.live():
                await c.client.ws.close()
            raise
        for c in self.model.live():
            await c.client.close()

    def choose(self):
        weights = [CONNECTION_WEIGHT[group(c.person)] for c in self.connections]
        c = self.rng.choices(self.connections, weights)[0]
        if c.client is None:
            return self.op_connect, c
        table = OPERATIONS[group(c.person)]
        name = self.rng.choices(list(table), list(table.values()))[0]
        return getattr(self, f"op_{name}"), c

    async def step(self, operation, c: Connection) -> None:
        self.step_no += 1
        self.model.before = {}
        for each in self.connections:
            each.named, each.closed_visits = set(), set()
        expect, self.after_barrier = Expect(), []
        what = f"{operation.__name__} by {c.name}"
        try:
            what = await operation(c, expect)
            self.counts[operation.__name__] += 1
            await self.barrier()
            for learn in self.after_barrier:
                learn()
            problems = self.check(expect)
        except Exception as error:  # noqa: BLE001 - any failure of a step names the seed and the step
            raise self.failure(f"{what}: {type(error).__name__}: {error}") from error
        if problems:
            raise self.failure(f"{what}\n{problems}")
        self.recent.append(what)

    async def barrier(self) -> None:
        """A round trip on every connection (see the module's docstring)."""
        marker = f"barrier-{self.step_no}"
        live = self.model.live()
        for c in live:
            await c.client.ws.send(c.hello.replace("MARKER", marker))
        for c in live:
            await c.client.peek(lambda f: f.get("type") == "welcome" and f.get("id") == marker, "barrier welcome")
            c.client.events = [f for f in c.client.events if f.get("id") != marker]

    def check(self, expect: Expect) -> str | None:
        """The step's frames at every connection: the checker's rules, then the model's frames."""
        problems, received = [], {}
        for c in self.connections:
            frames = received[c.name] = c.take()
            problems += self.checker.check(c, frames)
            for visit in c.closed_visits:
                c.next_seq.pop(visit, None)
            if c.client:
                try:
                    c.client.assert_clean()  # the contract (docs/asyncapi.yaml) and CareClient's own patient check
                except AssertionError as error:
                    problems.append(f"{c.name}: {error}")
        got = {name: Counter(frame_key(f) for f in frames) for name, frames in received.items()}
        for c in self.connections:
            self.frames.update(("patient" if c.person.patient else "staff", f["type"]) for f in received[c.name])
        mismatches = None
        for variant in expect.variants():
            differ = [(name, variant.get(name, Counter()), got[name]) for name in got
                      if variant.get(name, Counter()) != got[name]]
            if mismatches is None or len(differ) < len(mismatches):
                mismatches = differ
        for name, want, have in mismatches or []:
            missing, extra = want - have, have - want
            problems.append(f"{name}: not as the model expects: missing {sorted(missing.elements())}, "
                            f"unexpected {sorted(extra.elements())}")
        if not problems:
            return None
        frames = {name: frames for name, frames in received.items() if frames}
        return ("  " + "\n  ".join(problems) + "\nframes of the step: "
                + json.dumps(frames, ensure_ascii=False)[:6000])

    # -- Sending

    async def command(self, c: Connection, type_: str, id: str | None = None, **fields) -> str:
        """Sends a command within the connection's budget: a lower bound of the server's token
        bucket (it refills at least from our last answer on) must have a token, else we pace."""
        now = time.monotonic()
        tokens = min(BURST, c.tokens + (now - c.tokens_at) * RATE)
        if tokens < 1.5:
            self.counts["paced"] += 1
            await asyncio.sleep((1.5 - tokens) / RATE)
            now = time.monotonic()
            tokens = min(BURST, c.tokens + (now - c.tokens_at) * RATE)
        c.tokens = tokens - 1
        c.tokens_at = now
        if "visit" in fields:
            c.named.add(fields["visit"])
        return await c.client.send(type_, id=id, **fields)

    async def answer(self, c: Connection, command_id: str, types=("ack", "error")) -> dict:
        frame = await c.client.peek(lambda f: f.get("id") == command_id and f.get("type") in types,
                                    f"answer to {command_id}")
        c.tokens_at = time.monotonic()  # the server took the command before this
        return frame

    async def round_trip(self, c: Connection) -> None:
        marker = f"barrier-{self.step_no}-own"
        await c.client.ws.send(c.hello.replace("MARKER", marker))
        await c.client.peek(lambda f: f.get("type") == "welcome" and f.get("id") == marker, "round trip")
        c.client.events = [f for f in c.client.events if f.get("id") != marker]

    # -- Choosing

    def made_up(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"

    def pick(self, prefer=None, made_up: float = 0.08) -> str:
        """A visit id: often one `prefer` likes, else any of the server's, sometimes a made-up one."""
        if self.rng.random() < made_up or not self.model.order:
            return self.made_up()
        liked = [v for v in self.model.order if prefer(v)] if prefer else []
        if liked and self.rng.random() < 0.75:
            return self.rng.choice(liked).id
        return self.rng.choice(self.model.order).id

    def mine(self, c: Connection, states=None):
        who = c.person
        def mine(v: Visit) -> bool:
            own = v.patient == who.sub if who.patient else v.responsible == who.sub and who.provider == NORRSKEN
            return own and (states is None or v.state in states)
        return mine

    def mine_or_waiting(self, c: Connection):
        own = self.mine(c)
        return lambda v: own(v) or (v.state == "waiting" and not c.person.patient)

    # -- Operations: each sends, waits for the answer, updates the model and says what comes

    async def op_connect(self, c: Connection, expect: Expect) -> str:
        who, model = c.person, self.model
        hello = self.rng.random() < 0.7
        resume = dict(c.resume) if hello else {}
        if hello and model.order and self.rng.random() < 0.2:
            resume.setdefault(self.pick(), 1)  # a visit that may not be its own to resume
        if resume and self.rng.random() < 0.1:
            visit = self.rng.choice(list(resume))  # in the model's order: a replay picks the same
            resume[visit] += 1000  # beyond the log: reload
        if who.patient and not any(o.client and o.person == who for o in self.connections):
            model.presence(expect, who.sub, True)
        token = who.token()
        # The client's name prefixes its command ids, which patients see as messages' ids: no person ids.
        c.client = await ModelClient.connect(self.url, token, hello=hello, resume=resume or None,
                                             name=f"m{self.connections.index(c)}")
        c.hello = json.dumps({"type": "hello", "id": "MARKER", "token": token})
        c.session_visits, c.queues, c.inbox = set(), set(), False
        c.tokens, c.tokens_at, c.typed = BURST, time.monotonic(), {}
        c.next_seq, c.reloading, c.resume = {}, set(), {}
        c.named |= set(resume)
        expect.add(c, ("welcome",))
        opens = sorted(set(resume) | set(model.held(who)))[:256]
        c.after = {visit: resume.get(visit) for visit in opens}
        for visit in opens:
            model.touch(visit)
            c.session_visits.add(visit)
            model.open(expect, c, visit, None, resume.get(visit))
        await c.client.peek(lambda f: f.get("type") == "welcome", "welcome")
        for visit in opens:
            await c.client.peek(lambda f: f.get("visit") == visit and "id" not in f and f["type"] in ("visit", "error"),
                                f"the open of {visit} at connect")
        how = f"hello, resume {json.dumps(resume)}" if hello else "token in the URL"
        return f"{c.name} connects ({how}, opens {len(opens)})"

    async def op_disconnect(self, c: Connection, expect: Expect) -> str:
        who, model = c.person, self.model
        if who.patient and not any(o is not c and o.client and o.person == who for o in self.connections):
            model.presence(expect, who.sub, False)
        c.resume = {v.id: c.next_seq[v.id] - 1 for v in model.order if c in v.subscribers and v.id in c.next_seq}
        model.drop(c)
        client, c.client = c.client, None
        await client.close()
        c.leftover = client.events
        return f"{c.name} disconnects"

    async def op_create(self, c: Connection, expect: Expect) -> str:
        who, model = c.person, self.model
        answer_cell = COMMANDS_WITHOUT_VISIT["visit.create"][ACTORS.index(kind_without_visit(who))]
        command_id = await self.command(c, "visit.create", text=self.rng.choice(TEXTS),
                                        contactReason=self.rng.choice(("Halsont", "Feber", "Recept")))
        answer = await self.answer(c, command_id)
        active = [v.id for v in model.order if self.mine(c, ("waiting", "accepted", "inProgress"))(v)]
        if answer_cell != "ack":
            expect.add(c, error_key(command_id, answer_cell, None))
        elif len(active) >= 2:  # --open-visits-per-patient 2: the answer names one of them
            named = answer.get("visit") if answer.get("visit") in active else "one of " + ", ".join(active)
            expect.add(c, ("error", command_id, "conflict", "open_visit_limit", named))
        elif answer["type"] == "ack":
            visit = answer["visit"]
            c.named.add(visit)
            snapshot = await c.client.peek(lambda f: f.get("type") == "visit" and f.get("id") == command_id,
                                           "the new visit")
            model.before[visit] = None
            v = model.create(expect, visit, who.sub, snapshot["arrivedAt"])
            expect.add(c, ("ack", command_id, visit, 1))
            c.session_visits.add(visit)
            model.snapshot(expect, c, v, command_id, None)
            return f"{c.name} creates {visit}"
        else:
            expect.add(c, ("ack", command_id, "(a new visit)", 1))
            return f"{c.name} visit.create"
        return f"{c.name} visit.create (refused: {answer.get('code')}/{answer.get('reason')})"

    async def op_open(self, c: Connection, expect: Expect) -> str:
        visit = self.pick(self.mine_or_waiting(c))
        v = self.model.touch(visit)
        after = None
        if v and self.rng.random() < 0.3:
            last = v.last_in(c.person.patient)
            after = self.rng.choice((self.rng.randint(1, last), last, last + 3))
        fields = {"visit": visit} if after is None else {"visit": visit, "after": after}
        command_id = await self.command(c, "visit.open", **fields)
        c.after[command_id] = after
        await self.answer(c, command_id, ("visit", "error"))
        if visit not in c.session_visits and len(c.session_visits) >= 256:
            expect.add(c, ("error", command_id, "rate_limited", None, None))
        else:
            c.session_visits.add(visit)
            self.model.open(expect, c, visit, command_id, after)
        return f"{c.name} visit.open {visit} after {after}"

    async def op_close(self, c: Connection, expect: Expect) -> str:
        visit = self.pick(lambda v: c in v.subscribers)
        command_id = await self.command(c, "visit.close", visit=visit)
        await self.answer(c, command_id)
        c.session_visits.discard(visit)
        if visit in self.model.visits:
            self.model.visits[visit].subscribers.discard(c)
        c.closed_visits.add(visit)
        expect.add(c, ("ack", command_id, visit, None))
        return f"{c.name} visit.close {visit}"

    async def op_history(self, c: Connection, expect: Expect) -> str:
        visit = self.pick(self.mine_or_waiting(c))
        v = self.model.touch(visit)
        patient = c.person.patient
        before = self.rng.choice((None, None, self.rng.randint(1, v.last_in(patient) + 2))) if v else None
        limit = self.rng.randint(1, 6)
        fields = {"visit": visit, "limit": limit} | ({} if before is None else {"before": before})
        command_id = await self.command(c, "visit.history", **fields)
        await self.answer(c, command_id, ("history", "error"))
        answer = cell("visit.history", c.person, v.access if v else None)
        if answer == "history":
            seqs = [seq for seq, _ in v.events_in(patient) if before is None or seq < before][-limit:]
            expect.add(c, ("history", command_id, visit, tuple(seqs), bool(seqs) and seqs[0] > 1))
        else:
            expect.add(c, error_key(command_id, answer, visit))
        return f"{c.name} visit.history {visit} before {before} limit {limit}"

    async def visit_command(self, c: Connection, expect: Expect, command: str, visit: str, **fields) -> str:
        """A command that may change the visit: the matrix's answer, the state machine's events."""
        v = self.model.touch(visit)
        command_id = await self.command(c, command, visit=visit, **fields)
        await self.answer(c, command_id)
        answer = cell(command, c.person, v.access if v else None)
        if answer == "ack":
            self.model.commit(expect, v, c, transition(command, v, fields, command_id), command_id)
        else:
            expect.add(c, error_key(command_id, answer, visit))
        return f"{c.name} {command} {visit} {json.dumps(fields) if fields else ''}({answer})"

    async def op_accept(self, c: Connection, expect: Expect) -> str:
        return await self.visit_command(c, expect, "visit.accept", self.pick(lambda v: v.state == "waiting"))

    async def op_start(self, c: Connection, expect: Expect) -> str:
        return await self.visit_command(c, expect, "visit.start", self.pick(self.mine(c, ("accepted",))))

    async def op_end(self, c: Connection, expect: Expect) -> str:
        return await self.visit_command(c, expect, "visit.end", self.pick(self.mine(c, ("inProgress",))),
                                        asyncPhaseDays=self.rng.choice((0, 3)), chargeForVisit=self.rng.random() < 0.5)

    async def op_markDone(self, c: Connection, expect: Expect) -> str:
        return await self.visit_command(c, expect, "visit.markDone", self.pick(self.mine(c, ("asyncPhase",))))

    async def op_priority(self, c: Connection, expect: Expect) -> str:
        return await self.visit_command(c, expect, "visit.priority", self.pick(self.mine_or_waiting(c)),
                                        priority=self.rng.randint(1, 5))

    async def op_send(self, c: Connection, expect: Expect) -> str:
        visit = self.pick(self.mine(c, ("inProgress", "asyncPhase")))
        return await self.visit_command(c, expect, "message.send", visit, text=self.rng.choice(TEXTS))

    async def op_resend(self, c: Connection, expect: Expect) -> str:
        """A message sent again with its id (from any device of its author): its first ack again."""
        sent = [(v, cid, seq) for v in self.model.order for author, cid, seq in v.messages[-50:]
                if author == c.person.key]
        if not sent:
            return await self.op_send(c, expect)
        v, original, seq = self.rng.choice(sent)
        self.model.touch(v.id)
        command_id = await self.command(c, "message.send", id=original, visit=v.id, text="(resent)")
        await self.answer(c, command_id)
        expect.add(c, ("ack", original, v.id, v.patient_seq(seq) if c.person.patient else seq))
        return f"{c.name} resends {original} in {v.id}"

    async def op_read(self, c: Connection, expect: Expect) -> str:
        visit = self.pick(lambda v: c in v.subscribers or self.mine(c)(v))
        v = self.model.touch(visit)
        patient = c.person.patient
        last = v.last_in(patient) if v else 3
        up_to = last + 1 if self.rng.random() < 0.1 else self.rng.randint(1, last)
        command_id = await self.command(c, "read", visit=visit, upTo=up_to)
        await self.answer(c, command_id)
        answer = cell("read", c.person, v.access if v else None)
        if answer != "ack":
            expect.add(c, error_key(command_id, answer, visit))
        elif up_to > last:
            expect.add(c, ("error", command_id, "invalid", "read_beyond_last_seq", visit))
        else:
            seq = v.visit_seq(up_to) if patient else up_to
            reader = party(c.person)
            if seq > v.marks.get(reader, 0):
                v.marks[reader] = seq
                for s in v.subscribers:
                    expect.add(s, self.model.receipt(s, v, reader, seq))
            expect.add(c, ("ack", command_id, visit, None))
        return f"{c.name} read {visit} upTo {up_to}"

    async def op_typing(self, c: Connection, expect: Expect) -> str:
        """Passed on to the visit's other subscribers when the typist takes part (P or the
        responsible) and V is not closed, at most once a second per connection and visit."""
        visit = self.pick(lambda v: c in v.subscribers or self.mine(c)(v))
        v = self.model.touch(visit)
        sent = time.monotonic()
        last = c.typed.get(visit)
        await self.command(c, "typing", visit=visit)
        await self.round_trip(c)
        done = c.tokens_at = time.monotonic()  # the server took (or dropped) it before this
        if last is None or sent - last[1] >= TYPING_INTERVAL + MARGIN:
            taken = True
        elif done - last[0] < TYPING_INTERVAL - MARGIN:
            taken = False
        else:
            taken = None  # the clock cannot tell
        who = c.person
        takes_part = v is not None and v.state != "closed" and (
            v.patient == who.sub if who.patient else who.provider == NORRSKEN and v.responsible == who.sub)
        recipients = [s for s in v.subscribers if s is not c] if takes_part else []
        for s in recipients:
            by = (f"patient:{who.sub}" if who.patient else
                  f"staff:{who.name}" if s.person.patient else f"staff:{who.sub}")
            if taken is not False:
                expect.add(s, ("typing", visit, by), maybe=taken is None)

        def learn():  # after the barrier: what came says whether the server took an undecided one
            took = taken
            if took is None and recipients:
                took = any(f.get("type") == "typing" and f.get("visit") == visit for f in recipients[0].client.events)
            if took:
                c.typed[visit] = (sent, done)
            elif took is None:
                c.typed[visit] = (last[0], done)
        self.after_barrier.append(learn)
        return f"{c.name} typing {visit} (to {len(recipients)} connections, taken: {taken})"

    async def op_queue(self, c: Connection, expect: Expect) -> str:
        who = c.person
        unit, role = QUEUE[1:] if self.rng.random() < 0.7 else (self.rng.choice(UNITS), self.rng.choice(ROLES))
        command_id = await self.command(c, "queue.subscribe", unit=unit, role=role)
        await self.answer(c, command_id, ("queue", "error"))
        scoped = (who.provider if not who.patient else None, unit, role)
        if (unit, role) == QUEUE[1:]:
            answer = COMMANDS_WITHOUT_VISIT["queue.subscribe"][ACTORS.index(kind_without_visit(who))]
        else:  # the same rule for the other queues: staff who work it
            answer = "queue" if who.works(*scoped) else "forbidden"
        if answer == "queue":
            c.queues.add(scoped)
            entries = tuple(v.id for v in self.model.queue()) if scoped == QUEUE else ()
            expect.add(c, ("queue", command_id, unit, role, entries))
        else:
            expect.add(c, error_key(command_id, answer, None))
        return f"{c.name} queue.subscribe {unit}/{role}"

    async def op_unqueue(self, c: Connection, expect: Expect) -> str:
        unit, role = QUEUE[1:] if self.rng.random() < 0.7 else (self.rng.choice(UNITS), self.rng.choice(ROLES))
        command_id = await self.command(c, "queue.unsubscribe", unit=unit, role=role)
        await self.answer(c, command_id)
        c.queues.discard((c.person.provider if not c.person.patient else None, unit, role))
        expect.add(c, ("ack", command_id, None, None))
        return f"{c.name} queue.unsubscribe {unit}/{role}"

    async def op_inbox(self, c: Connection, expect: Expect) -> str:
        who = c.person
        command_id = await self.command(c, "inbox.subscribe")
        await self.answer(c, command_id, ("inbox", "error"))
        answer = COMMANDS_WITHOUT_VISIT["inbox.subscribe"][ACTORS.index(kind_without_visit(who))]
        if answer == "inbox":
            c.inbox = True
            own = [v for v in self.model.order if who.provider == NORRSKEN and v.responsible == who.sub]
            expect.add(c, ("inbox", command_id) + tuple(tuple(sorted(v.id for v in own if v.inbox == tab))
                                                        for tab in TABS))
        else:
            expect.add(c, error_key(command_id, answer, None))
        return f"{c.name} inbox.subscribe"

    async def op_directory(self, c: Connection, expect: Expect) -> str:
        who = c.person
        command = self.rng.choice(("directory.search", "directory.browse", "directory.lookup"))
        if command == "directory.search":
            fields = {"query": self.rng.choice(SEARCH_WORDS)}
        elif command == "directory.lookup":
            fields = {"staff": self.rng.sample(LOOKUP_IDS, self.rng.randint(1, 4))}
        else:
            fields = {}
        command_id = await self.command(c, command, **fields)
        await self.answer(c, command_id, ("directory.people", "directory.units", "error"))
        answer = COMMANDS_WITHOUT_VISIT[command][ACTORS.index(kind_without_visit(who))]
        if answer == "forbidden":
            expect.add(c, error_key(command_id, answer, None))
        elif command == "directory.search":
            expect.add(c, ("directory.people", command_id, directory_search(who.provider, fields["query"])))
        elif command == "directory.lookup":
            own = {p["id"] for p in directory_people(who.provider)}
            expect.add(c, ("directory.people", command_id, tuple(sorted(own & set(fields["staff"])))))
        else:
            units = next(p["units"] for p in DIRECTORY["careProviders"] if p["id"] == who.provider)
            expect.add(c, ("directory.units", command_id, tuple(sorted(u["id"] for u in units))))
        return f"{c.name} {command} {json.dumps(fields)}"


# -- Tests -----------------------------------------------------------------------------------------------

def segment_ops(segment: int) -> int:
    return min(OPS_PER_SERVER, OPS - segment * OPS_PER_SERVER)


@pytest.mark.carewire_only("the care protocol")
@pytest.mark.parametrize("segment", range(SEGMENTS))
def test_isolation_model(start_server, tmp_path, segment):
    directory = tmp_path / "staff.json"
    directory.write_text(json.dumps(DIRECTORY), encoding="utf-8")
    # One loop (the barrier needs it, whatever CAREWIRE_TEST_LOOPS says); no hourly cap on creating visits.
    server = start_server(*care_flags(str(tmp_path / "care.db")), "--staff-directory", str(directory),
                          "--visits-per-patient-per-hour", "1000000", loops=1)
    run = Run(server, segment, segment_ops(segment))
    print(f"isolation model: seed {SEED} segment {segment}: {run.ops} operations")
    started = time.monotonic()
    asyncio.run(run.play())
    print(f"done in {time.monotonic() - started:.1f}s: {dict(sorted(run.counts.items()))}; "
          f"{len(run.model.order)} visits, states {dict(Counter(v.state for v in run.model.order))}; "
          f"frames checked {dict(sorted(run.frames.items()))}")


# The positive control: frames the checker must refuse, each at a connection of a world built by hand.
P_VISIT, Q_VISIT = "a" * 32, "b" * 32


def control_world():
    connections = [Connection(ALVA, 1), Connection(ANNA, 1), Connection(NAMESAKE, 1), Connection(DORIS, 1)]
    model = Model(connections)
    for visit_id, patient in ((P_VISIT, ALVA.sub), (Q_VISIT, BERT.sub)):
        v = Visit(visit_id, patient, 1767225600000)
        model.visits[visit_id] = v
        model.order.append(v)
    model.visits[P_VISIT].state, model.visits[P_VISIT].responsible = "inProgress", ANNA.sub
    alva = connections[0]
    alva.next_seq[P_VISIT] = 5
    return Checker(model), {c.person.name: c for c in connections}


def event(visit, seq, kind="message", **fields):
    return {"type": "visit.event", "visit": visit, "seq": seq, "at": 1, "actor": {"kind": "patient", "id": ALVA.sub},
            "event": {"kind": kind, **fields}}


MUST_REFUSE = {
    "a queue event at a patient": ("Alva Ahlberg", {"type": "queue.added", "visit": Q_VISIT, "unit": "vc-bjorkdalen",
                                                   "role": "nurse", "position": 1}),
    "a staff-only field at a patient": ("Alva Ahlberg", {**event(P_VISIT, 5), "priority": 2}),
    "a staff-only event at a patient": ("Alva Ahlberg", event(P_VISIT, 5, "priorityChanged", **{"from": 3, "to": 2})),
    "a staff id at a patient": ("Alva Ahlberg", {**event(P_VISIT, 5), "actor": {"kind": "staff", "id": ANNA.sub}}),
    "a seq gap": ("Alva Ahlberg", event(P_VISIT, 7)),
    "an event of a visit not open": ("Anna Berg", event(P_VISIT, 3)),
    "another patient's visit": ("Alva Ahlberg", event(Q_VISIT, 1)),
    "another provider's visit": ("Anna Annan", {"type": "queue", "id": "q-1", "unit": "vc-bjorkdalen", "role": "nurse",
                                                "entries": [{"visit": Q_VISIT, "position": 1, "patient": BERT.sub}]}),
    "a visit another role cannot see": ("Doris Ek", {"type": "presence", "patient": BERT.sub, "online": True}),
    "someone else's inbox": ("Anna Berg", {"type": "inbox.updated", "visit": Q_VISIT, "tab": "inbox", "position": 1}),
    "another provider's colleague": ("Anna Annan", {"type": "directory.people", "id": "d-1", "people": [
        {"staff": "staff-kim", "hsaId": "SE5599990008-M2", "name": "Kim Lund", "role": "nurse", "title": "x",
         "units": []}]}),
}


@pytest.mark.parametrize("what", MUST_REFUSE)
def test_the_checker_rejects(what):
    checker, people = control_world()
    name, frame = MUST_REFUSE[what]
    assert checker.check(people[name], [frame]), f"the checker let {what} through: {frame}"


def test_the_checker_passes_what_may_come():
    checker, people = control_world()
    assert checker.check(people["Alva Ahlberg"], [event(P_VISIT, 5), event(P_VISIT, 6)]) == []
    assert checker.check(people["Anna Berg"], [{"type": "queue", "id": "q", "unit": "vc-bjorkdalen", "role": "nurse",
                                                 "entries": []}]) == []


def test_the_comparison_rejects_a_missing_or_an_extra_frame():
    """Completeness: a frame the model expects that did not come, or one it does not expect."""
    run = Run(type("NoServer", (), {"ws_url": "ws://unused"})(), 0, 1)
    anna, alva = run.connections[6], run.connections[0]
    expect = Expect()
    expect.add(anna, ("queue.removed", P_VISIT))
    assert "missing [('queue.removed'" in run.check(expect)
    alva.leftover = [{"type": "position", "visit": P_VISIT, "position": 1}]
    assert "unexpected [('position'" in run.check(Expect())
