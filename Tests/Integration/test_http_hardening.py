"""Issue 21 item 8 over the real server, byte for byte on raw sockets:

- Host (RFC 9112 §3.2): an HTTP/1.1 request without Host, with an empty or invalid one, or with
  two, is answered 400 and the connection closed; HTTP/1.0 may omit it. A WebSocket upgrade with
  two Host or two Origin lines is refused with 400 (only the first used to be checked).
- Every final response carries Content-Security-Policy, X-Content-Type-Options and
  Referrer-Policy: refused upgrades (400, 403, 404, 426) and the connection-limit 503 included.
- CSP connect-src is 'self' plus the --allowed-origins as ws/wss sources (never *).
- --metrics-address HOST:PORT serves /metrics (and /healthz) on a listener of its own, plain
  HTTP, and /metrics on the service port answers 404; the listener's URL is printed after the
  listening line; bad values exit 2 naming the flag.

Every negative check has a positive control next to it. Waits are on bytes or output, with
deadlines.
"""
from __future__ import annotations

import os
import re
import socket
import ssl
import subprocess
import time

import pytest

from conftest import REPO, START_DEADLINE, _server_command
from helpers import RawWS, connect, http_get, recv_at_least, recv_until, wait_for

pytestmark = [pytest.mark.timeout(60), pytest.mark.carewire_only("issue 21 item 8 hardening")]

CSP_SELF = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
SECURITY = {"content-security-policy": CSP_SELF, "x-content-type-options": "nosniff", "referrer-policy": "no-referrer"}
KEY = "dGhlIHNhbXBsZSBub25jZQ=="
UPGRADE = f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {KEY}\r\nSec-WebSocket-Version: 13\r\n"
METRICS_RE = re.compile(rb"CareWire metrics on http://([^/\s]+):(\d+)/metrics\r?\n")
CERT = REPO / "Tests" / "TLSTests" / "Fixtures" / "rsa-cert.pem"
TLS_KEY = REPO / "Tests" / "TLSTests" / "Fixtures" / "rsa-key.pem"


class Response:
    def __init__(self, status: int, fields: list[tuple[str, str]], body: bytes) -> None:
        self.status, self.fields, self.body = status, fields, body

    def values(self, name: str) -> list[str]:
        """Every field line with this name, as sent (repeats are not merged)."""
        return [v for k, v in self.fields if k.lower() == name]

    def header(self, name: str) -> str | None:
        values = self.values(name)
        return values[0] if values else None


def read_response(sock: socket.socket, deadline: float, buf: bytes = b"") -> tuple[Response, bytes]:
    head, buf = recv_until(sock, b"\r\n\r\n", deadline, buf)
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    fields = [(k.strip(), v.strip()) for k, v in (line.split(":", 1) for line in lines[1:] if ":" in line)]
    response = Response(status, fields, b"")
    n = int(response.header("content-length") or 0)
    buf = recv_at_least(sock, n, deadline, buf)
    response.body = buf[:n]
    return response, buf[n:]


def server_closed(sock: socket.socket, deadline: float, buf: bytes = b"") -> bool:
    """True once the server ends the connection (FIN or reset) with nothing more sent."""
    if buf:
        return False
    sock.settimeout(max(deadline - time.monotonic(), 0.01))
    try:
        return sock.recv(1) == b""
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False


def exchange(port: int, data: bytes, responses: int = 1, timeout: float = 5.0,
             host: str = "127.0.0.1") -> tuple[list[Response], bool]:
    """Sends raw bytes; reads `responses` answers; returns them and whether the server then closed."""
    deadline = time.monotonic() + timeout
    with connect(host, port, timeout) as s:
        s.sendall(data)
        out, buf = [], b""
        for _ in range(responses):
            response, buf = read_response(s, deadline, buf)
            out.append(response)
        return out, server_closed(s, deadline, buf)


def assert_security_headers(response: Response, csp: str = CSP_SELF) -> None:
    expected = {**SECURITY, "content-security-policy": csp}
    for name, value in expected.items():
        assert response.values(name) == [value], f"{response.status}: {name} = {response.values(name)}"


# --------------------------------------------------------------------------- Host (RFC 9112 §3.2)
BAD_HOSTS = {
    "missing": b"GET /healthz HTTP/1.1\r\nConnection: keep-alive\r\n\r\n",
    "empty": b"GET /healthz HTTP/1.1\r\nHost:\r\n\r\n",
    "blank": b"GET /healthz HTTP/1.1\r\nHost:   \r\n\r\n",
    "two equal": b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: 127.0.0.1\r\n\r\n",
    "two different": b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: b\r\nhost: evil.example\r\n\r\n",
    "invalid": b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1 evil\r\n\r\n",
    "HTTP/1.0, two": b"GET /healthz HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n",
}


