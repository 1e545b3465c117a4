"""Access is a table: the matrix of docs/permissions.md, walked cell by cell against the server.

One source of truth in two forms that must agree: COMMANDS and EVENTS below, and the tables of
docs/permissions.md (`test_the_document_has_the_same_cells`); and both must name every type of
Sources/Wire/CommandType.swift and EventType.swift (`test_the_tables_cover_every_wire_type`).

- COMMANDS: every command × actor kind × state of the visit V it concerns (commands without a
  visit: one column). A cell is the answer the server gives: `ack`, the answering snapshot
  (`visit`, `history`, `queue`, `inbox`, `welcome`), `no answer`, or an error's `code`
  (`code/reason` where the code carries a reason). `n/a`: that kind does not exist in that state
  (nobody is responsible for a waiting visit). `test_command` walks every other cell.
- EVENTS: every event type × actor kind, in one scenario each (two for `visit.event` and
  `presence`): whose connection received it, in which view (`patient view`, `staff view`) or
  not (`—`). Every frame a patient connection receives is also checked by `PatientFrameCheck` and
  every frame by the contract's view (care_client.py), so "patient view" means no staff-only field.

Servers: the `care` fixture's flags, started once per module (the fixture is per test, and 656
cells cannot each start a server). The command walk runs on a server with the default event
loops, as `care` starts it. The event scenarios run on one with `--loops 1`: there everything a
command causes is written to every socket before the command's own answer, so after that answer
one round trip per connection (`Stage.barrier`) proves that a frame that has not come never will.
With several loops that cannot be had for every kind: a queue board or someone's inbox lives on a
loop that a refused actor (a patient, another provider) has no command to reach.

One asyncio event loop lives for the module, so connections outlive a test: the walk keeps one
per (actor kind, state), opened when first needed (the per-connection command budget, 60 in a
burst, is never near).
"""
from __future__ import annotations

import asyncio
import itertools
import re
from dataclasses import dataclass

import pytest

from care_client import CareClient, care_flags, patient_token, staff_token
from conftest import REPO, ServerProcess, _finish, default_flags

pytestmark = pytest.mark.carewire_only("the care protocol")

DOC = REPO / "docs" / "permissions.md"
QUEUE = {"unit": "vc-bjorkdalen", "role": "nurse"}  # V's queue: the intake of care_flags
STEP_DEADLINE = 90.0  # one cell or scenario; CareClient.expect waits 30 s for each frame

PATIENT, OTHER_PATIENT, RESPONSIBLE, COLLEAGUE, OTHER_ROLE, OTHER_UNIT, OTHER_PROVIDER, BILLING = ACTORS = (
    "patient", "other patient", "responsible", "queue colleague", "other role", "other unit",
    "other provider", "billing clerk")
STATES = ("waiting", "accepted", "inProgress", "asyncPhase", "asyncPhase+charge", "closed", "closed+charge")
NO_VISIT = "—"  # the state column of commands without a visit
NOT_BUILT = "*not built yet*"  # the row (commands) and column (events) of kinds the product lacks

# Cells
NA, NONE = "n/a", "no answer"
NF, FB = "not_found", "forbidden"
ACCEPTED, STARTED, NOT_STARTED, ENDED, NOT_ASYNC, CLOSED = (
    "conflict/already_accepted", "conflict/already_started", "conflict/not_started", "conflict/already_ended",
    "conflict/not_in_async_phase", "conflict/closed")
NOBODY = (NF,) * 7  # cannot see V in any state
SEES_CHARGED = (NF, NF, NF, NF, FB, NF, FB)  # the billing right: sees V once ended with "charge" = yes

