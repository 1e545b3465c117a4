"""Client 1 of 3: python `websockets` (asyncio API) against /echo."""
from __future__ import annotations

import asyncio
import os

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

pytestmark = pytest.mark.timeout(60)
MiB = 1 << 20


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 30))


def deflate_header(ws) -> str:
    return ws.response.headers.get("Sec-WebSocket-Extensions", "") or ""


@pytest.mark.parametrize("compression", ["deflate", None], ids=["deflate", "plain"])
def test_echo_text_binary_empty(server, compression):
    async def go():
        async with connect(server.ws_url + "/echo", compression=compression) as ws:
            for msg in ["hello", "åäö – 🩺 vårdcentral", "", b"\x00\x01\xfe\xff", b""]:
                await ws.send(msg)
                got = await ws.recv()
                assert type(got) is type(msg) and got == msg
    run(go())


def test_large_messages_1mib(server):
    # Default limits are 1 MiB per frame and per message, inclusive.
    # * without deflate: exactly 1 MiB of binary;
    # * with deflate: exactly 1 MiB of (compressible) text, which the server must inflate into a
    #   1 MiB message, and 1 MiB - 4 KiB of random binary (deflate adds a few bytes to incompressible
    #   data, so an exact 1 MiB random message would be a frame above the 1 MiB frame limit).
    async def go():
        async with connect(server.ws_url + "/echo", max_size=2 * MiB, compression=None) as ws:
            blob = os.urandom(MiB)
            await ws.send(blob)
            assert await ws.recv() == blob
        async with connect(server.ws_url + "/echo", max_size=2 * MiB) as ws:
            text = ("CareWire " * (MiB // 9 + 1))[:MiB]
            await ws.send(text)
            assert await ws.recv() == text
            blob = os.urandom(MiB - 4096)
            await ws.send(blob)
            assert await ws.recv() == blob
    run(go())


def test_fragmented_send(server):
    async def go():
        async with connect(server.ws_url + "/echo") as ws:
            parts = ["frag-", "ment-", "ed ", "🩺"]
            await ws.send(iter(parts))           # an iterable is sent as one fragmented message
            assert await ws.recv() == "".join(parts)
            bparts = [os.urandom(1000) for _ in range(50)]
            await ws.send(iter(bparts))
            assert await ws.recv() == b"".join(bparts)
    run(go())


def test_ping_pong(server):
    async def go():
        async with connect(server.ws_url + "/echo", ping_interval=None) as ws:
            latency = await asyncio.wait_for(await ws.ping(b"are you there"), 5)
            assert latency >= 0
            # Pings interleaved with data do not disturb the echo.
            await ws.send("after ping")
            assert await ws.recv() == "after ping"
    run(go())


@pytest.mark.parametrize("code,reason", [(1000, "bye"), (4000, "visit ended"), (3001, "")])
def test_close_handshake_echoes_code_and_reason(server, code, reason):
    async def go():
        async with connect(server.ws_url + "/echo") as ws:
            await ws.send("x")
            assert await ws.recv() == "x"
            await ws.close(code, reason)
            rcvd = ws.protocol.close_rcvd
            assert rcvd is not None, "no close frame from the server"
            assert (rcvd.code, rcvd.reason) == (code, reason)
            with pytest.raises(ConnectionClosed):
                await ws.recv()
    run(go())


def test_deflate_negotiated(server):
    async def go():
        async with connect(server.ws_url + "/echo") as ws:
            ext = deflate_header(ws)
            assert "permessage-deflate" in ext, f"Sec-WebSocket-Extensions: {ext!r}"
            msg = "compressible " * 10000
            await ws.send(msg)
            assert await ws.recv() == msg
        async with connect(server.ws_url + "/echo", compression=None) as ws:
            assert "permessage-deflate" not in deflate_header(ws)
            await ws.send("no deflate asked")
            assert await ws.recv() == "no deflate asked"
    run(go())


def test_no_deflate_flag(start_server):
    s = start_server("--no-deflate")

    async def go():
        async with connect(s.ws_url + "/echo") as ws:   # the client offers permessage-deflate
            assert "permessage-deflate" not in deflate_header(ws)
            await ws.send("plain " * 1000)
            assert await ws.recv() == "plain " * 1000
            await ws.send(b"\x00" * 70000)
            assert await ws.recv() == b"\x00" * 70000
    run(go())


def test_many_messages_in_order(server):
    async def go():
        async with connect(server.ws_url + "/echo") as ws:
            async def sender():
                for i in range(2000):
                    await ws.send(f"m{i}")
            t = asyncio.create_task(sender())
            for i in range(2000):
                assert await ws.recv() == f"m{i}"
            await t
    run(go())
