"""Plain HTTP on the WebSocket port: health, metrics, static files, traversal, handshake
negatives, request-body framing."""
from __future__ import annotations

import re
import socket
import time

import pytest

from helpers import RawWS, http_get, parse_head, recv_at_least, recv_until, upgrade_request, connect

pytestmark = pytest.mark.timeout(30)

METRIC_NAMES = [
    "carewire_connections", "carewire_messages_in_total", "carewire_messages_out_total",
    "carewire_bytes_in_total", "carewire_bytes_out_total", "carewire_closes_total",
    "carewire_loop_lag_seconds",
]
SAMPLE_RE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (-?[0-9.eE+-]+|NaN|\+Inf|-Inf)$')


def test_healthz(server):
    status, headers, body = http_get(server.host, server.port, "/healthz")
    assert status == 200
    assert body.strip() == b"ok"


def test_metrics_prometheus_text(server):
    # Generate some traffic first so the counters have something to count.
    ws = RawWS(server.host, server.port)
    ws.send(0x1, b"metrics please")
    assert ws.recv_frame()[3] == b"metrics please"
    ws.send(0x8, b"\x03\xe8")
    assert ws.expect_close() == (1000, b"")
    ws.close()

    status, headers, body = http_get(server.host, server.port, "/metrics")
    assert status == 200
    assert headers.get("content-type", "").startswith("text/plain"), headers
    text = body.decode()
    samples: dict[str, float] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = SAMPLE_RE.match(line)
        assert m, f"not Prometheus text exposition: {line!r}"
        samples[m.group(1) + (m.group(2) or "")] = float(m.group(3))
    names = {k.split("{")[0] for k in samples}
    for name in METRIC_NAMES:
        if name == "carewire_closes_total":
            assert any(k.startswith('carewire_closes_total{code="') for k in samples), text
        else:
            assert name in names, f"{name} missing from /metrics:\n{text}"
    assert samples["carewire_messages_in_total"] >= 1
    assert samples["carewire_messages_out_total"] >= 1
    assert samples["carewire_bytes_in_total"] >= len(b"metrics please")


def test_static_file_with_content_type(server):
    status, headers, body = http_get(server.host, server.port, "/test/echo.html")
    assert status == 200
    assert headers["content-type"].split(";")[0].strip() == "text/html", headers
    assert b"<html" in body.lower()
    status, headers, body = http_get(server.host, server.port, "/test/echo.js")
    assert status == 200
    assert headers["content-type"].split(";")[0].strip() in ("text/javascript", "application/javascript"), headers
    assert b"WebSocket" in body


@pytest.mark.parametrize("path", [
    "/../Package.swift", "/%2e%2e/Package.swift", "/%2E%2E/Package.swift", "/Web/../../etc/passwd",
    "/test/../../Package.swift", "/..%2fPackage.swift", "/%2e%2e%2fPackage.swift", "/test/..%2f..%2fPackage.swift",
    "/....//Package.swift", "/../../../../../../etc/passwd", "/%252e%252e/Package.swift", "/.%2e/Package.swift",
])
def test_no_directory_traversal(server, path):
    status, _, body = http_get(server.host, server.port, path)
    assert status in (400, 403, 404), f"{path} -> {status}"
    assert b"swift-tools-version" not in body and b"root:x:0:0" not in body


def test_unknown_path_is_404(server):
    assert http_get(server.host, server.port, "/no/such/thing")[0] == 404
    assert http_get(server.host, server.port, "/test/nope.html")[0] == 404


def _upgrade(server, path="/echo", extra=None, version="13"):
    import time
    with connect(server.host, server.port) as s:
        s.sendall(upgrade_request(server.host, server.port, path, extra=extra, version=version))
        head, _ = recv_until(s, b"\r\n\r\n", time.monotonic() + 5)
        return parse_head(head)


def test_wrong_websocket_version_is_426(server):
    status, headers = _upgrade(server, version="8")
    assert status == 426
    assert headers.get("sec-websocket-version", "").replace(" ", "") in ("13",), headers


def test_upgrade_on_unknown_path_is_not_101(server):
    status, _ = _upgrade(server, path="/nope")
    assert status in (400, 404)


def test_missing_key_is_400(server):
    import time
    with connect(server.host, server.port) as s:
        s.sendall(f"GET /echo HTTP/1.1\r\nHost: {server.host}\r\nUpgrade: websocket\r\n"
                  f"Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n".encode())
        head, _ = recv_until(s, b"\r\n\r\n", time.monotonic() + 5)
        assert parse_head(head)[0] == 400


