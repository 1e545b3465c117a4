"""A small carewire.v1 test client (python websockets, asyncio) and token minting.

Tokens are minted here with Python's own hmac (an independent HS256 implementation), so the
tests also check that the server verifies standard JWTs, not only its own.
Waiting is always on events with a deadline (`expect`, helpers.DEADLINE), never on sleeps.
"""
from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import itertools
import json
import time

import websockets

from contract import ContractCheck, token_kind
from helpers import DEADLINE

SECRET = "integration-secret-0123456789"
PROTOCOL = "carewire.v1"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def mint(claims: dict, secret: str = SECRET) -> str:
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    payload = b64url(json.dumps(claims, separators=(",", ":")).encode())
    signing_input = f"{header}.{payload}".encode()
    signature = hmac.new(secret.encode(), signing_input, hashlib.sha256).digest()
    return f"{header}.{payload}.{b64url(signature)}"


def patient_token(sub: str, name: str | None = None, pin: str = "19121212-1212", ttl: int = 3600, **extra) -> str:
    now = int(time.time())
    return mint({"sub": sub, "kind": "patient", "name": name or sub, "pin": pin, "exp": now + ttl, "iat": now, **extra})


def staff_token(sub: str, role: str = "nurse", units=("vc-bjorkdalen",), provider: str = "norrsken", ttl: int = 3600,
                rights=(), name: str | None = None) -> str:
    now = int(time.time())
    return mint({"sub": sub, "kind": "staff", "name": name or sub, "provider": provider, "units": list(units),
                 "role": role, "rights": list(rights), "exp": now + ttl, "iat": now})


def care_flags(database: str) -> list[str]:
    return ["--database", database, "--token-secret", SECRET, "--intake", "norrsken:vc-bjorkdalen:nurse"]


STAFF_ONLY_TYPES = {"queue", "queue.added", "queue.updated", "queue.removed", "inbox", "inbox.updated",
                    "presence", "unsubscribed"}
STAFF_ONLY_KEYS = {"priority", "asyncInbox", "chargeForVisit", "patientOnline", "personalIdentityNumber"}
STAFF_ONLY_EVENT_KINDS = {"priorityChanged", "markedDone"}


class PatientFrameCheck:
    """What a patient connection may never receive (rulings: staff-only state never reaches a
    patient): staff-only frames, keys and event kinds, a staff member named by id, the triage
    text, or a gap or duplicate in a visit's seq (the patient's numbering is gap-free)."""

    checked = 0

    def __init__(self):
        self.last_seq: dict[str, int] = {}
        self.violations: list[str] = []

    def __call__(self, frame: dict) -> None:
        PatientFrameCheck.checked += 1
        kind = frame.get("type")
        if kind in STAFF_ONLY_TYPES:
            self.violations.append(f"staff-only frame {kind}: {frame}")
        self._walk(frame, frame, path=kind or "?")
        visit = frame.get("visit")
        if kind in ("visit", "reload"):
            self.last_seq.pop(visit, None)
        elif kind == "visit.event":
            seq, last = frame.get("seq"), self.last_seq.get(visit)
            if last is not None and seq != last + 1:
                self.violations.append(f"seq {seq} after {last} (gap or duplicate): {frame}")
            self.last_seq[visit] = seq

    def _walk(self, node, frame, path: str) -> None:
        if isinstance(node, dict):
            for key in STAFF_ONLY_KEYS & node.keys():
                self.violations.append(f"staff-only key {path}.{key}: {frame}")
            if node.get("kind") in STAFF_ONLY_EVENT_KINDS:
                self.violations.append(f"staff-only event {node['kind']}: {frame}")
            if node.get("kind") == "staff" and "id" in node:
                self.violations.append(f"staff id at {path}: {frame}")
            if node.get("kind") == "created" and "text" in node:
                self.violations.append(f"triage text at {path}: {frame}")
            for key in ("by", "responsible"):
                if isinstance(node.get(key), dict) and "id" in node[key] and node[key].get("kind") != "patient":
                    self.violations.append(f"staff id at {path}.{key}: {frame}")
            for key, value in node.items():
                self._walk(value, frame, f"{path}.{key}")
        elif isinstance(node, list):
            for item in node:
                self._walk(item, frame, path)


