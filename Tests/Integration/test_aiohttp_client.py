"""Client 2 of 3: aiohttp's WebSocket client against /echo."""
from __future__ import annotations

import asyncio
import os

import aiohttp
import pytest

pytestmark = pytest.mark.timeout(60)
MiB = 1 << 20


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 30))


async def session_ws(url: str, **kw):
    session = aiohttp.ClientSession()
    try:
        ws = await session.ws_connect(url, **kw)
    except BaseException:
        await session.close()
        raise
    return session, ws


@pytest.mark.parametrize("compress", [15, 0], ids=["compress15", "compress0"])
def test_echo_essentials(server, compress):
    async def go():
        session, ws = await session_ws(server.ws_url + "/echo", compress=compress, max_msg_size=2 * MiB,
                                       autoping=True)
        try:
            ext = ws._response.headers.get("Sec-WebSocket-Extensions", "")
            if compress:
                assert "permessage-deflate" in ext, ext
                assert 8 <= ws.compress <= 15, ws.compress  # the server may choose a smaller window
            else:
                assert "permessage-deflate" not in ext, ext
                assert not ws.compress
            await ws.send_str("hej från aiohttp 🩺")
            m = await ws.receive(timeout=10)
            assert m.type == aiohttp.WSMsgType.TEXT and m.data == "hej från aiohttp 🩺"
            blob = os.urandom(4096)
            await ws.send_bytes(blob)
            m = await ws.receive(timeout=10)
            assert m.type == aiohttp.WSMsgType.BINARY and m.data == blob
            big = os.urandom(MiB - 4096)  # deflated random data grows a little; stay under the 1 MiB frame limit
            await ws.send_bytes(big)
            m = await ws.receive(timeout=20)
            assert m.type == aiohttp.WSMsgType.BINARY and m.data == big
            await ws.send_str("")
            m = await ws.receive(timeout=10)
            assert m.type == aiohttp.WSMsgType.TEXT and m.data == ""
        finally:
            await ws.close()
            await session.close()
    run(go())


def test_ping_gets_pong(server):
    async def go():
        session, ws = await session_ws(server.ws_url + "/echo", autoping=False)
        try:
            await ws.ping(b"hb-1")
            m = await ws.receive(timeout=10)
            assert m.type == aiohttp.WSMsgType.PONG, m
            assert m.data == b"hb-1"
        finally:
            await ws.close()
            await session.close()
    run(go())


def test_close_code_echoed(server):
    async def go():
        session, ws = await session_ws(server.ws_url + "/echo")
        try:
            await ws.send_str("x")
            assert (await ws.receive(timeout=10)).data == "x"
            await ws.close(code=4001, message=b"done")
            assert ws.closed
            assert ws.close_code == 4001, ws.close_code
        finally:
            await session.close()
    run(go())
