"""Malformed and hostile frames on a raw socket: the server must fail the connection with the
right close code (RFC 6455 §5.1, §5.2, §5.5, §7.4.1, §8.1, §10.4) and keep serving others."""
from __future__ import annotations

import struct
import time
import zlib

import pytest

from helpers import (OP_BINARY, OP_CLOSE, OP_CONT, OP_PING, OP_PONG, OP_TEXT, RawWS, close_payload,
                     frame, record)

pytestmark = pytest.mark.timeout(120)
MiB = 1 << 20


def assert_failed_with(ws: RawWS, codes: set[int]) -> int | None:
    """The server must send a close frame with one of `codes` and then close TCP (each within
    the generous DEADLINE: that it closes is the behaviour, how fast depends on the machine)."""
    got = ws.expect_close()
    assert got is not None, f"server closed TCP without a close frame (wanted {sorted(codes)})"
    code, _ = got
    assert code in codes, f"close code {code}, wanted {sorted(codes)}"
    # After its close frame the server closes the TCP connection (§7.1.1: the server closes first).
    assert ws.recv_frame() is None
    return code


def healthy_echo(server) -> None:
    ws = RawWS(server.host, server.port)
    ws.send(OP_TEXT, b"still alive")
    f = ws.recv_frame()
    assert f and f[2] == OP_TEXT and f[3] == b"still alive"
    ws.close()


CASES = {
    # name: (bytes to send after the handshake, accepted close codes)
    "unmasked-frame": (frame(OP_TEXT, b"hello", mask=False), {1002}),
    "rsv1-without-extension": (frame(OP_TEXT, b"hello", rsv=4), {1002}),
    "rsv2": (frame(OP_TEXT, b"hello", rsv=2), {1002}),
    "rsv3": (frame(OP_BINARY, b"hello", rsv=1), {1002}),
    "opcode-3": (frame(0x3, b"x"), {1002}),
    "opcode-0xB": (frame(0xB, b"x"), {1002}),
    "continuation-without-start": (frame(OP_CONT, b"x"), {1002}),
    "ping-126-bytes": (frame(OP_PING, b"p" * 126), {1002}),
    "fragmented-ping": (frame(OP_PING, b"p", fin=False), {1002}),
    "close-1-byte-payload": (frame(OP_CLOSE, b"\x03"), {1002}),
    "close-code-1005": (frame(OP_CLOSE, close_payload(1005)), {1002}),
    "close-code-999": (frame(OP_CLOSE, close_payload(999)), {1002}),
    "close-code-1004": (frame(OP_CLOSE, close_payload(1004)), {1002}),
    "close-code-5000": (frame(OP_CLOSE, close_payload(5000)), {1002}),
    "close-reason-invalid-utf8": (frame(OP_CLOSE, close_payload(1000, b"\xff\xfe")), {1002, 1007}),
    "64-bit-length-msb-set": (frame(OP_BINARY, b"", length=(1 << 63) + 5, length_form="64")[:14], {1002, 1009}),
    "invalid-utf8-text": (frame(OP_TEXT, b"caf\xc3"), {1007}),
    "invalid-utf8-surrogate": (frame(OP_TEXT, b"\xed\xa0\x80"), {1007}),
    "invalid-utf8-overlong": (frame(OP_TEXT, b"\xc0\xaf"), {1007}),
    "invalid-utf8-across-fragments": (frame(OP_TEXT, b"ok\xf0\x9f", fin=False) + frame(OP_CONT, b"\x28\x8c"), {1007}),
    "new-message-inside-fragmented": (frame(OP_TEXT, b"a", fin=False) + frame(OP_TEXT, b"b"), {1002}),
}


@pytest.mark.carewire_only("python websockets accepts non-minimal length encodings")
@pytest.mark.parametrize("form", ["16", "64"])
def test_non_minimal_length_is_1002(server, form):
    # RFC 6455 §5.2: "the minimal number of bytes MUST be used to encode the length".
    ws = RawWS(server.host, server.port)
    try:
        ws.send_raw(frame(OP_TEXT, b"abc", length_form=form))
        assert_failed_with(ws, {1002})
    finally:
        ws.close()