class CareClient:
    """One connection. `events` holds everything received not yet taken by `expect`. Every frame
    sent and received is checked against the contract, docs/asyncapi.yaml (`ContractCheck`: the
    commands sent, the frames received in the connection's view, patient or staff by the
    token's kind), and a patient's connection also by `PatientFrameCheck`; a violation fails the
    next `expect` and the close (and, failing those, the test: contract_plugin)."""

    _ids = itertools.count(1)

    def __init__(self, ws, name: str, patient: bool = False, kind: str | None = None):
        self.ws = ws
        self.name = name
        self.check = PatientFrameCheck() if patient else None
        self.contract = ContractCheck("patient" if patient else kind, name)
        self.events: list[dict] = []
        self.closed: tuple[int | None, str] | None = None
        self._changed = asyncio.Event()
        self._reader = asyncio.get_running_loop().create_task(self._read())

    @classmethod
    async def connect(cls, base_url: str, token: str | None = None, *, hello: bool = False, resume=None,
                      name: str = "client", subprotocols=(PROTOCOL,)) -> "CareClient":
        url = f"{base_url}/ws" + (f"?token={token}" if token and not hello else "")
        ws = await websockets.connect(url, subprotocols=list(subprotocols), max_size=2**22, open_timeout=DEADLINE)
        kind = token_kind(token)
        client = cls(ws, name, patient=kind == "patient", kind=kind)
        if token and hello:
            fields = {"token": token}
            if resume:
                fields["resume"] = resume
            await client.send("hello", **fields)
        return client

    async def _read(self):
        try:
            async for message in self.ws:
                self.contract.received(message)
                frame = json.loads(message)
                if self.check:
                    self.check(frame)
                self.events.append(frame)
                self._changed.set()
        except websockets.ConnectionClosed:
            pass
        finally:
            rcvd = self.ws.protocol.close_rcvd
            self.closed = (rcvd.code, rcvd.reason) if rcvd else (None, "")
            self._changed.set()

    def new_id(self) -> str:
        return f"{self.name}-{next(self._ids)}"

    async def send(self, type_: str, id: str | None = None, **fields) -> str:
        command_id = id or self.new_id()
        text = json.dumps({"type": type_, "id": command_id, **fields})
        self.contract.sent(text)
        await self.ws.send(text)
        return command_id

    async def expect(self, match, timeout: float = DEADLINE, what: str | None = None, keep: bool = False) -> dict:
        """The first received event matching `match` (a type name or a predicate), removed (with
        `keep`, left in `events`)."""
        predicate = (lambda e: e.get("type") == match) if isinstance(match, str) else match
        deadline = time.monotonic() + timeout
        while True:
            self.assert_clean()
            for index, event in enumerate(self.events):
                if predicate(event):
                    return event if keep else self.events.pop(index)
            left = deadline - time.monotonic()
            if left <= 0 or (self.closed is not None and not self.events_pending(predicate)):
                raise AssertionError(f"{self.name}: no {what or match} within {timeout}s "
                                     f"(closed={self.closed}); received: {self.events[-10:]}")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), timeout=left)
            except asyncio.TimeoutError:
                pass

    def events_pending(self, predicate) -> bool:
        return any(predicate(e) for e in self.events)

    async def answer(self, command_id: str, timeout: float = DEADLINE) -> dict:
        """The ack or error answering `command_id`."""
        return await self.expect(lambda e: e.get("id") == command_id and e.get("type") in ("ack", "error"),
                                 timeout, what=f"answer to {command_id}")

    async def request(self, type_: str, **fields) -> dict:
        return await self.answer(await self.send(type_, **fields))

    async def reply(self, type_: str, **fields) -> dict:
        """Whatever answers the command: an ack, an error, or its data (a snapshot, a history page,
        a queue, an inbox, a directory answer)."""
        command_id = await self.send(type_, **fields)
        return await self.expect(lambda e: e.get("id") == command_id, what=f"the answer to {type_} {command_id}")

    async def wait_closed(self, timeout: float = DEADLINE) -> tuple[int | None, str]:
        await asyncio.wait_for(self._reader, timeout)
        return self.closed

    def assert_clean(self) -> None:
        if self.check and self.check.violations:
            raise AssertionError(f"{self.name}: a patient connection received what it may not: "
                                 f"{self.check.violations[:3]}")
        self.contract.raise_violations()

    async def close(self):
        self.assert_clean()
        await self.ws.close()
        try:
            await asyncio.wait_for(self._reader, 5)
        except asyncio.TimeoutError:
            self._reader.cancel()
        self.contract.closed()
        self.contract.raise_violations()


def run(coro):
    return asyncio.run(coro)


def http_json(host: str, port: int, method: str, path: str, body=None, headers=None) -> tuple[int, dict]:
    """One HTTP request with http.client (direct: no proxy), JSON in and out."""
    import http.client
    connection = http.client.HTTPConnection(host, port, timeout=DEADLINE)
    try:
        payload = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        connection.request(method, path, body=payload, headers={"Content-Type": "application/json", **(headers or {})})
        response = connection.getresponse()
        data = response.read()
        return response.status, (json.loads(data) if data else {})
    finally:
        connection.close()