# command -> actor -> one answer per state, in STATES order (docs/permissions.md, "Commands").
COMMANDS: dict[str, dict[str, tuple[str, ...]]] = {
    "visit.open": {
        PATIENT:        ("visit", "visit", "visit", "visit", "visit", "visit", "visit"),
        OTHER_PATIENT:  NOBODY,
        RESPONSIBLE:    (NA, "visit", "visit", "visit", "visit", "visit", "visit"),
        COLLEAGUE:      ("visit", FB, FB, FB, FB, FB, FB),
        OTHER_ROLE:     NOBODY,
        OTHER_UNIT:     NOBODY,
        OTHER_PROVIDER: NOBODY,
        BILLING:        SEES_CHARGED,
    },
    "visit.close": {
        PATIENT:        ("ack",) * 7,
        OTHER_PATIENT:  ("ack",) * 7,
        RESPONSIBLE:    (NA,) + ("ack",) * 6,
        COLLEAGUE:      ("ack",) * 7,
        OTHER_ROLE:     ("ack",) * 7,
        OTHER_UNIT:     ("ack",) * 7,
        OTHER_PROVIDER: ("ack",) * 7,
        BILLING:        ("ack",) * 7,
    },
    "visit.history": {
        PATIENT:        ("history",) * 7,
        OTHER_PATIENT:  NOBODY,
        RESPONSIBLE:    (NA,) + ("history",) * 6,
        COLLEAGUE:      ("history", FB, FB, FB, FB, FB, FB),
        OTHER_ROLE:     NOBODY,
        OTHER_UNIT:     NOBODY,
        OTHER_PROVIDER: NOBODY,
        BILLING:        SEES_CHARGED,
    },
    "visit.accept": {
        PATIENT:        (FB,) * 7,
        OTHER_PATIENT:  NOBODY,
        RESPONSIBLE:    (NA, ACCEPTED, ACCEPTED, ACCEPTED, ACCEPTED, CLOSED, CLOSED),
        COLLEAGUE:      ("ack", ACCEPTED, ACCEPTED, ACCEPTED, ACCEPTED, CLOSED, CLOSED),
        OTHER_ROLE:     NOBODY,
        OTHER_UNIT:     NOBODY,
        OTHER_PROVIDER: NOBODY,
        BILLING:        SEES_CHARGED,
    },
    "visit.start": {
        PATIENT:        (FB,) * 7,
        OTHER_PATIENT:  NOBODY,
        RESPONSIBLE:    (NA, "ack", STARTED, STARTED, STARTED, CLOSED, CLOSED),
        COLLEAGUE:      (FB,) * 7,
        OTHER_ROLE:     NOBODY,
        OTHER_UNIT:     NOBODY,
        OTHER_PROVIDER: NOBODY,
        BILLING:        SEES_CHARGED,
    },
    "message.send": {
        PATIENT:        (NOT_STARTED, NOT_STARTED, "ack", "ack", "ack", CLOSED, CLOSED),
        OTHER_PATIENT:  NOBODY,
        RESPONSIBLE:    (NA, NOT_STARTED, "ack", "ack", "ack", CLOSED, CLOSED),
        COLLEAGUE:      (FB,) * 7,
        OTHER_ROLE:     NOBODY,
        OTHER_UNIT:     NOBODY,
        OTHER_PROVIDER: NOBODY,
        BILLING:        SEES_CHARGED,
    },
    "typing": {
        PATIENT:        (NONE,) * 7,
        OTHER_PATIENT:  (NONE,) * 7,
        RESPONSIBLE:    (NA,) + (NONE,) * 6,
        COLLEAGUE:      (NONE,) * 7,
        OTHER_ROLE:     (NONE,) * 7,
        OTHER_UNIT:     (NONE,) * 7,
        OTHER_PROVIDER: (NONE,) * 7,
        BILLING:        (NONE,) * 7,
    },
    "read": {
        PATIENT:        ("ack",) * 7,
        OTHER_PATIENT:  NOBODY,
        RESPONSIBLE:    (NA,) + ("ack",) * 6,
        COLLEAGUE:      ("ack", FB, FB, FB, FB, FB, FB),
        OTHER_ROLE:     NOBODY,
        OTHER_UNIT:     NOBODY,
        OTHER_PROVIDER: NOBODY,
        BILLING:        SEES_CHARGED,
    },
    "visit.priority": {
        PATIENT:        (FB,) * 7,
        OTHER_PATIENT:  NOBODY,
        RESPONSIBLE:    (NA, "ack", "ack", "ack", "ack", CLOSED, CLOSED),
        COLLEAGUE:      ("ack", FB, FB, FB, FB, FB, FB),
        OTHER_ROLE:     NOBODY,
        OTHER_UNIT:     NOBODY,
        OTHER_PROVIDER: NOBODY,
        BILLING:        SEES_CHARGED,
    },
    "visit.end": {
        PATIENT:        (FB,) * 7,
        OTHER_PATIENT:  NOBODY,
        RESPONSIBLE:    (NA, NOT_STARTED, "ack", ENDED, ENDED, CLOSED, CLOSED),
        COLLEAGUE:      (FB,) * 7,
        OTHER_ROLE:     NOBODY,
        OTHER_UNIT:     NOBODY,
        OTHER_PROVIDER: NOBODY,
        BILLING:        SEES_CHARGED,
    },
    "visit.markDone": {
        PATIENT:        (FB,) * 7,
        OTHER_PATIENT:  NOBODY,
        RESPONSIBLE:    (NA, NOT_ASYNC, NOT_ASYNC, "ack", "ack", CLOSED, CLOSED),
        COLLEAGUE:      (FB,) * 7,
        OTHER_ROLE:     NOBODY,
        OTHER_UNIT:     NOBODY,
        OTHER_PROVIDER: NOBODY,
        BILLING:        SEES_CHARGED,
    },
}

# Commands without a visit: command -> one answer per actor, in ACTORS order.
COMMANDS_WITHOUT_VISIT: dict[str, tuple[str, ...]] = {
    "hello":             ("welcome",) * 8,
    "visit.create":      ("ack", "ack", FB, FB, FB, FB, FB, FB),
    "queue.subscribe":   (FB, FB, "queue", "queue", FB, FB, "queue", FB),
    "queue.unsubscribe": ("ack",) * 8,
    "inbox.subscribe":   (FB, FB, "inbox", "inbox", "inbox", "inbox", "inbox", "inbox"),
    "directory.search":  (FB, FB) + ("directory.people",) * 6,
    "directory.browse":  (FB, FB) + ("directory.units",) * 6,
    "directory.lookup":  (FB, FB) + ("directory.people",) * 6,
}
# What each directory command is sent with (the staff directory of these servers is empty: the
# cells are about who may ask; what each provider finds is test_care_directory.py's).
DIRECTORY_FIELDS = {"directory.search": {"query": "a"}, "directory.browse": {}, "directory.lookup": {"staff": ["staff-kim"]}}

