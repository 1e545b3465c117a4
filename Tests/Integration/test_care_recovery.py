"""The recovery matrix (issue 21, item 1): a server stopped while it holds visits in every state
comes back with exactly the same queues, inboxes and visits, and its clients resume.

For 1, 2 and 4 event loops, stopped with SIGTERM and with SIGKILL: three rounds, each filling a
queue through its own intake (vc-bjorkdalen/nurse, vc-lovsta/nurse, vc-bjorkdalen/doctor: two units,
two roles) with waiting visits of distinct patients, some re-prioritised, and visits taken
further by the staff of that queue: accepted, in progress (chat, read marks), in the async phase
with an unread patient message (the inbox tab `inbox`, "needs action"), with nothing to do, marked
done, and closed. With every patient and every staff member connected (queues and inbox
subscribed) the server is stopped, then restarted on the same database (port 0: a new port;
the next round's intake). Then:

- every queue (`queue.subscribe`: entries, order, positions, priorities), every inbox
  (`inbox.subscribe`) and every visit (`visit.open` snapshot with its read marks, and its whole
  `visit.history`, in the staff view and the patient's) equals what was captured before the stop,
  field for field, except what legitimately changes with a restart (presence: `patientOnline`;
  the command `id`s of the capture);
- the subscribers were closed (1001 on SIGTERM); reconnecting with `hello` + `resume` {visit:
  lastSeq} gives each visit's snapshot, no `reload` and no event (none were missed), and the
  re-subscribed queue and inbox snapshots equal the captured ones;
- the visits go on: a message gets lastSeq + 1 and reaches the responsible clinician's resumed
  connection, an accepted visit starts, a waiting one is accepted (its queue's subscribers see it
  leave), and a closed one still refuses messages.

The mix (how many visits in each state, priorities, who is responsible, chat lengths) comes
from a random seed, printed with every failure: CAREWIRE_TEST_SEED=N replays it.
CAREWIRE_TEST_RECOVERY_BIG=1 runs a bigger variant (about ten times the visits, four rounds).
"""
from __future__ import annotations

import asyncio
import os
import random
import signal
from dataclasses import dataclass, field

import pytest

from care_client import SECRET, CareClient, patient_token, run, staff_token

BIG = os.environ.get("CAREWIRE_TEST_RECOVERY_BIG", "") not in ("", "0")
SEED = int(os.environ.get("CAREWIRE_TEST_SEED") or random.SystemRandom().randrange(1 << 32))

pytestmark = [pytest.mark.carewire_only("the care protocol"), pytest.mark.timeout(1800 if BIG else 180)]

PROVIDER = "norrsken"
# The three queues, one intake each round: two units, two roles.
QUEUES = [("vc-bjorkdalen", "nurse"), ("vc-lovsta", "nurse"), ("vc-bjorkdalen", "doctor")]
# Staff id -> (role, units). Sara works both nurses' queues, so she sees two.
STAFF = {
    "staff-anna": ("nurse", ("vc-bjorkdalen",)),
    "staff-sara": ("nurse", ("vc-bjorkdalen", "vc-lovsta")),
    "staff-olof": ("nurse", ("vc-lovsta",)),
    "staff-erik": ("doctor", ("vc-bjorkdalen",)),
}
ROUNDS = 4 if BIG else 3
WAITING = (80, 120) if BIG else (8, 12)        # waiting visits per round (= per queue)
OTHERS = 4 if BIG else 1                       # scale of the visits in the other states
# Fields a restart legitimately changes: presence, and the ids of the capture's own commands.
VOLATILE = {"patientOnline", "id"}
# Commands one connection sends before the pool opens a fresh one: below the burst of 60.
COMMANDS_PER_CONNECTION = 40


def workers(queue: tuple[str, str]) -> list[str]:
    unit, role = queue
    return [s for s, (r, units) in STAFF.items() if r == role and unit in units]