def test_origin_allowlist(start_server):
    s = start_server("--allowed-origins", "http://good.example")
    status, _ = _upgrade(s, extra={"Origin": "http://evil.example"})
    assert status == 403
    for bad in ["http://good.example.evil", "null", "https://good.example", "http://GOOD.example.evil"]:
        assert _upgrade(s, extra={"Origin": bad})[0] == 403, bad
    assert _upgrade(s, extra={"Origin": "http://good.example"})[0] == 101
    assert _upgrade(s)[0] == 101   # no Origin (a non-browser client): allowed


def test_origin_allowlist_from_env(start_server):
    # Every flag is also an environment variable CAREWIRE_<FLAG>.
    s = start_server(env={"CAREWIRE_ALLOWED_ORIGINS": "http://good.example"})
    assert _upgrade(s, extra={"Origin": "http://evil.example"})[0] == 403
    assert _upgrade(s, extra={"Origin": "http://good.example"})[0] == 101


def test_port_from_env(start_server):
    flags = ["--host", "127.0.0.1", "--echo"]
    s = start_server(*flags, env={"CAREWIRE_PORT": "0"}, base=False)
    assert s.port != 8080 and s.port > 0
    assert http_get(s.host, s.port, "/healthz")[0] == 200


# --- Request bodies (Content-Length only). The binary serves no application HTTP routes, so
# these check the server's framing: bodies are read and discarded on its own paths.

def _exchange(server, data: bytes, responses: int = 1, timeout: float = 5.0) -> tuple[list[tuple[int, dict[str, str], bytes]], bool]:
    """Sends raw bytes, reads `responses` responses (Content-Length framed); returns them and
    whether the server then closed the connection."""
    deadline = time.monotonic() + timeout
    out = []
    with connect(server.host, server.port) as s:
        s.sendall(data)
        buf = b""
        for _ in range(responses):
            head, buf = recv_until(s, b"\r\n\r\n", deadline, buf)
            status, headers = parse_head(head)
            n = int(headers.get("content-length", "0"))
            buf = recv_at_least(s, n, deadline, buf)
            out.append((status, headers, buf[:n]))
            buf = buf[n:]
        s.settimeout(max(deadline - time.monotonic(), 0.01))
        try:
            closed = buf == b"" and s.recv(1) == b""
        except (socket.timeout, ConnectionResetError):
            closed = False
        return out, closed


@pytest.mark.carewire_only("request-body framing rules")
@pytest.mark.parametrize("request_bytes, status", [
    (b"POST /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 411),
    (b"POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 501),
    (b"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc", 400),
    (b"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 65537\r\n\r\n", 413),
    (b"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 1, 2\r\n\r\nab", 400),
])
def test_refused_body_framing_closes(server, request_bytes, status):
    (response,), closed = _exchange(server, request_bytes)
    assert response[0] == status
    assert response[1].get("connection") == "close"
    assert closed


@pytest.mark.carewire_only("request bodies are read and the connection kept")
def test_body_is_read_then_405_and_keep_alive(server):
    body = b'{"visit":"v-1","priority":2}'
    data = (b"POST /test/echo.html HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(body) + body
            + b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    (refused, health), closed = _exchange(server, data, responses=2)
    assert refused[0] == 405 and refused[1]["allow"] == "GET, HEAD"
    assert health[0] == 200 and health[2] == b"ok\n"
    assert closed


@pytest.mark.carewire_only("100-continue")
def test_expect_continue_then_body(server):
    with connect(server.host, server.port) as s:
        s.sendall(b"POST /healthz HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
        head, rest = recv_until(s, b"\r\n\r\n", time.monotonic() + 5)
        assert head.startswith(b"HTTP/1.1 100 Continue")
        s.sendall(b"ping")
        head, _ = recv_until(s, b"\r\n\r\n", time.monotonic() + 5, rest)
        assert parse_head(head)[0] == 405


@pytest.mark.carewire_only("--max-request-body")
def test_max_request_body_flag(start_server):
    s = start_server("--max-request-body", "8")
    (ok,), _ = _exchange(s, b"PUT /x HTTP/1.1\r\nHost: x\r\nContent-Length: 8\r\nConnection: close\r\n\r\n12345678")
    assert ok[0] == 405
    (big,), closed = _exchange(s, b"PUT /x HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\n\r\n")
    assert big[0] == 413 and closed