# Fields each visit command is sent with (valid ones: the cell is about who, not what).
FIELDS = {
    "visit.open": {}, "visit.close": {}, "visit.history": {}, "visit.accept": {}, "visit.start": {},
    "message.send": {"text": "Hej, hur mår du?"}, "typing": {}, "read": {"upTo": 1},
    "visit.priority": {"priority": 2}, "visit.end": {"asyncPhaseDays": 3, "chargeForVisit": False},
    "visit.markDone": {},
}
# An ack that moves V to another state: such a cell gets a visit of its own, in that state, so
# the state's shared visit stays where every other cell expects it.
MOVES_ON = {("visit.accept", "waiting"), ("visit.start", "accepted"), ("visit.end", "inProgress")}

SEEN_P, SEEN_S, UNSEEN = "patient view", "staff view", "—"
# (event type, scenario, one cell per actor in ACTORS order) (docs/permissions.md, "Events").
EVENTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("welcome", "each connects",
     (SEEN_P, SEEN_P, SEEN_S, SEEN_S, SEEN_S, SEEN_S, SEEN_S, SEEN_S)),
    ("ack", "everyone sends read for V in progress",
     (SEEN_P, UNSEEN, SEEN_S, UNSEEN, UNSEEN, UNSEEN, UNSEEN, UNSEEN)),
    ("error", "everyone opens V in progress",
     (UNSEEN, SEEN_P, UNSEEN, SEEN_S, SEEN_S, SEEN_S, SEEN_S, SEEN_S)),
    ("visit", "everyone opens V in progress",
     (SEEN_P, UNSEEN, SEEN_S, UNSEEN, UNSEEN, UNSEEN, UNSEEN, UNSEEN)),
    ("visit.event", "the responsible writes in V in progress",
     (SEEN_P, UNSEEN, SEEN_S, UNSEEN, UNSEEN, UNSEEN, UNSEEN, UNSEEN)),
    ("visit.event", "a colleague changes the priority of waiting V",
     (UNSEEN, UNSEEN, NA, SEEN_S, UNSEEN, UNSEEN, UNSEEN, UNSEEN)),
    ("history", "everyone asks for the history of V in progress",
     (SEEN_P, UNSEEN, SEEN_S, UNSEEN, UNSEEN, UNSEEN, UNSEEN, UNSEEN)),
    ("queue", "everyone subscribes to V's queue while V waits",
     (UNSEEN, UNSEEN, NA, SEEN_S, UNSEEN, UNSEEN, SEEN_S, UNSEEN)),
    ("queue.added", "P creates V",
     (UNSEEN, UNSEEN, NA, SEEN_S, UNSEEN, UNSEEN, UNSEEN, UNSEEN)),
    ("queue.updated", "a colleague changes the priority of waiting V",
     (UNSEEN, UNSEEN, NA, SEEN_S, UNSEEN, UNSEEN, UNSEEN, UNSEEN)),
    ("queue.removed", "the responsible accepts V",
     (UNSEEN, UNSEEN, SEEN_S, SEEN_S, UNSEEN, UNSEEN, UNSEEN, UNSEEN)),
    ("position", "V moves up its queue",
     (SEEN_P, UNSEEN, NA, UNSEEN, UNSEEN, UNSEEN, UNSEEN, UNSEEN)),
    ("inbox", "every staff member subscribes to their inbox, V in async phase",
     (UNSEEN, UNSEEN, SEEN_S, SEEN_S, SEEN_S, SEEN_S, SEEN_S, SEEN_S)),
    ("inbox.updated", "P writes in V in async phase",
     (UNSEEN, UNSEEN, SEEN_S, UNSEEN, UNSEEN, UNSEEN, UNSEEN, UNSEEN)),
    ("typing", "P types in V in progress, on another device",
     (SEEN_P, UNSEEN, SEEN_S, UNSEEN, UNSEEN, UNSEEN, UNSEEN, UNSEEN)),
    ("receipt", "P reads V in progress, on another device",
     (SEEN_P, UNSEEN, SEEN_S, UNSEEN, UNSEEN, UNSEEN, UNSEEN, UNSEEN)),
    ("presence", "P comes online, V in progress",
     (UNSEEN, UNSEEN, SEEN_S, UNSEEN, UNSEEN, UNSEEN, UNSEEN, UNSEEN)),
    ("presence", "P comes online, V waiting",
     (UNSEEN, UNSEEN, NA, SEEN_S, UNSEEN, UNSEEN, UNSEEN, UNSEEN)),
    ("reload", "everyone opens V in progress after seq 999",
     (SEEN_P, UNSEEN, SEEN_S, UNSEEN, UNSEEN, UNSEEN, UNSEEN, UNSEEN)),
    ("directory.units", "every staff member browses the staff directory",
     (UNSEEN, UNSEEN, SEEN_S, SEEN_S, SEEN_S, SEEN_S, SEEN_S, SEEN_S)),
    ("directory.people", "every staff member searches the staff directory",
     (UNSEEN, UNSEEN, SEEN_S, SEEN_S, SEEN_S, SEEN_S, SEEN_S, SEEN_S)),
    ("visit.unsubscribed", "the responsible accepts V while a colleague has it open",
     (UNSEEN, UNSEEN, UNSEEN, SEEN_S, UNSEEN, UNSEEN, UNSEEN, UNSEEN)),
)


def command_cells() -> dict[tuple[str, str, str], str]:
    """(command, actor, state) -> answer, every cell of both command tables."""
    cells = {(command, actor, state): answer
             for command, rows in COMMANDS.items() for actor, row in rows.items()
             for state, answer in zip(STATES, row, strict=True)}
    cells.update({(command, actor, NO_VISIT): answer for command, row in COMMANDS_WITHOUT_VISIT.items()
                  for actor, answer in zip(ACTORS, row, strict=True)})
    return cells