@pytest.mark.parametrize("name", list(CASES))
def test_bad_frames_fail_the_connection(server, name):
    data, codes = CASES[name]
    ws = RawWS(server.host, server.port)
    try:
        ws.send_raw(data)
        assert_failed_with(ws, codes)
    finally:
        ws.close()


@pytest.mark.carewire_only("python websockets drops the earlier message (Autobahn NON-STRICT 3.2 etc.)")
@pytest.mark.parametrize("bad", ["rsv", "opcode", "unmasked"])
def test_valid_message_before_bad_frame_in_one_segment_is_echoed_first(server, bad):
    """A valid message followed by an invalid frame in the same TCP segment: the valid one is
    answered, then the connection fails (Autobahn 3.2/4.1.3/5.15 strict behaviour)."""
    badframe = {"rsv": frame(OP_TEXT, b"x", rsv=2), "opcode": frame(0x5, b"x"),
                "unmasked": frame(OP_TEXT, b"x", mask=False)}[bad]
    ws = RawWS(server.host, server.port)
    try:
        ws.send_raw(frame(OP_TEXT, b"Hello, world!") + badframe + frame(OP_PING, b""))
        f = ws.recv_frame()
        assert f is not None and (f[2], f[3]) == (OP_TEXT, b"Hello, world!"), f"first frame: {f}"
        assert_failed_with(ws, {1002})
    finally:
        ws.close()


def test_frame_header_declaring_2_pow_40_bytes(server):
    """A header that declares 2^40 bytes and then stalls: close 1009 at once, no allocation."""
    rss0 = server.rss_bytes()
    ws = RawWS(server.host, server.port)
    try:
        ws.send_raw(frame(OP_BINARY, b"", length=1 << 40, length_form="64")[:14] + b"x" * 100)
        assert_failed_with(ws, {1009})
    finally:
        ws.close()
    assert server.rss_bytes() - rss0 < 64 * MiB, "RSS grew by more than 64 MiB after a 2^40-byte header"
    healthy_echo(server)


def test_message_over_limit_is_1009(server):
    ws = RawWS(server.host, server.port)
    try:
        ws.send(OP_BINARY, b"\x00" * (MiB + 1))
        assert_failed_with(ws, {1009})
    finally:
        ws.close()


def test_fragmented_message_over_limit_is_1009(server):
    ws = RawWS(server.host, server.port)
    try:
        chunk = b"a" * (256 * 1024)
        ws.send_raw(frame(OP_TEXT, chunk, fin=False))
        for _ in range(3):
            ws.send_raw(frame(OP_CONT, chunk, fin=False))
        ws.send_raw(frame(OP_CONT, b"a"))          # 1 MiB + 1 in total
        assert_failed_with(ws, {1009})
    finally:
        ws.close()