@pytest.mark.parametrize("case", BAD_HOSTS)
def test_bad_host_is_400_and_closes(server, case):
    (response,), closed = exchange(server.port, BAD_HOSTS[case])
    assert response.status == 400, case
    assert response.header("connection") == "close"
    assert_security_headers(response)
    assert closed, "the connection must be closed after the 400"
    # Positive control: the same path with one Host is 200 and the connection stays open.
    (first, second), closed = exchange(
        server.port, b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", responses=2)
    assert (first.status, first.body, first.header("connection")) == (200, b"ok\n", "keep-alive")
    assert second.status == 200 and closed


def test_http10_may_omit_host(server):
    (response,), closed = exchange(server.port, b"GET /healthz HTTP/1.0\r\n\r\n")
    assert response.status == 200 and response.body == b"ok\n"
    assert_security_headers(response)
    assert closed                                    # HTTP/1.0 without keep-alive


def test_pipelined_request_without_host_after_a_good_one(server):
    data = (b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
            b"GET /healthz HTTP/1.1\r\n\r\n"
            b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")   # never answered: the connection is closed
    (good, bad), closed = exchange(server.port, data, responses=2)
    assert good.status == 200 and bad.status == 400 and closed


def _upgrade(port: int, fields: str, path: str = "/echo") -> tuple[Response, bool]:
    (response,), closed = exchange(port, f"GET {path} HTTP/1.1\r\n{fields}\r\n".encode("latin-1"))
    return response, closed


def test_upgrade_with_two_host_or_two_origin_is_400(server):
    own = f"http://127.0.0.1:{server.port}"
    host = f"Host: 127.0.0.1:{server.port}\r\n"
    refused = {
        "two Host": host + host + UPGRADE,
        "two Host, other second": host + "Host: evil.example\r\n" + UPGRADE,
        "two Origin, both its own": host + UPGRADE + f"Origin: {own}\r\nOrigin: {own}\r\n",
        "two Origin, own first": host + UPGRADE + f"Origin: {own}\r\nOrigin: http://evil.example\r\n",
        "two Origin, own second": host + f"Origin: http://evil.example\r\n" + UPGRADE + f"origin: {own}\r\n",
    }
    for case, fields in refused.items():
        response, closed = _upgrade(server.port, fields)
        assert response.status == 400, case
        assert_security_headers(response)
        assert closed, case
    # Positive controls: one Origin, its own, or none at all, is accepted; another one is 403.
    for fields in (host + UPGRADE + f"Origin: {own}\r\n", host + UPGRADE):
        response, _ = _upgrade(server.port, fields)
        assert response.status == 101 and response.header("sec-websocket-accept") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
    assert _upgrade(server.port, host + UPGRADE + "Origin: http://evil.example\r\n")[0].status == 403


# --------------------------------------------------------------------------- security headers
def test_refused_upgrades_carry_the_security_headers(server):
    host = f"Host: 127.0.0.1:{server.port}\r\n"
    cases = {
        400: host + UPGRADE.replace(f"Sec-WebSocket-Key: {KEY}\r\n", ""),
        403: host + UPGRADE + "Origin: http://evil.example\r\n",
        426: host + UPGRADE.replace("Version: 13", "Version: 8"),
    }
    for status, fields in cases.items():
        response, closed = _upgrade(server.port, fields)
        assert response.status == status
        assert_security_headers(response)
        assert response.header("connection") == "close" and closed
        assert response.header("cache-control") == "no-store"
    response, closed = _upgrade(server.port, host + UPGRADE, path="/no-such-endpoint")
    assert response.status == 404 and closed
    assert_security_headers(response)
    # Positive control: the same headers on a plain answer; the 101 itself is a bare head.
    status, headers, _ = http_get(server.host, server.port, "/healthz")
    assert status == 200 and all(headers.get(k) == v for k, v in SECURITY.items()), headers
    response, _ = _upgrade(server.port, host + UPGRADE)
    assert response.status == 101 and response.header("content-security-policy") is None


def test_connection_limit_503_carries_the_security_headers(start_server):
    s = start_server("--max-connections", "1")
    holder = RawWS(s.host, s.port)                   # the one allowed connection
    try:
        (response,), closed = exchange(s.port, b"")   # over the limit: answered before any request
        assert response.status == 503 and response.header("retry-after") == "5" and closed
        assert_security_headers(response)
    finally:
        holder.close()
    # Positive control: once the slot is free again, the same request is served.
    wait_for(lambda: _status_or_none(s.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n") == 200,
             10, what="/healthz served after the slot was freed")


def _status_or_none(port: int, data: bytes) -> int | None:
    try:
        return exchange(port, data)[0][0].status
    except (OSError, AssertionError):
        return None


# --------------------------------------------------------------------------- CSP connect-src
def _csp(server) -> str:
    status, headers, _ = http_get(server.host, server.port, "/test/echo.html")
    assert status == 200
    return headers["content-security-policy"]


def test_csp_connect_src_is_self_only(server):
    assert _csp(server) == CSP_SELF
    assert "ws:" not in _csp(server) and "wss:" not in _csp(server)


def test_csp_connect_src_adds_allowed_origins_as_websocket_sources(start_server):
    s = start_server("--allowed-origins", "https://App.example:8443, http://b.example, *")
    assert _csp(s) == CSP_SELF.replace("connect-src 'self'", "connect-src 'self' wss://app.example:8443 ws://b.example")
    # * stays an Origin rule only: any page may open a WebSocket here, but the CSP adds nothing.
    assert _upgrade(s.port, f"Host: 127.0.0.1:{s.port}\r\n" + UPGRADE + "Origin: http://evil.example\r\n")[0].status == 101


def test_allowed_origins_that_are_not_origins_exit_2():
    for bad in ("https://a.example;script-src *", "http://a.example/path"):
        rc, _, err = _run_to_exit(["--port", "0", "--allowed-origins", bad])
        assert rc == 2 and "--allowed-origins" in err and "is not an origin" in err, (bad, rc, err)


# --------------------------------------------------------------------------- --metrics-address
def metrics_port(s, deadline: float = START_DEADLINE) -> int:
    """The port from `CareWire metrics on http://HOST:PORT/metrics`, printed after the listening
    line: in what the fixture read before it returned, else in the log its stdout drains into."""
    def find():
        m = METRICS_RE.search(s.stdout_head) or METRICS_RE.search(s.log_path.read_bytes())
        return m and int(m.group(2))
    return wait_for(find, deadline, what="the 'CareWire metrics on' line")


def _get(port: int, path: str, host: str = "127.0.0.1") -> Response:
    (response,), _ = exchange(port, f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode())
    return response


def test_metrics_address_serves_metrics_apart(start_server):
    s = start_server("--metrics-address", "127.0.0.1:0")
    port = metrics_port(s)
    assert port not in (0, s.port)
    assert s.stdout_head.index(b"CareWire listening on") == 0   # the listening line stays first
    ws = RawWS(s.host, s.port)                       # some traffic on the service port
    ws.send(0x1, b"counted")
    assert ws.recv_frame()[3] == b"counted"
    ws.close()

    metrics = _get(port, "/metrics")
    assert metrics.status == 200
    assert metrics.header("content-type") == "text/plain; version=0.0.4; charset=utf-8"
    assert_security_headers(metrics)
    text = metrics.body.decode()
    assert re.search(r"^carewire_messages_in_total [1-9]", text, re.M), text   # the service's counters
    assert _get(port, "/healthz").status == 200
    # Only those two: no static files, no WebSocket, no other method.
    assert _get(port, "/test/echo.html").status == 404
    assert _get(s.port, "/test/echo.html").status == 200                      # positive control
    response, closed = _upgrade(port, f"Host: 127.0.0.1:{port}\r\n" + UPGRADE)
    assert response.status == 404 and closed
    assert _upgrade(s.port, f"Host: 127.0.0.1:{s.port}\r\n" + UPGRADE)[0].status == 101   # positive control
    # The service port no longer answers /metrics (and no application or file can take the path).
    hidden = _get(s.port, "/metrics")
    assert hidden.status == 404 and b"carewire_" not in hidden.body
    assert_security_headers(hidden)
    assert _get(s.port, "/healthz").status == 200


def test_without_the_flag_metrics_stay_on_the_service_port(server):
    assert _get(server.port, "/metrics").status == 200
    assert b"CareWire metrics on" not in server.stdout_head


def test_metrics_address_from_the_environment(start_server):
    s = start_server(env={"CAREWIRE_METRICS_ADDRESS": "127.0.0.1:0"})
    assert _get(metrics_port(s), "/metrics").status == 200
    assert _get(s.port, "/metrics").status == 404


def test_metrics_listener_is_plain_http_next_to_tls(start_server):
    if not CERT.exists():
        pytest.skip(f"{CERT} missing")
    s = start_server("--tls-cert", str(CERT), "--tls-key", str(TLS_KEY), "--metrics-address", "127.0.0.1:0")
    assert s.scheme == "https"
    assert _get(metrics_port(s), "/metrics").status == 200
    ctx = ssl.create_default_context(cafile=str(CERT))
    with socket.create_connection((s.host, s.port), timeout=5) as raw, \
            ctx.wrap_socket(raw, server_hostname="localhost") as tls:
        tls.sendall(b"GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        response, _ = read_response(tls, time.monotonic() + 5)
        assert response.status == 404


def _run_to_exit(flags: list[str], env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Runs the server with `flags` (and CAREWIRE_* from `env` only); for flags it must refuse."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CAREWIRE_")}
    done = subprocess.run(_server_command() + flags, cwd=REPO, env={**clean, **(env or {})},
                          stdin=subprocess.DEVNULL, capture_output=True, timeout=START_DEADLINE)
    return done.returncode, done.stdout.decode(errors="replace"), done.stderr.decode(errors="replace")


@pytest.mark.parametrize("value", ["9100", "127.0.0.1", "127.0.0.1:70000", "example.com:9100", "::1:9100", ""])
def test_bad_metrics_address_exits_2_naming_the_flag(value):
    rc, _, err = _run_to_exit(["--port", "0", "--metrics-address", value])
    assert rc == 2 and "--metrics-address" in err, (rc, err)
    rc, _, err = _run_to_exit(["--port", "0"], env={"CAREWIRE_METRICS_ADDRESS": value})
    assert rc == 2 and "--metrics-address" in err, (rc, err)


def test_help_lists_metrics_address():
    rc, out, _ = _run_to_exit(["--help"])
    assert rc == 0 and "--metrics-address" in out