def event_rows() -> dict[tuple[str, str], tuple[str, ...]]:
    return {(event, scenario): row for event, scenario, row in EVENTS}


# -- People ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Person:
    sub: str
    kind: str = "staff"
    provider: str = "norrsken"
    unit: str = "vc-bjorkdalen"
    role: str = "nurse"
    rights: tuple[str, ...] = ()

    def token(self) -> str:
        if self.kind == "patient":
            return patient_token(self.sub)
        return staff_token(self.sub, role=self.role, units=(self.unit,), provider=self.provider, rights=self.rights)


def person(actor: str, patient: str, responsible: str) -> Person:
    """Who an actor kind is, for a visit V of `patient` that `responsible` takes (or would take)."""
    return {
        PATIENT: Person(patient, kind="patient"),
        OTHER_PATIENT: Person("patient-q", kind="patient"),
        RESPONSIBLE: Person(responsible),
        COLLEAGUE: Person("staff-kim"),
        OTHER_ROLE: Person("staff-doris", role="doctor"),
        OTHER_UNIT: Person("staff-lena", unit="vc-lovsta"),
        # Same staff id, unit id and role as the responsible clinician: ids are per care provider.
        OTHER_PROVIDER: Person(responsible, provider="otherprov"),
        BILLING: Person("staff-bo", role="administrator", rights=("billing",)),
    }[actor]


def short(actor: str) -> str:
    return actor.replace(" ", "_")


def view(client: CareClient) -> str:
    return f"{client.contract.view} view"


def verdict(frame: dict) -> str:
    """A frame as a cell: its type, or an error's code (and reason)."""
    if frame["type"] != "error":
        return frame["type"]
    return frame["code"] + (f"/{frame['reason']}" if "reason" in frame else "")


END = {"asyncPhase": (3, False), "asyncPhase+charge": (3, True), "closed": (0, False), "closed+charge": (0, True)}


async def create_visit(patient: CareClient) -> str:
    """A drop-in visit (it waits in QUEUE); the creator follows it."""
    answer = await patient.reply("visit.create", contactReason="Halsont", text="Ont i halsen sedan tre dagar.")
    assert answer["type"] == "ack", answer
    await patient.expect(lambda e: e["type"] == "visit" and e.get("id") == answer["id"])
    return answer["visit"]


async def take_to(visit: str, state: str, responsible: CareClient | None) -> None:
    """Takes a waiting visit to `state` by the commands of the clinician who accepts it."""
    steps = []
    if state != "waiting":
        steps.append(("visit.accept", {}))
    if state not in ("waiting", "accepted"):
        steps.append(("visit.start", {}))
    if state in END:
        days, charge = END[state]
        steps.append(("visit.end", {"asyncPhaseDays": days, "chargeForVisit": charge}))
    for command, fields in steps:
        answer = await responsible.request(command, visit=visit, **fields)
        assert answer["type"] == "ack", (command, state, answer)


def start_module_server(request, tmp_path_factory, name: str, loops: int | None = None) -> ServerProcess:
    db = str(tmp_path_factory.mktemp(name) / "care.db")
    server = ServerProcess(default_flags() + care_flags(db), f"permissions-{name}", loops=loops)
    request.addfinalizer(lambda: _finish([server], request))
    return server


class World:
    """An asyncio event loop for the module, and the connections it keeps open across tests."""

    def __init__(self, server: ServerProcess):
        self.server = server
        self.loop = asyncio.new_event_loop()
        self.clients: dict[tuple, CareClient] = {}

    def run(self, coro):
        return self.loop.run_until_complete(asyncio.wait_for(coro, STEP_DEADLINE))

    def shut(self) -> None:
        async def close_all():
            for client in self.clients.values():
                await client.close()
        try:
            self.run(close_all())
        finally:
            for task in asyncio.all_tasks(self.loop):
                task.cancel()
            self.loop.run_until_complete(asyncio.sleep(0))
            self.loop.close()


# -- The command walk ---------------------------------------------------------------------------

class Matrix(World):
    """The walk's world: one visit per state, each of its own patient and taken by its own
    clinician; a connection per (actor kind, state); for cells that move a visit on, visits of
    their own (a new patient each, the state's clinician)."""

    def __init__(self, server: ServerProcess):
        super().__init__(server)
        self.visits: dict[str, str] = {}
        self.numbers = itertools.count(1)

    @staticmethod
    def person(actor: str, state: str) -> Person:
        # Commands without a visit are given by the people of the async-phase visit (its
        # clinician's inbox holds it; nobody else's does).
        slug = (state if state != NO_VISIT else "asyncPhase").replace("+", "-")
        return person(actor, patient=f"patient-p-{slug}", responsible=f"staff-resp-{slug}")

    async def client(self, actor: str, state: str, purpose: str = "") -> CareClient:
        key = (actor, state, purpose)
        if key not in self.clients:
            who = self.person(actor, state)
            client = await CareClient.connect(self.server.ws_url, who.token(), name=f"{short(actor)}.{state}{purpose}")
            await client.expect("welcome")
            self.clients[key] = client
        return self.clients[key]

    async def visit(self, state: str) -> str:
        if state not in self.visits:
            visit = await create_visit(await self.client(PATIENT, state))
            await take_to(visit, state, await self.client(RESPONSIBLE, state) if state != "waiting" else None)
            self.visits[state] = visit
        return self.visits[state]

    async def visit_of_its_own(self, state: str) -> str:
        sub = f"patient-f{next(self.numbers)}"
        patient = await CareClient.connect(self.server.ws_url, patient_token(sub), name=sub)
        await patient.expect("welcome")
        visit = await create_visit(patient)
        await patient.close()
        await take_to(visit, state, await self.client(RESPONSIBLE, state) if state != "waiting" else None)
        return visit


