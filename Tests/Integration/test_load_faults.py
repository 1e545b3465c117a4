"""Fault and load tests: slowloris, a consumer that never reads, 10,000 idle connections.

All loops are bounded in count and time and target 127.0.0.0/8 only.
"""
from __future__ import annotations

import asyncio
import errno
import os
import re
import selectors
import socket
import threading
import time

import pytest
from websockets.asyncio.client import connect as ws_connect

from conftest import NOFILE
from helpers import OP_BINARY, OP_CLOSE, accept_for, frame, http_get, parse_frame, upgrade_request, wait_for, ws_key

pytestmark = pytest.mark.slow
MiB = 1 << 20
IP_BIND_ADDRESS_NO_PORT = 24


def echo_roundtrip(server, payload: str = "healthy", timeout: float = 5.0) -> float:
    """One fresh WebSocket (python websockets) that echoes; returns the latency in seconds."""
    async def go():
        t0 = time.monotonic()
        async with ws_connect(server.ws_url + "/echo", open_timeout=timeout) as ws:
            await ws.send(payload)
            assert await ws.recv() == payload
        return time.monotonic() - t0
    return asyncio.run(asyncio.wait_for(go(), timeout))


def metric(server, name: str) -> float | None:
    status, _, body = http_get(server.host, server.port, "/metrics")
    assert status == 200
    m = re.search(rf"^{re.escape(name)} (\S+)$", body.decode(), re.M)
    return float(m.group(1)) if m else None


# --------------------------------------------------------------------------- (a) slowloris
@pytest.mark.timeout(60)
def test_slowloris_half_handshakes_are_closed_at_deadline(start_server):
    N, DRIP, TIMEOUT, SLACK = 1000, 20, 2.0, 3.0
    s = start_server("--handshake-timeout", str(int(TIMEOUT)))
    half = (f"GET /echo HTTP/1.1\r\nHost: {s.host}:{s.port}\r\nUpgrade: websocket\r\n").encode()
    socks: list[socket.socket] = []
    opened: dict[int, float] = {}
    closed: dict[int, float] = {}
    sel = selectors.DefaultSelector()
    try:
        for i in range(N + DRIP):
            c = socket.create_connection((s.host, s.port), timeout=5)
            opened[c.fileno()] = time.monotonic()
            if i < N:
                c.sendall(half)                      # half a handshake, then nothing
            else:
                c.sendall(b"G")                      # drip one byte at a time (classic slowloris)
            c.setblocking(False)
            socks.append(c)
            sel.register(c, selectors.EVENT_READ)
        t_all = time.monotonic()

        # While they hang, a legitimate client still connects and echoes promptly.
        latency = echo_roundtrip(s)
        assert latency < 1.0, f"healthy client took {latency:.2f}s with {N} half-open handshakes"
        still_open_at_check = N + DRIP - len(closed)

        drip_bytes = half[1:]
        drip_pos = {c.fileno(): 0 for c in socks[N:]}
        next_drip = time.monotonic()
        deadline = t_all + TIMEOUT + SLACK
        while len(closed) < len(socks) and time.monotonic() < deadline:
            now = time.monotonic()
            if now >= next_drip:
                next_drip = now + 0.25
                for c in socks[N:]:
                    fd = c.fileno()
                    if fd in closed:
                        continue
                    p = drip_pos[fd]
                    if p < len(drip_bytes):
                        try:
                            c.send(drip_bytes[p:p + 1])
                            drip_pos[fd] = p + 1
                        except OSError:
                            pass
            for key, _ in sel.select(timeout=max(0.0, min(next_drip, deadline) - time.monotonic())):
                c = key.fileobj
                try:
                    data = c.recv(4096)
                except ConnectionResetError:
                    data = b""
                except BlockingIOError:
                    continue
                if not data:        # EOF (a 408/400 response before it is fine too)
                    closed[c.fileno()] = time.monotonic()
                    sel.unregister(c)
        not_closed = len(socks) - len(closed)
        assert not_closed == 0, (f"{not_closed} of {len(socks)} slow handshakes still open "
                                 f"{TIMEOUT + SLACK:.0f}s after the last one connected "
                                 f"(--handshake-timeout {TIMEOUT:.0f})")
        early = [closed[fd] - opened[fd] for fd in closed if closed[fd] - opened[fd] < TIMEOUT * 0.5]
        assert not early, f"{len(early)} connections closed long before the handshake timeout"
        assert still_open_at_check > N * 0.9
        print(f"\nslowloris: {N}+{DRIP} closed, last {max(closed.values()) - t_all:.2f}s after the last "
              f"connect; healthy echo {latency * 1000:.1f} ms")
    finally:
        sel.close()
        for c in socks:
            c.close()
    assert echo_roundtrip(s) < 1.0


