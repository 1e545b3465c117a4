"""A TCP forwarder whose "network" can be cut and restored, for the patient page.

The page is loaded through the proxy (http://127.0.0.1:PROXY/patient/); the browser's Origin and
Host then both name the proxy, so the server's same-origin check passes unchanged. `cut()` resets
every open connection (the browser sees an abnormal close, 1006) and refuses new ones until
`restore()`, which is what a lost network looks like to the page.
"""
from __future__ import annotations

import socket
import struct
import threading


class CuttableProxy:
    def __init__(self, target_port: int, host: str = "127.0.0.1") -> None:
        self.target = (host, target_port)
        self.cutting = False
        self.lock = threading.Lock()
        self.live: set[socket.socket] = set()
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
            if self.cutting:
                _reset(client)
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                _reset(client)
                continue
            with self.lock:
                self.live.update((client, upstream))
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

    def cut(self) -> None:
        self.cutting = True
        with self.lock:
            live, self.live = self.live, set()
        for s in live:
            _reset(s)

    def restore(self) -> None:
        self.cutting = False

    def close(self) -> None:
        self.cut()
        self.listener.close()


def _reset(s: socket.socket) -> None:
    """End the connection without any WebSocket close frame. shutdown() first: it wakes the pump
    thread blocked in recv (a bare close() would not), then close() with SO_LINGER 0 sends RST."""
    for step in (lambda: s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)),
                 lambda: s.shutdown(socket.SHUT_RDWR), s.close):
        try:
            step()
        except OSError:
            pass
