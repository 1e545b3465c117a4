"""A TCP forwarder whose "network" can be cut and restored, for the patient page.

The page is loaded through the proxy (http://127.0.0.1:PROXY/patient/); the browser's Origin and
Host then both name the proxy, so the server's same-origin check passes unchanged. `cut()` resets
every open connection (the browser sees an abnormal close, 1006) and refuses new ones until
`restore()`, which is what a lost network looks like to the page.

`cut(websockets_only=True)` takes only the live connection away: WebSocket connections are reset
and new WebSocket handshakes refused, while plain HTTP still goes through, so the page itself can
be reloaded (its files are not cached for offline use) while its connection stays down. Each new
connection's first request head is read to tell the two apart (Chromium opens a WebSocket on a
connection of its own, never on a reused HTTP one).
"""
from __future__ import annotations

import socket
import struct
import threading


class CuttableProxy:
    def __init__(self, target_port: int, host: str = "127.0.0.1") -> None:
        self.target = (host, target_port)
        self.cutting: str | None = None          # None, "all" or "websockets"
        self.lock = threading.Lock()
        self.live: dict[socket.socket, bool] = {}   # socket -> carries a WebSocket
        self.listener = socket.create_server((host, 0))
        self.port = self.listener.getsockname()[1]
        self.url = f"http://{host}:{self.port}"
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.cutting == "all":
                _reset(client)
                continue
            threading.Thread(target=self._connect, args=(client,), daemon=True).start()

    def _connect(self, client: socket.socket) -> None:
        head = _request_head(client)
        websocket = b"upgrade: websocket" in head.lower()
        if head == b"" or self.cutting == "all" or (websocket and self.cutting == "websockets"):
            _reset(client)
            return
        try:
            upstream = socket.create_connection(self.target, timeout=5)
            upstream.settimeout(None)
            upstream.sendall(head)
        except OSError:
            _reset(client)
            return
        with self.lock:
            self.live.update({client: websocket, upstream: websocket})
        threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
        threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        with self.lock:
            self.live.pop(src, None)

    def cut(self, websockets_only: bool = False) -> None:
        self.cutting = "websockets" if websockets_only else "all"
        with self.lock:
            doomed = [s for s, ws in self.live.items() if ws or not websockets_only]
            for s in doomed:
                del self.live[s]
        for s in doomed:
            _reset(s)

    def restore(self) -> None:
        self.cutting = None

    def close(self) -> None:
        self.cut()
        self.listener.close()


def _request_head(client: socket.socket, limit: int = 65536) -> bytes:
    """The bytes up to the end of the first request's head (all of them are forwarded later)."""
    head = b""   # no deadline: Chromium may open a connection early and send on it much later
    try:
        while b"\r\n\r\n" not in head and len(head) < limit:
            data = client.recv(65536)
            if not data:
                break
            head += data
    except OSError:
        pass
    return head


def _reset(s: socket.socket) -> None:
    """End the connection without any WebSocket close frame. shutdown() first: it wakes the pump
    thread blocked in recv (a bare close() would not), then close() with SO_LINGER 0 sends RST."""
    for step in (lambda: s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)),
                 lambda: s.shutdown(socket.SHUT_RDWR), s.close):
        try:
            step()
        except OSError:
            pass