@pytest.fixture(scope="module")
def matrix(request, tmp_path_factory):
    world = Matrix(start_module_server(request, tmp_path_factory, "matrix"))
    yield world
    world.shut()


async def give(m: Matrix, command: str, actor: str, state: str, expected: str) -> str:
    """Gives one command as `actor` to the visit in `state`; the answer as a cell."""
    fresh = (command, state) in MOVES_ON and expected == "ack"
    visit = await (m.visit_of_its_own(state) if fresh else m.visit(state))
    client = await m.client(actor, state)
    command_id = await client.send(command, visit=visit, **FIELDS[command])
    if command == "typing":
        # Nothing answers typing. A close goes to V's owner loop as the typing did, so any answer
        # to the typing would have come before the close's ack.
        closed = await client.request("visit.close", visit=visit)
        assert closed["type"] == "ack", closed
        answers = [e for e in client.events if e.get("id") == command_id]
        return verdict(answers[0]) if answers else NONE
    answer = await client.expect(lambda e: e.get("id") == command_id, what=f"the answer to {command}")
    assert answer.get("visit") == visit, answer
    return verdict(answer)


async def give_without_visit(m: Matrix, command: str, actor: str) -> str:
    who = m.person(actor, NO_VISIT)
    if command == "hello":
        client = await CareClient.connect(m.server.ws_url, who.token(), hello=True, name=f"{short(actor)}.hello")
        welcome = await client.expect(lambda e: e["type"] in ("welcome", "error"))
        await client.close()
        if welcome["type"] == "welcome":
            assert welcome["principal"]["id"] == who.sub and welcome.get("id"), welcome
        return verdict(welcome)
    client = await m.client(actor, NO_VISIT)
    if command == "visit.create":
        answer = await client.reply(command, contactReason="Feber", text="Feber sedan i går.")
        if answer["type"] == "ack":  # then the snapshot: the creator follows the new visit
            await client.expect(lambda e: e["type"] == "visit" and e.get("id") == answer["id"])
    elif command == "queue.subscribe":
        waiting = await m.visit("waiting")
        answer = await client.reply(command, **QUEUE)
        if answer["type"] == "queue":  # another provider's same-named queue is its own
            listed = waiting in [entry["visit"] for entry in answer["entries"]]
            assert listed == (who.provider == "norrsken"), (actor, answer)
    elif command == "queue.unsubscribe":
        answer = await client.reply(command, **QUEUE)
    elif command in DIRECTORY_FIELDS:
        answer = await client.reply(command, **DIRECTORY_FIELDS[command])
    else:
        assert command == "inbox.subscribe"
        ended = await m.visit("asyncPhase")
        answer = await client.reply(command)
        if answer["type"] == "inbox":  # everyone's own: V only in its clinician's
            assert (ended in str(answer)) == (actor == RESPONSIBLE), (actor, answer)
    return verdict(answer)


CELLS = [(command, actor, state, answer) for (command, actor, state), answer in command_cells().items()
         if answer != NA]


@pytest.mark.parametrize("command,actor,state,expected", CELLS,
                         ids=[f"{c}|{a}|{s}" for c, a, s, _ in CELLS])
def test_command(matrix, command, actor, state, expected):
    if state == NO_VISIT:
        got = matrix.run(give_without_visit(matrix, command, actor))
    else:
        got = matrix.run(give(matrix, command, actor, state, expected))
    assert got == expected, (f"{command} by {actor} ({state}): the server answers {got}; "
                             f"docs/permissions.md says {expected}")


REFUSED_TO_OUTSIDERS = [c for c in COMMANDS if c not in ("visit.close", "typing")]


@pytest.mark.parametrize("command", REFUSED_TO_OUTSIDERS)
def test_not_found_says_nothing_a_made_up_id_would_not(matrix, command):
    """Another provider's staff (same staff id, unit id and role as V's clinician) gets for V
    exactly what anyone gets for a visit that does not exist: existence does not leak."""
    async def compare():
        visit = await matrix.visit("inProgress")
        client = await matrix.client(OTHER_PROVIDER, "inProgress", purpose=".probe")
        real = await client.reply(command, visit=visit, **FIELDS[command])
        made_up = await client.reply(command, visit="0" * 32, **FIELDS[command])
        strip = lambda frame: {k: v for k, v in frame.items() if k not in ("id", "visit")}  # noqa: E731
        assert real["type"] == "error" and real["code"] == NF, real
        assert strip(real) == strip(made_up), (real, made_up)
    matrix.run(compare())


# -- The event scenarios ------------------------------------------------------------------------

