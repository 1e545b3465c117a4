"""Process lifecycle: listening line, graceful shutdown on SIGTERM/SIGINT, connection cap."""
from __future__ import annotations

import os
import selectors
import signal
import subprocess
import time

import pytest

from helpers import (DEADLINE, OP_CLOSE, OP_TEXT, RawWS, connect, parse_head, recv_until, record, upgrade_request,
                     wait_for)

pytestmark = pytest.mark.timeout(60)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_closes_every_websocket_with_1001_and_exits_0(start_server, sig):
    s = start_server()
    clients = [RawWS(s.host, s.port) for _ in range(20)]
    try:
        for i, ws in enumerate(clients):         # all are past the handshake and echoing
            ws.send(OP_TEXT, f"c{i}".encode())
            assert ws.recv_frame()[3] == f"c{i}".encode()
        t0 = time.monotonic()
        s.proc.send_signal(sig)
        codes = []
        for ws in clients:
            codes.append(ws.expect_close())
            try:
                ws.send(OP_CLOSE, b"\x03\xe9")     # complete the closing handshake like a browser
            except OSError:
                pass
            ws.close()
        assert all(c is not None and c[0] == 1001 for c in codes), codes
        # It exits 0 once every peer answered (the deadline is for a loaded machine; how long it
        # took is recorded, not judged).
        code = s.proc.wait(timeout=DEADLINE)
        record(f"{sig.name}: 20 WebSockets closed with 1001 and exit 0 in {time.monotonic() - t0:.2f}s")
        assert code == 0, f"exit status {code} after {sig.name}"
        # New connections are refused once it is gone.
        with pytest.raises(OSError):
            connect(s.host, s.port, timeout=2).close()
    finally:
        for ws in clients:
            ws.close()
    s.stop()


def test_listening_line_is_the_first_stdout_line(start_server):
    s = start_server()
    first = s.stdout_head.split(b"\n")[0]
    assert first.startswith(b"CareWire listening on http://127.0.0.1:"), first


def test_busy_port_fails_fast(start_server):
    """A second server on a port that is already in use must exit non-zero, not share the port
    (with SO_REUSEPORT two processes would silently split the connections between them)."""
    s = start_server()
    cmd = s.cmd[:]
    cmd[cmd.index("--port") + 1] = str(s.port)
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    try:
        out = b""
        deadline = time.monotonic() + DEADLINE
        with selectors.DefaultSelector() as sel:
            sel.register(p.stdout, selectors.EVENT_READ)
            while time.monotonic() < deadline and b"\n" not in out:
                if sel.select(timeout=deadline - time.monotonic()):
                    chunk = os.read(p.stdout.fileno(), 4096)
                    if not chunk:
                        break
                    out += chunk
        assert b"CareWire listening" not in out, (
            f"a second server started on busy port {s.port} and printed {out.strip()!r}")
        code = p.wait(timeout=DEADLINE)
        assert code != 0, "a second server on a busy port must exit non-zero"
    finally:
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


@pytest.mark.parametrize("flags", [["--no-such-flag"], ["--port", "seventy"], ["--max-frame-bytes"]],
                         ids=["unknown", "bad-number", "missing-value"])
def test_bad_flags_exit_nonzero_without_listening(flags):
    from conftest import _server_command
    p = subprocess.run(_server_command() + flags, capture_output=True, timeout=20, stdin=subprocess.DEVNULL,
                       env={k: v for k, v in os.environ.items() if not k.startswith("CAREWIRE_")})
    assert p.returncode != 0
    assert b"CareWire listening" not in p.stdout
    assert p.stderr.strip(), "an error message on stderr is expected"


def test_max_connections_gives_503(start_server):
    s = start_server("--max-connections", "8")
    held = []
    try:
        # Hold WebSockets until the cap refuses one; at most 8 may be accepted.
        refused = None
        for _ in range(12):
            with_sock = connect(s.host, s.port)
            with_sock.sendall(upgrade_request(s.host, s.port))
            head, _ = recv_until(with_sock, b"\r\n\r\n", time.monotonic() + DEADLINE)
            status, _ = parse_head(head)
            held.append(with_sock)
            if status != 101:
                refused = status
                break
        assert refused == 503, f"no 503 after {len(held)} connections (last status {status})"
        assert len(held) <= 9
        # Once one closes, a new connection is accepted again (poll with a deadline: the server
        # notices the close asynchronously).
        held.pop(0).close()
        held.pop().close()

        def accepted() -> bool:
            try:
                RawWS(s.host, s.port).close()
                return True
            except AssertionError:             # not 101 (503 while the server has not seen the close)
                return False
        wait_for(accepted, what="a WebSocket accepted again after two closed")
    finally:
        for c in held:
            c.close()
