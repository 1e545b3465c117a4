"""A scripted stand-in for the server, for testing Web/lib/carewire.js in a real browser.

One port serves Web/ (plus a blank page with the library harness)
and WebSocket upgrades with subprotocol carewire.v1. It never answers by itself: the test reads
each frame the client sent (`recv`) and writes the frames it wants (`send`), or cuts the TCP
connection without a close frame (`drop`). Every wait has a deadline.
"""
from __future__ import annotations

import asyncio
import http
import json
import mimetypes
import threading
from pathlib import Path

from websockets.asyncio.server import serve
from websockets.datastructures import Headers
from websockets.http11 import Response

HERE = Path(__file__).resolve().parent
WEB = HERE.parents[1] / "Web"
FILES = {"/harness.js": HERE / "pages" / "harness.js", "/blank.html": HERE / "pages" / "blank.html"}


class FakeConnection:
    def __init__(self, fake: "FakeCarewire", ws) -> None:
        self.fake, self.ws = fake, ws
        self.frames: asyncio.Queue = asyncio.Queue()

    def recv(self, timeout: float = 10.0) -> dict:
        """The next frame the client sent (a dict)."""
        return self.fake.call(asyncio.wait_for(self.frames.get(), timeout), timeout + 1)

    def recv_until(self, type_: str, timeout: float = 10.0) -> dict:
        while (f := self.recv(timeout))["type"] != type_:
            pass
        return f

    def send(self, *frames: dict) -> None:
        for f in frames:
            self.fake.call(self.ws.send(json.dumps(f, ensure_ascii=False)))

    def drop(self) -> None:
        """Cut TCP without a close frame, as a lost network does."""
        self.fake.loop.call_soon_threadsafe(self.ws.transport.abort)

    def close(self, code: int, reason: str = "") -> None:
        self.fake.call(self.ws.close(code, reason))


class FakeCarewire:
    def __init__(self) -> None:
        self.refusing = False
        self.refused = 0
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.connections: asyncio.Queue = self.call(self._queue())
        self.server = self.call(self._serve())
        self.port = self.server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.ws_url = f"ws://127.0.0.1:{self.port}/ws"

    def call(self, coro, timeout: float = 10.0):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    async def _queue(self) -> asyncio.Queue:
        return asyncio.Queue()

    async def _serve(self):
        return await serve(self._handle, "127.0.0.1", 0, subprotocols=["carewire.v1"],
                           process_request=self._http, ping_interval=None)

    def _http(self, connection, request):
        if request.headers.get("Upgrade", "").lower() == "websocket":
            if self.refusing:
                self.refused += 1
                return connection.respond(http.HTTPStatus.SERVICE_UNAVAILABLE, "refused\n")
            return None
        path = request.path.split("?")[0]
        file = FILES.get(path) or WEB / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
        if ".." in path or not file.is_file():
            return connection.respond(http.HTTPStatus.NOT_FOUND, "not found\n")
        body = file.read_bytes()
        ctype = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if file.suffix == ".js":
            ctype = "text/javascript"
        headers = Headers([("Content-Type", ctype), ("Content-Length", str(len(body))),
                           ("Cache-Control", "no-store")])
        return Response(200, "OK", headers, body)

    async def _handle(self, ws) -> None:
        conn = FakeConnection(self, ws)
        await self.connections.put(conn)
        try:
            async for message in ws:
                await conn.frames.put(json.loads(message))
        except Exception:  # noqa: BLE001 - a dropped connection ends the loop either way
            pass

    def accept(self, timeout: float = 10.0) -> FakeConnection:
        """The next WebSocket connection the client opened."""
        return self.call(asyncio.wait_for(self.connections.get(), timeout), timeout + 1)

    def close(self) -> None:
        self.server.close()
        self.call(self.server.wait_closed())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)
