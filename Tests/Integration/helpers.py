"""Raw-socket helpers: HTTP requests sent byte for byte, WebSocket frames built and parsed by hand.

Everything takes a deadline; nothing sleeps to synchronise.
"""
from __future__ import annotations

import base64
import hashlib
import os
import socket
import struct
import time

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA


class Timeout(AssertionError):
    pass


def connect(host: str, port: int, timeout: float = 5.0, source: str | None = None) -> socket.socket:
    s = socket.create_connection((host, port), timeout=timeout,
                                 source_address=(source, 0) if source else None)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def _recv_before(sock: socket.socket, deadline: float, what: str) -> bytes:
    """One recv that may wait until the deadline; b"" when the peer closed."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise Timeout(f"{what} before the deadline")
    sock.settimeout(left)
    return sock.recv(65536)


def recv_until(sock: socket.socket, marker: bytes, deadline: float, buf: bytes = b"") -> tuple[bytes, bytes]:
    """Read until `marker`; returns (data up to and including marker, rest)."""
    while marker not in buf:
        chunk = _recv_before(sock, deadline, f"no {marker!r}; got {buf[:300]!r}")
        if not chunk:
            raise ConnectionError(f"connection closed before {marker!r}; got {buf[:300]!r}")
        buf += chunk
    i = buf.index(marker) + len(marker)
    return buf[:i], buf[i:]


def recv_at_least(sock: socket.socket, n: int, deadline: float, buf: bytes = b"") -> bytes:
    """Read until `buf` holds `n` bytes or the peer closes; returns all that is buffered."""
    while len(buf) < n:
        chunk = _recv_before(sock, deadline, f"{len(buf)} of {n} bytes")
        if not chunk:
            break
        buf += chunk
    return buf


def parse_head(head: bytes) -> tuple[int, dict[str, str]]:
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            k = k.strip().lower()
            headers[k] = (headers[k] + ", " + v.strip()) if k in headers else v.strip()
    return status, headers


def http_get(host: str, port: int, path: str, headers: dict[str, str] | None = None,
             timeout: float = 5.0) -> tuple[int, dict[str, str], bytes]:
    """GET `path` exactly as given (no normalisation); returns (status, headers, body)."""
    deadline = time.monotonic() + timeout
    hdrs = {"Host": f"{host}:{port}", "Connection": "close", **(headers or {})}
    req = f"GET {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in hdrs.items()) + "\r\n"
    with connect(host, port, timeout) as s:
        s.sendall(req.encode("latin-1"))
        head, rest = recv_until(s, b"\r\n\r\n", deadline)
        status, h = parse_head(head)
        body = rest
        if "content-length" in h:
            n = int(h["content-length"])
            body = recv_at_least(s, n, deadline, body)[:n]
        elif h.get("transfer-encoding", "").lower() == "chunked":
            raise AssertionError("chunked responses are not expected from this server")
        else:
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                s.settimeout(left)
                try:
                    chunk = s.recv(65536)
                except (ConnectionResetError, socket.timeout):
                    break
                if not chunk:
                    break
                body += chunk
        return status, h, body


def ws_key() -> str:
    return base64.b64encode(os.urandom(16)).decode()


def accept_for(key: str) -> str:
    return base64.b64encode(hashlib.sha1(key.encode() + GUID).digest()).decode()


def upgrade_request(host: str, port: int, path: str = "/echo", key: str | None = None,
                    extra: dict[str, str] | None = None, version: str = "13") -> bytes:
    hdrs = {"Host": f"{host}:{port}", "Upgrade": "websocket", "Connection": "Upgrade",
            "Sec-WebSocket-Key": key or ws_key(), "Sec-WebSocket-Version": version, **(extra or {})}
    return (f"GET {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in hdrs.items() if v is not None)
            + "\r\n").encode("latin-1")


class RawWS:
    """A hand-driven WebSocket client connection (no extensions unless asked)."""

    def __init__(self, host: str, port: int, path: str = "/echo", extra: dict[str, str] | None = None,
                 timeout: float = 5.0, source: str | None = None) -> None:
        deadline = time.monotonic() + timeout
        self.sock = connect(host, port, timeout, source)
        key = ws_key()
        self.sock.sendall(upgrade_request(host, port, path, key, extra))
        head, self.buf = recv_until(self.sock, b"\r\n\r\n", deadline)
        self.status, self.headers = parse_head(head)
        if self.status != 101:
            raise AssertionError(f"expected 101, got {self.status} {self.headers}")
        assert self.headers.get("sec-websocket-accept") == accept_for(key), self.headers

    def send_raw(self, data: bytes) -> None:
        self.sock.sendall(data)

    def send(self, opcode: int, payload: bytes = b"", **kw) -> None:
        self.sock.sendall(frame(opcode, payload, **kw))

    def recv_frame(self, timeout: float = 5.0):
        """Returns (fin, rsv, opcode, payload) or None if the server closed TCP."""
        deadline = time.monotonic() + timeout
        while True:
            parsed = parse_frame(self.buf)
            if parsed is not None:
                fin, rsv, op, payload, used = parsed
                self.buf = self.buf[used:]
                return fin, rsv, op, payload
            left = deadline - time.monotonic()
            if left <= 0:
                raise Timeout(f"no complete frame within {timeout}s (buffered {len(self.buf)} bytes)")
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(1 << 20)
            except ConnectionResetError:
                return None
            except TimeoutError:
                raise Timeout(f"no complete frame within {timeout}s (buffered {len(self.buf)} bytes: "
                              f"{self.buf[:40]!r})") from None
            if not chunk:
                return None
            self.buf += chunk

    def expect_close(self, timeout: float = 5.0) -> tuple[int | None, bytes] | None:
        """Skip data/ping frames until a close frame: returns (code, reason), or None on a bare TCP close."""
        deadline = time.monotonic() + timeout
        while True:
            f = self.recv_frame(max(0.0, deadline - time.monotonic()))
            if f is None:
                return None
            _, _, op, payload = f
            if op == OP_CLOSE:
                code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else None
                return code, payload[2:]

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass


def frame(opcode: int, payload: bytes = b"", fin: bool = True, rsv: int = 0, mask: bool = True,
          length: int | None = None, length_form: str | None = None) -> bytes:
    """Build a client frame. `length` overrides the declared length (payload is still what is sent);
    `length_form` forces '16' or '64' bit length encoding (for non-minimal encodings)."""
    n = len(payload) if length is None else length
    b0 = (0x80 if fin else 0) | (rsv << 4) | opcode
    mbit = 0x80 if mask else 0
    if length_form == "64" or (length_form is None and n > 0xFFFF):
        head = struct.pack("!BBQ", b0, mbit | 127, n)
    elif length_form == "16" or (length_form is None and n > 125):
        head = struct.pack("!BBH", b0, mbit | 126, n)
    else:
        head = struct.pack("!BB", b0, mbit | n)
    if not mask:
        return head + payload
    key = os.urandom(4)
    return head + key + xor_mask(payload, key)


def xor_mask(data: bytes, key: bytes) -> bytes:
    if not data:
        return b""
    n = len(data)
    k = int.from_bytes((key * (n // 4 + 1))[:n], "big")
    return (int.from_bytes(data, "big") ^ k).to_bytes(n, "big")


def parse_frame(buf: bytes):
    """Parse one server frame. Server frames must not be masked (RFC 6455 §5.1)."""
    if len(buf) < 2:
        return None
    b0, b1 = buf[0], buf[1]
    assert not (b1 & 0x80), "server sent a masked frame (RFC 6455 §5.1)"
    n = b1 & 0x7F
    i = 2
    if n == 126:
        if len(buf) < 4:
            return None
        n = struct.unpack("!H", buf[2:4])[0]
        i = 4
    elif n == 127:
        if len(buf) < 10:
            return None
        n = struct.unpack("!Q", buf[2:10])[0]
        i = 10
    if len(buf) < i + n:
        return None
    return bool(b0 & 0x80), (b0 >> 4) & 7, b0 & 0x0F, buf[i:i + n], i + n


def close_payload(code: int, reason: bytes = b"") -> bytes:
    return struct.pack("!H", code) + reason


def rss_bytes(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


def wait_for(predicate, timeout: float, interval: float = 0.05, what: str = "condition"):
    """Poll `predicate` (a cheap check such as /proc or a socket state) until true or the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        v = predicate()
        if v:
            return v
        if time.monotonic() >= deadline:
            raise Timeout(f"{what} not reached within {timeout}s")
        time.sleep(interval)