def test_fragment_flood_is_bounded(start_server):
    """FIN=0 then endless tiny continuations (ws CVE-2026-62389, undici GHSA-vxpw-j846-p89q)."""
    s = start_server("--max-fragments", "64")
    ws = RawWS(s.host, s.port)
    try:
        data = frame(OP_TEXT, b"a", fin=False) + b"".join(frame(OP_CONT, b"a", fin=False) for _ in range(200))
        try:
            ws.send_raw(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        assert_failed_with(ws, {1008, 1009})
    finally:
        ws.close()
    healthy_echo(s)


def test_empty_continuations_count_as_fragments(start_server):
    s = start_server("--max-fragments", "16")
    ws = RawWS(s.host, s.port)
    try:
        data = frame(OP_BINARY, b"", fin=False) + b"".join(frame(OP_CONT, b"", fin=False) for _ in range(100))
        try:
            ws.send_raw(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        assert_failed_with(ws, {1008, 1009})
    finally:
        ws.close()


def test_inflate_bomb_is_1009(server):
    """1 KiB-ish of deflate that inflates to 64 MiB: close 1009 at the inflate limit."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    z = b""
    for _ in range(64):
        z += comp.compress(b"\x00" * MiB)
    z += comp.flush(zlib.Z_SYNC_FLUSH)
    assert z.endswith(b"\x00\x00\xff\xff")
    z = z[:-4]
    assert len(z) < 128 * 1024
    rss0 = server.rss_bytes()
    ws = RawWS(server.host, server.port, extra={"Sec-WebSocket-Extensions": "permessage-deflate"})
    try:
        assert "permessage-deflate" in ws.headers.get("sec-websocket-extensions", ""), ws.headers
        ws.send(OP_BINARY, z, rsv=4)
        assert_failed_with(ws, {1009})
    finally:
        ws.close()
    assert server.rss_bytes() - rss0 < 48 * MiB
    healthy_echo(server)


def test_control_frames_interleaved_in_fragmented_message(server):
    ws = RawWS(server.host, server.port)
    try:
        ws.send_raw(frame(OP_TEXT, b"Hello, ", fin=False) + frame(OP_PING, b"mid") +
                    frame(OP_CONT, b"World", fin=False) + frame(OP_PONG, b"unsolicited") + frame(OP_CONT, b"!"))
        f = ws.recv_frame()
        assert f[2] == OP_PONG and f[3] == b"mid"
        f = ws.recv_frame()
        assert f[2] == OP_TEXT and f[3] == b"Hello, World!"
    finally:
        ws.close()


def test_frames_split_at_every_byte(server):
    """The parser must cope with a frame arriving one byte at a time (slicer)."""
    ws = RawWS(server.host, server.port)
    try:
        data = frame(OP_TEXT, "byte för byte".encode()) + frame(OP_BINARY, bytes(range(200)))
        for i in range(len(data)):
            ws.send_raw(data[i:i + 1])
        assert ws.recv_frame()[3] == "byte för byte".encode()
        assert ws.recv_frame()[3] == bytes(range(200))
    finally:
        ws.close()


def test_many_frames_in_one_segment(server):
    ws = RawWS(server.host, server.port)
    try:
        ws.send_raw(b"".join(frame(OP_TEXT, f"#{i}".encode()) for i in range(500)))
        for i in range(500):
            f = ws.recv_frame()
            assert f[3] == f"#{i}".encode()
    finally:
        ws.close()


def test_server_pings_and_closes_unresponsive_peer(start_server):
    # An idle timeout far beyond the deadline: a close within it can only be the ping timeout's.
    s = start_server("--ping-interval", "1", "--ping-timeout", "1", "--idle-timeout", "600")
    ws = RawWS(s.host, s.port)
    try:
        t0 = time.monotonic()
        f = ws.recv_frame()
        assert f is not None and f[2] == OP_PING, f"expected a server ping, got {f}"
        t_ping = time.monotonic()
        # Never answer: the server must give up (the close, and how long after the ping it came,
        # are what we check and record; the deadline only bounds a server that never does).
        got = ws.expect_close()
        t_close = time.monotonic()
        assert got is None or got[0] in (1001, 1002, 1006, 1008, 1011), got
        # The peer will not answer the close either: TCP must be closed after a close timeout.
        assert ws.recv_frame() is None
        record(f"unresponsive peer (--ping-interval 1 --ping-timeout 1): ping after {t_ping - t0:.2f}s, "
               f"close {t_close - t_ping:.2f}s after it, TCP closed {time.monotonic() - t_close:.2f}s later")
    finally:
        ws.close()


def test_pong_keeps_connection_alive(start_server):
    s = start_server("--ping-interval", "1", "--ping-timeout", "1")
    ws = RawWS(s.host, s.port)
    try:
        # Three pings, each answered: the third comes at least two intervals after the first, so
        # the connection outlived the first ping's timeout because it answered.
        seen = []
        while len(seen) < 3:
            f = ws.recv_frame()
            assert f is not None, f"server closed a connection that answered its pings (after {len(seen)})"
            if f[2] == OP_PING:
                seen.append(time.monotonic())
                ws.send(OP_PONG, f[3])
        ws.send(OP_TEXT, b"alive")
        while (f := ws.recv_frame())[2] == OP_PING:
            ws.send(OP_PONG, f[3])
        assert f[3] == b"alive"
        record("answered pings (--ping-interval 1): intervals "
               + ", ".join(f"{b - a:.2f}s" for a, b in zip(seen, seen[1:])))
    finally:
        ws.close()
