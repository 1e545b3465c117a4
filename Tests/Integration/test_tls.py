"""TLS (--tls-cert/--tls-key): wss:// echo with two clients, HTTPS endpoints, no plaintext fallback.
Uses the TLS unit tests' self-signed fixture (CN=localhost, SAN localhost + 127.0.0.1)."""
from __future__ import annotations

import asyncio
import os
import socket
import ssl
import time

import aiohttp
import pytest
from websockets.asyncio.client import connect

from conftest import REPO
from helpers import parse_head, recv_until

pytestmark = pytest.mark.timeout(60)
FIXTURES = REPO / "Tests" / "TLSTests" / "Fixtures"
CERT, KEY = FIXTURES / "rsa-cert.pem", FIXTURES / "rsa-key.pem"


@pytest.fixture(scope="module")
def client_ctx() -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=str(CERT))
    return ctx


@pytest.fixture
def tls_server(start_server):
    if not CERT.exists():
        pytest.skip(f"{CERT} missing")
    return start_server("--tls-cert", str(CERT), "--tls-key", str(KEY))


def test_listening_line_says_https(tls_server):
    assert tls_server.scheme == "https"
    assert tls_server.ws_url.startswith("wss://")


def test_wss_echo_websockets_and_aiohttp(tls_server, client_ctx):
    async def go():
        async with connect(tls_server.ws_url + "/echo", ssl=client_ctx) as ws:
            assert "permessage-deflate" in (ws.response.headers.get("Sec-WebSocket-Extensions") or "")
            for msg in ["över TLS 🩺", os.urandom(300_000), "x" * 200_000]:
                await ws.send(msg)
                assert await ws.recv() == msg
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(tls_server.ws_url + "/echo", ssl=client_ctx, compress=0) as ws:
                blob = os.urandom(65536)
                await ws.send_bytes(blob)
                m = await ws.receive(timeout=10)
                assert m.data == blob
                await ws.close(code=4002, message=b"tls done")
                assert ws.close_code == 4002
    asyncio.run(asyncio.wait_for(go(), 30))


def _https_get(server, ctx, path):
    with socket.create_connection((server.host, server.port), timeout=5) as raw:
        with ctx.wrap_socket(raw, server_hostname="127.0.0.1") as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: {server.host}:{server.port}\r\nConnection: close\r\n\r\n".encode())
            head, rest = recv_until(s, b"\r\n\r\n", time.monotonic() + 5)
            return parse_head(head)[0]


def test_https_endpoints(tls_server, client_ctx):
    assert _https_get(tls_server, client_ctx, "/healthz") == 200
    assert _https_get(tls_server, client_ctx, "/metrics") == 200
    assert _https_get(tls_server, client_ctx, "/test/echo.html") == 200
    assert _https_get(tls_server, client_ctx, "/../Package.swift") in (400, 403, 404)


def test_plaintext_on_tls_port_is_not_served(tls_server):
    """Plain HTTP to the TLS port must never be answered with content."""
    with socket.create_connection((tls_server.host, tls_server.port), timeout=5) as s:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        s.settimeout(5)
        data = b""
        try:
            while chunk := s.recv(4096):
                data += chunk
        except (ConnectionResetError, socket.timeout):
            pass
    assert b"200 OK" not in data and b"\r\n\r\nok" not in data


def test_untrusted_client_sees_certificate_error(tls_server):
    async def go():
        async with connect(tls_server.ws_url + "/echo", ssl=ssl.create_default_context()):
            pass
    with pytest.raises(ssl.SSLCertVerificationError):
        asyncio.run(asyncio.wait_for(go(), 10))
    # ... and the server keeps serving after the failed handshake.
    assert _https_get(tls_server, ssl.create_default_context(cafile=str(CERT)), "/healthz") == 200