class Stage:
    """One event scenario: its own patient P and clinician, the other kinds shared; every
    connection it opens is closed at its end."""

    numbers = itertools.count(1)

    def __init__(self, server: ServerProcess):
        self.n = next(Stage.numbers)
        self.url = server.ws_url
        self.patient = f"patient-e{self.n}"
        self.responsible = f"staff-e{self.n}"
        self.clients: list[CareClient] = []
        self.devices: dict[str, CareClient] = {}

    def person(self, actor: str) -> Person:
        return person(actor, self.patient, self.responsible)

    async def connect(self, actor: str, suffix: str = "", hello: bool = False) -> CareClient:
        who = self.person(actor)
        client = await CareClient.connect(self.url, who.token(), hello=hello, name=f"e{self.n}.{short(actor)}{suffix}")
        self.clients.append(client)
        client.welcome = await client.expect("welcome")
        assert client.welcome["principal"]["id"] == who.sub, client.welcome
        return client

    async def device(self, actor: str) -> CareClient:
        """The connection an actor acts from (never one whose receipts are looked at)."""
        if actor not in self.devices:
            self.devices[actor] = await self.connect(actor, "+device")
        return self.devices[actor]

    async def visit(self, state: str) -> str:
        visit = await create_visit(await self.device(PATIENT))
        await take_to(visit, state, await self.device(RESPONSIBLE) if state != "waiting" else None)
        return visit

    async def offline(self) -> None:
        """P's device goes: P is offline (the server has seen the close when its close frame comes)."""
        await self.devices.pop(PATIENT).close()

    async def listening(self, actors, visit: str | None) -> dict[str, CareClient]:
        """A connection per actor that asked for everything it might get: V opened, V's queue
        and its own inbox subscribed (each answered, granted or not)."""
        listeners = {}
        for actor in actors:
            client = await self.connect(actor)
            if visit is not None:
                await client.reply("visit.open", visit=visit)
            await client.reply("queue.subscribe", **QUEUE)
            await client.reply("inbox.subscribe")
            listeners[actor] = client
        return listeners

    async def barrier(self, clients) -> None:
        """A round trip on each connection: with one event loop, whatever an earlier answered
        command caused has been written to every socket before this answer."""
        for client in clients:
            closed = await client.request("visit.close", visit=f"barrier-{self.n}")
            assert closed["type"] == "ack", closed

    async def seen(self, listeners: dict[str, CareClient], predicate) -> dict[str, str]:
        await self.barrier(listeners.values())
        return {actor: view(client) if client.events_pending(predicate) else UNSEEN
                for actor, client in listeners.items()}

    async def everyone_asks(self, actors, command: str, **fields) -> dict[str, tuple[CareClient, dict]]:
        """Each actor sends the same command on a connection of its own: the answers, once
        every connection has been through a barrier."""
        answers = {}
        for actor in actors:
            client = await self.connect(actor)
            answer = await client.reply(command, **fields)
            client.events.insert(0, answer)  # kept for the look at what came
            answers[actor] = (client, answer)
        await self.barrier(client for client, _ in answers.values())
        return answers

    async def close(self) -> None:
        for client in self.clients:
            await client.close()


SCENARIOS = {}


def scenario(event: str, situation: str):
    def register(function):
        SCENARIOS[(event, situation)] = function
        return function
    return register


def answered_by(answers, event: str, also=lambda frame: True) -> dict[str, str]:
    """Whose answer was an `event` frame."""
    return {actor: view(client) if answer["type"] == event and also(answer) else UNSEEN
            for actor, (client, answer) in answers.items()}


@scenario("welcome", "each connects")
async def _(stage: Stage, actors):
    clients = {actor: await stage.connect(actor, hello=True) for actor in actors}
    await stage.barrier(clients.values())
    for client in clients.values():  # one welcome each, its own (`connect` checked the principal)
        assert client.welcome.get("id") and not client.events_pending(lambda e: e["type"] == "welcome")
    return {actor: view(client) for actor, client in clients.items()}


@scenario("ack", "everyone sends read for V in progress")
async def _(stage: Stage, actors):
    visit = await stage.visit("inProgress")
    return answered_by(await stage.everyone_asks(actors, "read", visit=visit, upTo=1), "ack")


@scenario("error", "everyone opens V in progress")
async def _(stage: Stage, actors):
    visit = await stage.visit("inProgress")
    return answered_by(await stage.everyone_asks(actors, "visit.open", visit=visit), "error")


@scenario("visit", "everyone opens V in progress")
async def _(stage: Stage, actors):
    visit = await stage.visit("inProgress")
    return answered_by(await stage.everyone_asks(actors, "visit.open", visit=visit), "visit")


@scenario("history", "everyone asks for the history of V in progress")
async def _(stage: Stage, actors):
    visit = await stage.visit("inProgress")
    return answered_by(await stage.everyone_asks(actors, "visit.history", visit=visit), "history")


@scenario("queue", "everyone subscribes to V's queue while V waits")
async def _(stage: Stage, actors):
    visit = await stage.visit("waiting")
    answers = await stage.everyone_asks(actors, "queue.subscribe", **QUEUE)
    for actor, (_, answer) in answers.items():
        if answer["type"] == "queue":  # another provider's same-named queue is its own: V is not in it
            listed = visit in [entry["visit"] for entry in answer["entries"]]
            assert listed == (stage.person(actor).provider == "norrsken"), (actor, answer)
    return answered_by(answers, "queue")


@scenario("inbox", "every staff member subscribes to their inbox, V in async phase")
async def _(stage: Stage, actors):
    visit = await stage.visit("asyncPhase")
    answers = await stage.everyone_asks(actors, "inbox.subscribe")
    for actor, (_, answer) in answers.items():
        if answer["type"] == "inbox":  # everyone's own: V only in its clinician's
            assert (visit in str(answer)) == (actor == RESPONSIBLE), (actor, answer)
    return answered_by(answers, "inbox")