def stable(value):
    """`value` without the fields a restart may change."""
    if isinstance(value, dict):
        return {k: stable(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [stable(v) for v in value]
    return value


@dataclass
class VisitPlan:
    visit: str
    patient: str
    queue: tuple[str, str]
    goal: str       # what its round made of it: waiting, accepted, inProgress, needsAction, noAction, markedDone, closed
    responsible: str | None = None


@dataclass
class Person:
    """A patient or a staff member: tokens, the live connection held across the stop, and a
    pool of short connections for bulk commands (each under the per-connection burst)."""
    id: str
    token: str
    live: CareClient | None = None
    pool: CareClient | None = None
    pool_used: int = 0
    visits: list[str] = field(default_factory=list)

    async def worker(self, url: str, commands: int = 1) -> CareClient:
        if self.pool is None or self.pool_used + commands > COMMANDS_PER_CONNECTION:
            if self.pool is not None:
                await self.pool.close()
            self.pool = await CareClient.connect(url, self.token, name=f"{self.id}-pool")
            await self.pool.expect("welcome")
            self.pool_used = 0
        self.pool_used += commands
        return self.pool

    async def close_pool(self) -> None:
        if self.pool is not None:
            await self.pool.close()
            self.pool = None


class Clinic:
    """The test's side of one matrix case: the people, the visits, and the server of the moment."""

    def __init__(self, start_server, tmp_path, loops: int, stop_signal: int, rng: random.Random, log):
        self.start_server = start_server
        self.database = str(tmp_path / "care.db")
        self.loops = loops
        self.stop_signal = stop_signal
        self.rng = rng
        self.log = log
        self.server = None
        self.staff = {s: Person(s, staff_token(s, role=r, units=u, provider=PROVIDER, name=s.title()))
                      for s, (r, u) in STAFF.items()}
        self.patients: dict[str, Person] = {}
        self.plans: dict[str, VisitPlan] = {}

    # -- the server ------------------------------------------------------------------------------

    def start(self, queue: tuple[str, str]) -> None:
        unit, role = queue
        self.server = self.start_server("--database", self.database, "--token-secret", SECRET,
                                        "--intake", f"{PROVIDER}:{unit}:{role}", loops=self.loops)
        self.log(f"server pid {self.server.pid} on port {self.server.port}, --loops {self.loops}, intake {unit}/{role}")

    def stop(self) -> None:
        name = signal.Signals(self.stop_signal).name
        code, problem = self.server.stop(self.stop_signal)
        assert problem is None, f"{name}: {problem}\n{self.server.log_tail()}"
        self.log(f"stopped with {name}: exit {code}")

    def died(self) -> str | None:
        """Why the server is gone, if it is (with the tail of its log), else None."""
        if self.server is None or self.server.stopped or self.server.alive():
            return None
        return f"the server died: exit status {self.server.proc.poll()}; log tail:\n{self.server.log_tail(3000)}"

    @property
    def url(self) -> str:
        return self.server.ws_url

    # -- filling a queue ---------------------------------------------------------------------------

    async def request(self, client: CareClient, type_: str, **fields) -> dict:
        answer = await client.request(type_, **fields)
        assert answer["type"] == "ack", (client.name, type_, fields, answer)
        return answer

    async def fill(self, queue: tuple[str, str]) -> None:
        """Waiting visits and visits in every later state, all in `queue` (the current intake)."""
        rng = self.rng
        goals = (["waiting"] * rng.randint(*WAITING)
                 + ["accepted"] * rng.randint(1, 2 * OTHERS) + ["inProgress"] * rng.randint(1, 3 * OTHERS)
                 + ["needsAction"] * rng.randint(1, 2 * OTHERS) + ["noAction"] * rng.randint(1, 2 * OTHERS)
                 + ["markedDone"] * rng.randint(0, OTHERS) + ["closed"] * rng.randint(1, 2 * OTHERS))
        rng.shuffle(goals)
        created = []
        for goal in goals:
            patient = self.new_patient()
            patient.live = await CareClient.connect(self.url, patient.token, hello=True, name=patient.id)
            await patient.live.expect("welcome")
            ack = await self.request(patient.live, "visit.create", contactReason=f"{goal} {len(self.plans)}",
                                     text=f"{patient.id}: {goal}")
            visit = ack["visit"]
            await patient.live.expect(lambda e: e["type"] == "visit" and e["visit"] == visit)
            patient.visits.append(visit)
            self.plans[visit] = VisitPlan(visit, patient.id, queue, goal)
            created.append(self.plans[visit])
        for plan in created:
            await self.advance(plan)

    def new_patient(self) -> Person:
        number = len(self.patients) + 1
        sub = f"patient-{number:04d}"
        person = Person(sub, patient_token(sub, f"Patient {number}", pin=f"1990{number % 12 + 1:02d}01-{number:04d}"))
        self.patients[sub] = person
        return person

    async def advance(self, plan: VisitPlan) -> None:
        rng, visit = self.rng, plan.visit
        patient = self.patients[plan.patient].live
        if plan.goal == "waiting":
            if rng.random() < 0.5:   # staff correct the triage priority before accepting
                nurse = await self.staff[rng.choice(workers(plan.queue))].worker(self.url)
                await self.request(nurse, "visit.priority", visit=visit, priority=rng.randint(1, 5))
            return
        plan.responsible = rng.choice(workers(plan.queue))
        staff = await self.staff[plan.responsible].worker(self.url, 12)
        await self.request(staff, "visit.accept", visit=visit)
        if plan.goal == "accepted":
            return
        await self.request(staff, "visit.start", visit=visit)
        for i in range(rng.randint(0, 4)):
            await self.request(patient, "message.send", visit=visit, text=f"patient {i}")
            if rng.random() < 0.7:
                await self.request(staff, "message.send", visit=visit, text=f"staff {i}")
        if rng.random() < 0.6:   # read marks are part of the snapshot
            last = (await self.request(staff, "message.send", visit=visit, text="läst?"))["seq"]
            await self.request(patient, "read", visit=visit, upTo=rng.randint(1, last))
            await self.request(staff, "read", visit=visit, upTo=last)
        if plan.goal == "inProgress":
            return
        days = 0 if plan.goal == "closed" else rng.randint(1, 30)
        await self.request(staff, "visit.end", visit=visit, asyncPhaseDays=days, chargeForVisit=rng.random() < 0.5)
        if plan.goal in ("needsAction", "markedDone"):
            await self.request(patient, "message.send", visit=visit, text="en fråga till")
        if plan.goal == "markedDone":
            await self.request(staff, "visit.markDone", visit=visit)

    # -- connected before the stop -----------------------------------------------------------------

    async def connect_staff(self, resume: dict[str, int] | None = None) -> dict[str, dict]:
        """Each staff member's live connection: hello (with `resume`), then their queues and inbox.
        Returns their snapshots: {"queues": {queue: entries}, "inbox": tabs}."""
        seen = {}
        for sid, person in self.staff.items():
            mine = {v: s for v, s in (resume or {}).items() if self.plans[v].responsible == sid}
            person.live = await CareClient.connect(self.url, person.token, hello=True, resume=mine or None,
                                                   name=f"{sid}-live")
            await person.live.expect("welcome")
            role, units = STAFF[sid]
            queues = {}
            for unit in units:
                qid = await person.live.send("queue.subscribe", unit=unit, role=role)
                snapshot = await person.live.expect(lambda e: e.get("id") == qid)
                assert snapshot["type"] == "queue", snapshot
                queues[(unit, role)] = stable(snapshot["entries"])
            iid = await person.live.send("inbox.subscribe")
            inbox = await person.live.expect(lambda e: e.get("id") == iid)
            assert inbox["type"] == "inbox", inbox
            seen[sid] = {"queues": queues, "inbox": stable({k: inbox[k] for k in ("inbox", "requiresNoAction", "ended")})}
        return seen

    def live_clients(self) -> list[CareClient]:
        return [p.live for p in list(self.staff.values()) + list(self.patients.values()) if p.live is not None]

    # -- capture -----------------------------------------------------------------------------------

    async def capture(self) -> dict:
        """Every queue, inbox and visit (staff and patient views), through fresh connections."""
        state = {"queues": {}, "inboxes": {}, "staff": {}, "patient": {}}
        for queue in QUEUES:
            reader = await self.staff[workers(queue)[0]].worker(self.url, 2)
            qid = await reader.send("queue.subscribe", unit=queue[0], role=queue[1])
            snapshot = await reader.expect(lambda e: e.get("id") == qid)
            assert snapshot["type"] == "queue", snapshot
            await self.request(reader, "queue.unsubscribe", unit=queue[0], role=queue[1])
            state["queues"][queue] = stable(snapshot["entries"])
        for sid, person in self.staff.items():
            reader = await person.worker(self.url)
            iid = await reader.send("inbox.subscribe")
            inbox = await reader.expect(lambda e: e.get("id") == iid)
            assert inbox["type"] == "inbox", inbox
            state["inboxes"][sid] = stable({k: inbox[k] for k in ("inbox", "requiresNoAction", "ended")})
        # Staff view: the responsible clinician, or for a waiting visit the queue's first worker.
        by_reader: dict[str, list[str]] = {}
        for plan in self.plans.values():
            by_reader.setdefault(plan.responsible or workers(plan.queue)[0], []).append(plan.visit)
        for sid, visits in by_reader.items():
            for start in range(0, len(visits), COMMANDS_PER_CONNECTION // 2):
                chunk = visits[start:start + COMMANDS_PER_CONNECTION // 2]
                reader = await self.staff[sid].worker(self.url, 2 * len(chunk))
                state["staff"].update(await self.read_visits(reader, chunk))
            await self.staff[sid].close_pool()
        for person in self.patients.values():
            reader = await person.worker(self.url, 2 * len(person.visits))
            state["patient"].update(await self.read_visits(reader, person.visits))
            await person.close_pool()
        for person in self.staff.values():
            await person.close_pool()
        return state

    async def read_visits(self, client: CareClient, visits: list[str]) -> dict[str, dict]:
        """visit.open and visit.history of each visit, pipelined: {visit: {snapshot, receipts, history}}.
        The read marks are the `receipt`s of the visit the connection received up to its history
        page (the owner loop sends them right after the snapshot), as a set: a fresh connection
        also gets them with its automatic snapshots of the visits it holds."""
        asked = [(v, await client.send("visit.open", visit=v), await client.send("visit.history", visit=v, limit=200))
                 for v in visits]
        views = {}
        for visit, open_id, history_id in asked:
            snapshot = await client.expect(lambda e: e.get("id") == open_id)
            assert snapshot["type"] == "visit", (client.name, snapshot)
            history = await client.expect(lambda e: e.get("id") == history_id)
            assert history["type"] == "history" and not history["hasMore"], (client.name, history)
            views[visit] = {"snapshot": stable(snapshot), "history": stable(history["events"])}
        for visit, view in views.items():
            view["receipts"] = sorted({(r["by"]["kind"], r["by"].get("id"), r["upTo"]) for r in client.events
                                       if r["type"] == "receipt" and r["visit"] == visit})
        client.events.clear()
        return views

    # -- the stop and the way back -----------------------------------------------------------------

    async def stop_and_restart(self, next_queue: tuple[str, str], before: dict) -> None:
        clients = self.live_clients()
        self.stop()
        # Every live connection ends: a close frame with 1001 on SIGTERM, a dropped socket on SIGKILL.
        codes = await asyncio.gather(*(c.wait_closed(timeout=15) for c in clients))
        if self.stop_signal != signal.SIGKILL:
            wrong = [(c.name, code) for c, code in zip(clients, codes) if code[0] != 1001]
            assert not wrong, f"not closed with 1001 on {signal.Signals(self.stop_signal).name}: {wrong[:5]}"
        self.start(next_queue)
        await self.resume_patients(before)
        seen = await self.connect_staff(resume=last_seqs(before, "staff"))
        for sid, views in seen.items():
            for queue, entries in views["queues"].items():
                assert entries == before["queues"][queue], diff(f"{sid}'s re-subscribed queue {queue}",
                                                                before["queues"][queue], entries)
            assert views["inbox"] == before["inboxes"][sid], diff(f"{sid}'s re-subscribed inbox",
                                                                  before["inboxes"][sid], views["inbox"])
        await self.expect_resumed(
            [(self.staff[s].live, [v for v, p in self.plans.items() if p.responsible == s]) for s in STAFF],
            before["staff"])
        after = await self.capture()
        compare(before, after)

    async def resume_patients(self, before: dict) -> None:
        last_seq = last_seqs(before, "patient")
        for person in self.patients.values():
            resume = {v: last_seq[v] for v in person.visits}
            person.live = await CareClient.connect(self.url, person.token, hello=True, resume=resume, name=f"{person.id}-back")
            await person.live.expect("welcome")
        await self.expect_resumed([(p.live, p.visits) for p in self.patients.values()], before["patient"])

    async def expect_resumed(self, resumed: list[tuple[CareClient, list[str]]], views: dict) -> None:
        """Each client resumed its visits: a snapshot equal to the captured one, then nothing
        (no reload, no event: nothing was missed). A history page asked after the resume is
        answered after everything the resume sent for that visit (the same loop owns both)."""
        async def check(client: CareClient, visits: list[str]) -> None:
            # A whole page: a patient's page of `limit` log rows may hold fewer (staff-only rows drop out).
            asked = {v: await client.send("visit.history", visit=v, limit=200) for v in visits}
            for visit, history_id in asked.items():
                page = await client.expect(lambda e: e.get("id") == history_id)
                assert page["type"] == "history" and page["events"], (client.name, page)
                last = views[visit]["snapshot"]["lastSeq"]
                assert page["events"][-1]["seq"] == last, (client.name, visit, page["events"][-1], last)
                snapshot = [e for e in client.events if e["type"] == "visit" and e["visit"] == visit]
                assert len(snapshot) == 1, (client.name, visit, "one snapshot on resume", client.events)
                client.events.remove(snapshot[0])
                assert stable(snapshot[0]) == views[visit]["snapshot"], diff(
                    f"{client.name}: resumed snapshot of {visit}", views[visit]["snapshot"], stable(snapshot[0]))
            unexpected = [e for e in client.events if e["type"] in ("reload", "visit.event", "visit", "error")]
            assert not unexpected, (client.name, "after resume", unexpected)
        await asyncio.gather(*(check(client, visits) for client, visits in resumed if visits))

    # -- going on after the restart ----------------------------------------------------------------

    async def go_on(self, before: dict) -> None:
        """A message gets lastSeq + 1 (and reaches the responsible clinician), an accepted visit
        starts, one waiting visit per queue is accepted, a closed visit refuses messages."""
        rng = self.rng
        waiting_by_queue: dict[tuple[str, str], list[VisitPlan]] = {}
        for plan in self.plans.values():
            last = before["staff"][plan.visit]["snapshot"]["lastSeq"]
            seen_last = before["patient"][plan.visit]["snapshot"]["lastSeq"]   # the patient's numbering
            state = before["staff"][plan.visit]["snapshot"]["state"]
            patient = self.patients[plan.patient].live
            staff = self.staff[plan.responsible].live if plan.responsible else None
            if state in ("inProgress", "asyncPhase"):
                ack = await self.request(patient, "message.send", visit=plan.visit, text="efter omstarten")
                assert ack["seq"] == seen_last + 1, (plan, ack, seen_last)
                told = await staff.expect(lambda e: e["type"] == "visit.event" and e["visit"] == plan.visit)
                assert told["seq"] == last + 1 and told["event"]["text"] == "efter omstarten", told
                if state == "asyncPhase" and rng.random() < 0.5:   # back to "requires no action"
                    await self.request(staff, "visit.markDone", visit=plan.visit)
            elif state == "accepted":
                await self.request(staff, "visit.start", visit=plan.visit)
                started = await patient.expect(lambda e: e["type"] == "visit.event" and e["visit"] == plan.visit)
                assert started["seq"] == seen_last + 1 and started["event"]["kind"] == "started", started
                told = await staff.expect(lambda e: e["type"] == "visit.event" and e["visit"] == plan.visit)
                assert told["seq"] == last + 1 and told["event"]["kind"] == "started", told
            elif state == "closed":
                refused = await patient.request("message.send", visit=plan.visit, text="hallå?")
                assert refused.get("code") == "conflict" and refused.get("reason") == "closed", refused
            elif state == "waiting":
                waiting_by_queue.setdefault(plan.queue, []).append(plan)
        for queue, plans in sorted(waiting_by_queue.items()):
            plan = rng.choice(plans)
            plan.responsible = rng.choice(workers(queue))
            seen_last = before["patient"][plan.visit]["snapshot"]["lastSeq"]
            await self.request(self.staff[plan.responsible].live, "visit.accept", visit=plan.visit)
            accepted = await self.patients[plan.patient].live.expect(
                lambda e: e["type"] == "visit.event" and e["visit"] == plan.visit)
            assert accepted["seq"] == seen_last + 1 and accepted["event"]["kind"] == "accepted", accepted
            for sid in workers(queue):
                await self.staff[sid].live.expect(lambda e: e["type"] == "queue.removed" and e["visit"] == plan.visit
                                                  and (e["unit"], e["role"]) == queue)


def last_seqs(state: dict, view: str) -> dict[str, int]:
    """Each visit's lastSeq in one view ("staff" or "patient": a patient's numbering leaves out
    staff-only events, so the two may differ)."""
    return {v: captured["snapshot"]["lastSeq"] for v, captured in state[view].items()}


def compare(before: dict, after: dict) -> None:
    for part in ("queues", "inboxes"):
        for key in before[part]:
            assert after[part][key] == before[part][key], diff(f"{part} {key}", before[part][key], after[part][key])
    for view in ("staff", "patient"):
        assert set(after[view]) == set(before[view])
        for visit in before[view]:
            assert after[view][visit] == before[view][visit], diff(f"{view} view of {visit}", before[view][visit],
                                                                   after[view][visit])


def diff(what: str, before, after) -> str:
    """A readable difference for assertion messages (the first differing entries)."""
    import difflib
    import json
    a = json.dumps(before, indent=1, sort_keys=True, ensure_ascii=False).splitlines()
    b = json.dumps(after, indent=1, sort_keys=True, ensure_ascii=False).splitlines()
    lines = list(difflib.unified_diff(a, b, "before the stop", "after the restart", n=2, lineterm=""))
    return f"{what} changed across the restart:\n" + "\n".join(lines[:60])


def covered(state: dict) -> set[str]:
    """The visit states and inbox tabs a capture holds (the matrix must reach each of them)."""
    found = {view["snapshot"]["state"] for view in state["staff"].values()}
    for inbox in state["inboxes"].values():
        found |= {f"inbox:{tab}" for tab, items in inbox.items() if items}
    return found


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
@pytest.mark.parametrize("loops", [1, 2, 4], ids=lambda n: f"loops{n}")
def test_a_restart_keeps_every_queue_inbox_and_visit(start_server, tmp_path, loops, stop_signal):
    seed = f"{SEED}-{loops}-{signal.Signals(stop_signal).name}"
    print(f"seed {SEED} (replay: CAREWIRE_TEST_SEED={SEED}); case rng {seed!r}")
    clinic = Clinic(start_server, tmp_path, loops, stop_signal, random.Random(seed), log=print)

    async def scenario():
        queues = [QUEUES[i % len(QUEUES)] for i in range(ROUNDS + 1)]
        clinic.start(queues[0])
        for round_, queue in enumerate(queues[:-1]):
            if round_ == 0:
                await clinic.connect_staff()   # queue and inbox subscribers (later rounds: resumed ones)
            await clinic.fill(queue)
            before = await clinic.capture()
            if round_ == len(queues) - 2:
                want = {"waiting", "accepted", "inProgress", "asyncPhase", "closed",
                        "inbox:inbox", "inbox:requiresNoAction", "inbox:ended"}
                assert want <= covered(before), f"the mix missed {want - covered(before)}"
            print(f"round {round_ + 1}: {len(before['staff'])} visits, queues "
                  f"{ {f'{u}/{r}': len(e) for (u, r), e in before['queues'].items()} }")
            await clinic.stop_and_restart(queues[round_ + 1], before)
            await clinic.go_on(before)
        for client in clinic.live_clients():
            await client.close()

    try:
        run(scenario())
    except BaseException as error:
        why = clinic.died()
        raise AssertionError(f"[seed {SEED}: replay with CAREWIRE_TEST_SEED={SEED}] "
                             f"{type(error).__name__}: {error}" + (f"\n{why}" if why else "")) from error