# --------------------------------------------------------------------------- (b) slow consumer
@pytest.mark.timeout(90)
def test_consumer_that_never_reads(start_server, reports_dir):
    """Send ~50 MB of echo requests without ever reading the echoes. The server must either close
    the connection (1008 at --send-queue-limit, or a TCP close), or stop reading from it
    (backpressure); either way its RSS stays bounded and other clients are served."""
    TOTAL, MSG, RSS_LIMIT = 50 * MiB, 1 * MiB - 4096, 200 * MiB
    s = start_server("--send-queue-limit", str(4 * MiB), "--send-queue-high-water", str(64 * 1024))
    rss0 = s.rss_bytes()
    rss_max = rss0
    stop = threading.Event()
    latencies: list[float] = []
    errors: list[BaseException] = []

    def healthy_loop():
        while not stop.is_set():
            try:
                latencies.append(echo_roundtrip(s, "x" * 1000))
            except BaseException as e:  # noqa: BLE001 - reported below
                errors.append(e)
                return
            stop.wait(0.1)

    c = socket.socket()
    c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)   # make the server's queue build up
    c.settimeout(5)
    c.connect((s.host, s.port))
    key = ws_key()
    c.sendall(upgrade_request(s.host, s.port, key=key))
    resp = b""
    while b"\r\n\r\n" not in resp:
        chunk = c.recv(1)
        assert chunk, "closed during the handshake"
        resp += chunk
    assert b" 101 " in resp.split(b"\r\n")[0] and accept_for(key).encode() in resp
    c.setblocking(False)

    t = threading.Thread(target=healthy_loop, daemon=True)
    t.start()
    payload = os.urandom(MSG)
    sent = 0
    outcome = None
    t0 = time.monotonic()
    try:
        sel = selectors.DefaultSelector()
        sel.register(c, selectors.EVENT_WRITE)
        pending = b""
        stall_since = time.monotonic()
        while sent < TOTAL and time.monotonic() - t0 < 45:
            rss_max = max(rss_max, s.rss_bytes())
            if not pending:
                pending = frame(OP_BINARY, payload)
            if not sel.select(timeout=0.2):
                if time.monotonic() - stall_since > 5:
                    outcome = "backpressure"      # the server stopped reading from this client
                    break
                continue
            try:
                n = c.send(pending[:1 << 20])
            except BlockingIOError:
                continue
            except (BrokenPipeError, ConnectionResetError) as e:
                outcome = f"closed ({errno.errorcode.get(e.errno, e.errno)})"
                break
            sent += n
            pending = pending[n:]
            stall_since = time.monotonic()
        if outcome is None:
            outcome = "accepted-all" if sent >= TOTAL else "timeout"
        # If the server closed, look for its close frame among what we can still read (best effort).
        close_code = None
        if outcome.startswith("closed"):
            c.setblocking(True)
            c.settimeout(2)
            buf = b""
            try:
                while chunk := c.recv(1 << 20):
                    buf += chunk
            except OSError:
                pass
            # Walk the frames from the start (we never read before): the last one may be the close.
            while (parsed := parse_frame(buf)) is not None:
                _, _, op, body, used = parsed
                buf = buf[used:]
                if op == OP_CLOSE and len(body) >= 2:
                    close_code = int.from_bytes(body[:2], "big")
        rss_max = max(rss_max, s.rss_bytes())
        # Other clients are still served during and after.
        assert echo_roundtrip(s) < 2.0
    finally:
        stop.set()
        t.join(timeout=10)
        c.close()
    line = (f"slow consumer: outcome={outcome} close_code={close_code} sent={sent / MiB:.1f} MiB "
            f"in {time.monotonic() - t0:.1f}s; server RSS {rss0 / MiB:.1f} -> max {rss_max / MiB:.1f} MiB; "
            f"healthy echoes {len(latencies)} (max {max(latencies, default=0) * 1000:.0f} ms)")
    print("\n" + line)
    (reports_dir / "slow-consumer.txt").write_text(line + "\n")
    assert not errors, f"healthy client failed meanwhile: {errors[0]!r}"
    assert outcome == "backpressure" or outcome.startswith("closed"), line
    if close_code is not None:
        assert close_code == 1008, line
    if outcome.startswith("closed"):
        # The server counts the close it chose; it must be the policy close, 1008.
        closes = metric(s, 'carewire_closes_total{code="1008"}')
        assert closes and closes >= 1, f"{line}; carewire_closes_total{{code=\"1008\"}} = {closes}"
    assert rss_max < RSS_LIMIT, line
    assert latencies and max(latencies) < 2.0, line