@scenario("directory.units", "every staff member browses the staff directory")
async def _(stage: Stage, actors):
    return answered_by(await stage.everyone_asks(actors, "directory.browse"), "directory.units")


@scenario("directory.people", "every staff member searches the staff directory")
async def _(stage: Stage, actors):
    return answered_by(await stage.everyone_asks(actors, "directory.search", query="a"), "directory.people")


@scenario("reload", "everyone opens V in progress after seq 999")
async def _(stage: Stage, actors):
    visit = await stage.visit("inProgress")
    answers = await stage.everyone_asks(actors, "visit.open", visit=visit, after=999)
    reloaded = lambda e: e["type"] == "reload" and e["visit"] == visit  # noqa: E731
    return {actor: view(client) if client.events_pending(reloaded) else UNSEEN
            for actor, (client, _) in answers.items()}


@scenario("visit.event", "the responsible writes in V in progress")
async def _(stage: Stage, actors):
    visit = await stage.visit("inProgress")
    listeners = await stage.listening(actors, visit)
    text = f"Hur känns det nu? ({stage.n})"
    assert (await (await stage.device(RESPONSIBLE)).request("message.send", visit=visit, text=text))["type"] == "ack"
    return await stage.seen(listeners, lambda e: e["type"] == "visit.event" and e["visit"] == visit
                            and e["event"].get("text") == text)


async def colleague_sets_priority(stage: Stage, visit: str, priority: int) -> None:
    answer = await (await stage.device(COLLEAGUE)).request("visit.priority", visit=visit, priority=priority)
    assert answer["type"] == "ack", answer


@scenario("visit.event", "a colleague changes the priority of waiting V")
async def _(stage: Stage, actors):
    visit = await stage.visit("waiting")
    listeners = await stage.listening(actors, visit)
    await colleague_sets_priority(stage, visit, 2)
    return await stage.seen(listeners, lambda e: e["type"] == "visit.event" and e["visit"] == visit
                            and e["event"]["kind"] == "priorityChanged")


@scenario("queue.added", "P creates V")
async def _(stage: Stage, actors):
    listeners = await stage.listening(actors, None)
    visit = await stage.visit("waiting")
    return await stage.seen(listeners, lambda e: e["type"] == "queue.added" and e["visit"] == visit)


@scenario("queue.updated", "a colleague changes the priority of waiting V")
async def _(stage: Stage, actors):
    visit = await stage.visit("waiting")
    listeners = await stage.listening(actors, visit)
    await colleague_sets_priority(stage, visit, 2)
    return await stage.seen(listeners, lambda e: e["type"] == "queue.updated" and e["visit"] == visit)


@scenario("queue.removed", "the responsible accepts V")
async def _(stage: Stage, actors):
    visit = await stage.visit("waiting")
    listeners = await stage.listening(actors, visit)
    await take_to(visit, "accepted", await stage.device(RESPONSIBLE))
    return await stage.seen(listeners, lambda e: e["type"] == "queue.removed" and e["visit"] == visit)


@scenario("position", "V moves up its queue")
async def _(stage: Stage, actors):
    # Another patient's visit arrives first, at the same priority: V waits behind it.
    other = await CareClient.connect(stage.url, patient_token(f"patient-e{stage.n}-first"), name=f"e{stage.n}.first")
    stage.clients.append(other)
    await other.expect("welcome")
    await create_visit(other)
    visit = await stage.visit("waiting")
    listeners = await stage.listening(actors, visit)
    await colleague_sets_priority(stage, visit, 1)  # now ahead of it
    return await stage.seen(listeners, lambda e: e["type"] == "position" and e["visit"] == visit)


@scenario("inbox.updated", "P writes in V in async phase")
async def _(stage: Stage, actors):
    visit = await stage.visit("asyncPhase")
    listeners = await stage.listening(actors, visit)
    sent = await (await stage.device(PATIENT)).request("message.send", visit=visit, text="Jag har fortfarande feber.")
    assert sent["type"] == "ack", sent
    return await stage.seen(listeners, lambda e: e["type"] == "inbox.updated" and e["visit"] == visit)


@scenario("typing", "P types in V in progress, on another device")
async def _(stage: Stage, actors):
    visit = await stage.visit("inProgress")
    listeners = await stage.listening(actors, visit)
    device = await stage.device(PATIENT)
    await device.send("typing", visit=visit)
    await stage.barrier([device])  # the typing has been handled
    return await stage.seen(listeners, lambda e: e["type"] == "typing" and e["visit"] == visit)


@scenario("receipt", "P reads V in progress, on another device")
async def _(stage: Stage, actors):
    visit = await stage.visit("inProgress")
    listeners = await stage.listening(actors, visit)
    assert (await (await stage.device(PATIENT)).request("read", visit=visit, upTo=1))["type"] == "ack"
    return await stage.seen(listeners, lambda e: e["type"] == "receipt" and e["visit"] == visit
                            and e["by"]["kind"] == "patient")


async def comes_online(stage: Stage, actors, state: str):
    visit = await stage.visit(state)
    await stage.offline()
    listeners = await stage.listening([a for a in actors if a != PATIENT], visit)
    listeners[PATIENT] = await stage.connect(PATIENT)  # the presence goes out before P's welcome
    return await stage.seen(listeners, lambda e: e["type"] == "presence" and e["patient"] == stage.patient
                            and e["online"] is True)


@scenario("presence", "P comes online, V in progress")
async def _(stage: Stage, actors):
    return await comes_online(stage, actors, "inProgress")


@scenario("presence", "P comes online, V waiting")
async def _(stage: Stage, actors):
    return await comes_online(stage, actors, "waiting")


@scenario("visit.unsubscribed", "the responsible accepts V while a colleague has it open")
async def _(stage: Stage, actors):
    visit = await stage.visit("waiting")
    listeners = await stage.listening(actors, visit)
    await take_to(visit, "accepted", await stage.device(RESPONSIBLE))
    return await stage.seen(listeners, lambda e: e["type"] == "visit.unsubscribed" and e["visit"] == visit
                            and e["reason"] == "access_ended")


@pytest.fixture(scope="module")
def stage_server(request, tmp_path_factory):
    world = World(start_module_server(request, tmp_path_factory, "events", loops=1))
    yield world
    world.shut()


@pytest.mark.parametrize("event,situation,row", EVENTS, ids=[f"{e}|{s}" for e, s, _ in EVENTS])
def test_event(stage_server, event, situation, row):
    expected = dict(zip(ACTORS, row, strict=True))
    actors = [actor for actor in ACTORS if expected[actor] != NA]

    async def play():
        stage = Stage(stage_server.server)
        try:
            return await SCENARIOS[(event, situation)](stage, actors)
        finally:
            await stage.close()

    got = stage_server.run(play())
    assert got == {actor: expected[actor] for actor in actors}, (
        f"{event} ({situation}): received {got}; docs/permissions.md says {expected}")


# -- The document and the wire types --------------------------------------------------------------

def cell_text(cell: str) -> str:
    """A cell as the tables compare it: without backticks and without a note in parentheses."""
    return cell.replace("`", "").split(" (")[0].strip()


def markdown_tables(text: str):
    """(section, subsection, header cells, rows of cells) for each table, in order."""
    tables, section, subsection, current = [], None, None, None
    for line in text.splitlines():
        if line.startswith("## "):
            section, subsection = line[3:].strip(), None
        elif line.startswith("### "):
            subsection = line[4:].strip()
        if not line.startswith("|"):
            current = None
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if current is None:
            current = (section, subsection, cells, [])
            tables.append(current)
        elif not set("".join(cells)) <= set("-: "):
            current[3].append(cells)
    return tables


def document_cells():
    """The command cells, the event rows, and which tables carry the not-built row or column."""
    commands, events, without_kinds = {}, {}, []
    for section, subsection, header, rows in markdown_tables(DOC.read_text(encoding="utf-8")):
        if section == "Commands" and subsection:
            command = None if subsection == "Commands without a visit" else cell_text(subsection)
            columns = [cell_text(c) for c in header[1:]]
            if not any(row[0].startswith(NOT_BUILT) for row in rows):
                without_kinds.append(subsection)
            for row in rows:
                if row[0].startswith(NOT_BUILT):
                    continue
                for column, cell in zip(columns, row[1:], strict=True):
                    key = (column, row[0], NO_VISIT) if command is None else (command, row[0], column)
                    commands[key] = cell_text(cell)
        elif section == "Events" and header[:2] == ["event", "scenario"]:
            if header[-1] != NOT_BUILT:
                without_kinds.append("Events")
            actors = header[2:-1] if header[-1] == NOT_BUILT else header[2:]
            assert tuple(actors) == ACTORS, actors
            for row in rows:
                events[(cell_text(row[0]), row[1])] = tuple(cell_text(c) for c in row[2:2 + len(actors)])
    return commands, events, without_kinds


def test_the_document_has_the_same_cells():
    commands, events, without_kinds = document_cells()
    expected = command_cells()
    differ = sorted(f"{k}: doc {commands.get(k)!r}, test {expected.get(k)!r}"
                    for k in set(commands) | set(expected) if commands.get(k) != expected.get(k))
    assert not differ, f"{len(differ)} command cells differ: " + "; ".join(differ[:10])
    rows = event_rows()
    differ = sorted(f"{k}: doc {events.get(k)}, test {rows.get(k)}"
                    for k in set(events) | set(rows) if events.get(k) != rows.get(k))
    assert not differ, f"{len(differ)} event rows differ: " + "; ".join(differ[:10])
    assert not without_kinds, f"tables without the {NOT_BUILT} row or column: {without_kinds}"


def wire_types(file: str) -> set[str]:
    text = (REPO / "Sources" / "Wire" / file).read_text(encoding="utf-8")
    return {raw or name for name, raw in re.findall(r'^\s*case (\w+)(?: = "([^"]+)")?\s*$', text, re.M)}


def test_the_tables_cover_every_wire_type():
    commands = set(COMMANDS) | set(COMMANDS_WITHOUT_VISIT)
    assert commands == wire_types("CommandType.swift"), commands ^ wire_types("CommandType.swift")
    events = {event for event, _, _ in EVENTS}
    assert events == wire_types("EventType.swift"), events ^ wire_types("EventType.swift")
    assert set(FIELDS) == set(COMMANDS) and set(SCENARIOS) == set(event_rows())
    for rows in COMMANDS.values():
        assert tuple(rows) == ACTORS and all(len(row) == len(STATES) for row in rows.values())