# --------------------------------------------------------------------------- (d) 10k idle
@pytest.mark.timeout(180)
def test_ten_thousand_idle_connections(start_server, reports_dir):
    want = int(os.environ.get("CAREWIRE_TEST_IDLE_CONNECTIONS", "10000"))
    per_conn_limit = int(os.environ.get("CAREWIRE_TEST_IDLE_BYTES_PER_CONN", str(64 * 1024)))
    soft, _ = NOFILE
    n = min(want, soft - 500)
    assert n >= want, f"RLIMIT_NOFILE {NOFILE} too low for {want} connections (run as root or raise it)"
    s = start_server("--max-connections", str(n + 1000), "--ping-interval", "600", "--idle-timeout", "600")
    echo_roundtrip(s)                     # warm up code paths before the baseline
    rss0, fds0 = s.rss_bytes(), s.fd_count()
    sources = ["127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4"]
    sel = selectors.DefaultSelector()
    socks: list[socket.socket] = []
    state: dict[int, list] = {}          # fd -> [sock, key, request bytes left, response]
    done = 0
    t0 = time.monotonic()
    deadline = t0 + 120
    in_flight_max = 256
    next_i = 0
    failures: list[str] = []
    try:
        while done < n and time.monotonic() < deadline:
            while next_i < n and next_i - done < in_flight_max:
                c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                c.setsockopt(socket.IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, 1)
                c.bind((sources[next_i % len(sources)], 0))
                c.setblocking(False)
                err = c.connect_ex((s.host, s.port))
                assert err in (0, errno.EINPROGRESS), os.strerror(err)
                key = ws_key()
                state[c.fileno()] = [c, key, upgrade_request(s.host, s.port, key=key), b""]
                sel.register(c, selectors.EVENT_WRITE)
                socks.append(c)
                next_i += 1
            for k, ev in sel.select(timeout=1.0):
                c = k.fileobj
                st = state[c.fileno()]
                if ev & selectors.EVENT_WRITE:
                    try:
                        sent = c.send(st[2])
                    except BlockingIOError:
                        continue
                    except OSError as e:
                        failures.append(f"send: {e}")
                        sel.unregister(c)
                        done += 1
                        continue
                    st[2] = st[2][sent:]
                    if not st[2]:
                        sel.modify(c, selectors.EVENT_READ)
                    continue
                try:
                    chunk = c.recv(4096)
                except BlockingIOError:
                    continue
                except OSError as e:
                    chunk, st[3] = b"", st[3] + f" [{e}]".encode()
                st[3] += chunk
                if b"\r\n\r\n" in st[3] or not chunk:
                    sel.unregister(c)
                    done += 1
                    head = st[3].split(b"\r\n\r\n")[0]
                    if not (head.startswith(b"HTTP/1.1 101") and accept_for(st[1]).encode() in head):
                        failures.append(head[:120].decode(errors="replace"))
        elapsed = time.monotonic() - t0
        assert done == n, f"only {done} of {n} handshakes finished within {deadline - t0:.0f}s"
        assert not failures, f"{len(failures)} of {n} failed, e.g. {failures[:3]}"

        # All n are open: measure, then check that the server still serves a new client.
        conns_metric = metric(s, "carewire_connections")
        rss1, fds1 = s.rss_bytes(), s.fd_count()
        latency = echo_roundtrip(s)
        per_conn = (rss1 - rss0) / n
        # Nothing was closed by the server meanwhile: a recv on an idle socket must block.
        dead = 0
        for c in socks[:: max(1, n // 500)]:
            try:
                if c.recv(1, socket.MSG_PEEK) == b"":
                    dead += 1
            except BlockingIOError:
                pass
            except OSError:
                dead += 1
        report = (f"idle connections: {n} WebSocket handshakes in {elapsed:.1f}s; server RSS "
                  f"{rss0 / MiB:.1f} MiB -> {rss1 / MiB:.1f} MiB = {per_conn / 1024:.1f} KiB per connection; "
                  f"fds {fds0} -> {fds1}; carewire_connections={conns_metric}; "
                  f"new client echo {latency * 1000:.1f} ms; server: {os.path.basename(s.cmd[0])} "
                  f"{' '.join(s.cmd[1:2])}")
        print("\n" + report)
        (reports_dir / "idle-connections.txt").write_text(report + "\n")
        assert dead == 0, f"{dead} sampled idle connections were closed by the server"
        assert fds1 - fds0 >= n * 0.99, f"server holds {fds1 - fds0} new fds for {n} connections"
        assert per_conn < per_conn_limit, report
        assert latency < 2.0, report
    finally:
        sel.close()
        for c in socks:
            c.close()
    # Closing them all releases the server's fds (no leak).
    from helpers import wait_for
    wait_for(lambda: s.fd_count() <= fds0 + 50, timeout=30, what=f"server fds back near {fds0}")


# --------------------------------------------------------------------------- (c) slow reader counted
@pytest.mark.carewire_only("carewire_slow_readers_closed_total")
@pytest.mark.timeout(60)
def test_slow_reader_close_is_counted(start_server):
    """A WebSocket client that never reads while the server sends to it (echoes of what it
    sends) is dropped at --send-queue-limit, and carewire_slow_readers_closed_total counts it
    (issue 21 item 8: it never moved). Positive control: a client that reads is never counted."""
    s = start_server("--send-queue-limit", str(256 * 1024), "--send-queue-high-water", str(64 * 1024))
    assert metric(s, "carewire_slow_readers_closed_total") == 0
    for _ in range(3):                               # well-behaved traffic first: it must not count
        assert echo_roundtrip(s, "x" * 100_000) < 2.0
    assert metric(s, "carewire_slow_readers_closed_total") == 0

    c = socket.socket()
    c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)   # the server's queue builds up fast
    c.settimeout(5)
    c.connect((s.host, s.port))
    key = ws_key()
    c.sendall(upgrade_request(s.host, s.port, key=key))
    resp = b""
    while b"\r\n\r\n" not in resp:                   # read the 101 byte by byte: nothing after it
        chunk = c.recv(1)
        assert chunk, "closed during the handshake"
        resp += chunk
    assert b" 101 " in resp.split(b"\r\n")[0] and accept_for(key).encode() in resp
    c.setblocking(False)
    payload = os.urandom(64 * 1024)
    sent, closed_by_server = 0, False
    deadline = time.monotonic() + 30
    sel = selectors.DefaultSelector()
    sel.register(c, selectors.EVENT_WRITE)
    pending = b""
    try:
        # Send (never read) until the server drops us: it resets the connection (abortive close).
        while time.monotonic() < deadline and sent < 64 * MiB:
            if not pending:
                pending = frame(OP_BINARY, payload)
            if not sel.select(timeout=0.2):
                if metric(s, "carewire_slow_readers_closed_total"):
                    break                            # dropped, and our side has not noticed yet
                continue
            try:
                n = c.send(pending)
            except BlockingIOError:
                continue
            except (BrokenPipeError, ConnectionResetError):
                closed_by_server = True
                break
            sent += n
            pending = pending[n:]
        # Wait on the counter with a deadline: the close and the count happen in the same step.
        counted = wait_for(lambda: metric(s, "carewire_slow_readers_closed_total"), 10,
                           what="carewire_slow_readers_closed_total > 0")
    finally:
        sel.close()
        c.close()
    assert counted == 1, f"counted {counted} slow readers after {sent / MiB:.1f} MiB (closed: {closed_by_server})"
    closes = metric(s, 'carewire_closes_total{code="1008"}')
    assert closes == 1, f'carewire_closes_total{{code="1008"}} = {closes}'
    assert echo_roundtrip(s) < 2.0                   # the server still serves everyone else
    assert metric(s, "carewire_slow_readers_closed_total") == 1
