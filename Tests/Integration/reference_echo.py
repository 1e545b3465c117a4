#!/usr/bin/env python3
"""Reference echo server for calibrating the integration tests and the Autobahn wiring.

It is NOT CareWire. It implements the part of the `carewire serve` command-line contract that
the tests exercise, on top of python `websockets` (a known-good RFC 6455 implementation), so that
a test failing against CareWire but passing here points at the server, not at the test.

Select it with `CAREWIRE_TEST_SERVER=reference` (see conftest.py), or run it directly:
    python Tests/Integration/reference_echo.py serve --port 0 --echo

Known differences from the CareWire contract (documented, not bugs in the tests):
  * no --loops, no separate --max-frame-bytes/--max-inflated-bytes (accepted and ignored;
    websockets applies --max-message-bytes to frames, messages and inflated messages alike);
  * --max-fragments is websockets' WEBSOCKETS_MAX_FRAGMENTS (it closes with 1009);
  * slow consumers: websockets applies backpressure (the echo handler stops reading while its
    write buffer is above --send-queue-high-water) instead of closing with 1008;
  * ping timeout closes with 1011 (websockets' choice).
"""
from __future__ import annotations

import argparse
import asyncio
import collections
import http
import mimetypes
import os
import posixpath
import signal
import sys
import urllib.parse

# websockets is imported in main(), after WEBSOCKETS_MAX_FRAGMENTS is set from --max-fragments.

CSP = "default-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'"
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".txt": "text/plain; charset=utf-8",
}


def env_default(name: str, default):
    return os.environ.get("CAREWIRE_" + name.upper().replace("-", "_"), default)


def parse_args(argv: list[str]) -> argparse.Namespace:
    if argv and argv[0] == "serve":
        argv = argv[1:]
    p = argparse.ArgumentParser(prog="reference_echo.py serve")
    p.add_argument("--host", default=env_default("host", "127.0.0.1"))
    p.add_argument("--port", type=int, default=int(env_default("port", 8080)))
    p.add_argument("--loops", type=int, default=int(env_default("loops", os.cpu_count() or 1)))
    p.add_argument("--web-root", default=env_default("web-root", "./Web"))
    p.add_argument("--echo", action="store_true", default=env_default("echo", "") in ("1", "true", "yes"))
    p.add_argument("--allowed-origins", default=env_default("allowed-origins", "*"))
    p.add_argument("--deflate", dest="deflate", action="store_true", default=True)
    p.add_argument("--no-deflate", dest="deflate", action="store_false")
    p.add_argument("--tls-cert")
    p.add_argument("--tls-key")
    for name, default in [
        ("max-frame-bytes", 1 << 20), ("max-message-bytes", 1 << 20), ("max-fragments", 1024),
        ("max-inflated-bytes", 1 << 20), ("send-queue-high-water", 65536),
        ("send-queue-limit", 4 << 20), ("max-connections", 10000),
    ]:
        p.add_argument("--" + name, type=int, default=int(env_default(name, default)))
    for name, default in [("handshake-timeout", 10), ("idle-timeout", 120), ("ping-interval", 30),
                          ("ping-timeout", 10)]:
        p.add_argument("--" + name, type=float, default=float(env_default(name, default)))
    p.add_argument("--log-level", default=env_default("log-level", "info"))
    return p.parse_args(argv)


class Metrics:
    def __init__(self) -> None:
        self.connections = 0
        self.msgs_in = self.msgs_out = self.bytes_in = self.bytes_out = 0
        self.closes: collections.Counter[str] = collections.Counter()

    def render(self) -> str:
        lines = [
            "# TYPE carewire_connections gauge", f"carewire_connections {self.connections}",
            "# TYPE carewire_messages_in_total counter", f"carewire_messages_in_total {self.msgs_in}",
            "# TYPE carewire_messages_out_total counter", f"carewire_messages_out_total {self.msgs_out}",
            "# TYPE carewire_bytes_in_total counter", f"carewire_bytes_in_total {self.bytes_in}",
            "# TYPE carewire_bytes_out_total counter", f"carewire_bytes_out_total {self.bytes_out}",
            "# TYPE carewire_closes_total counter",
        ]
        lines += [f'carewire_closes_total{{code="{c}"}} {n}' for c, n in sorted(self.closes.items())]
        lines += ["# TYPE carewire_loop_lag_seconds gauge", "carewire_loop_lag_seconds 0"]
        return "\n".join(lines) + "\n"


def plain(status: int, body: bytes | str, ctype: str = "text/plain; charset=utf-8",
          extra: dict[str, str] | None = None):
    from websockets.datastructures import Headers
    from websockets.http11 import Response

    if isinstance(body, str):
        body = body.encode()
    headers = Headers({"Content-Type": ctype, "Content-Length": str(len(body)),
                       "Connection": "close", "Content-Security-Policy": CSP,
                       "X-Content-Type-Options": "nosniff"})
    for k, v in (extra or {}).items():
        headers[k] = v
    return Response(status, http.HTTPStatus(status).phrase, headers, body)


def static_file(web_root: str, raw_path: str):
    path = urllib.parse.unquote(raw_path.split("?", 1)[0])
    if "\x00" in path or "\\" in path:
        return plain(400, "bad request\n")
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        return plain(404, "not found\n")
    root = os.path.realpath(web_root)
    full = os.path.realpath(os.path.join(root, *parts)) if parts else root
    if full != root and not full.startswith(root + os.sep):
        return plain(404, "not found\n")
    if os.path.isdir(full):
        full = os.path.join(full, "index.html")
    if not os.path.isfile(full):
        return plain(404, "not found\n")
    ext = posixpath.splitext(full)[1].lower()
    ctype = CONTENT_TYPES.get(ext) or mimetypes.guess_type(full)[0] or "application/octet-stream"
    with open(full, "rb") as f:
        return plain(200, f.read(), ctype)


async def main(argv: list[str]) -> int:
    args = parse_args(argv)
    os.environ["WEBSOCKETS_MAX_FRAGMENTS"] = str(args.max_fragments)
    from websockets.asyncio.server import ServerConnection, serve
    from websockets.exceptions import ConnectionClosed
    from websockets.http11 import Request, Response
    metrics = Metrics()
    allowed = [o.strip() for o in args.allowed_origins.split(",") if o.strip()]

    def process_request(conn: ServerConnection, request: Request) -> Response | None:
        path = request.path.split("?", 1)[0]
        is_upgrade = "websocket" in request.headers.get("Upgrade", "").lower()
        if not is_upgrade:
            if path == "/healthz":
                return plain(200, "ok\n")
            if path == "/metrics":
                return plain(200, metrics.render(), "text/plain; version=0.0.4; charset=utf-8")
            return static_file(args.web_root, request.path)
        if path != "/echo" or not args.echo:
            return plain(404, "not found\n")
        if metrics.connections >= args.max_connections:
            return plain(503, "too many connections\n", extra={"Retry-After": "1"})
        origin = request.headers.get("Origin")
        if origin is not None and "*" not in allowed and origin not in allowed:
            return plain(403, "origin not allowed\n")
        if request.headers.get("Sec-WebSocket-Version") != "13":
            return plain(426, "upgrade required\n", extra={"Sec-WebSocket-Version": "13"})
        return None

    async def handler(ws: ServerConnection) -> None:
        metrics.connections += 1
        try:
            async for msg in ws:
                n = len(msg.encode() if isinstance(msg, str) else msg)
                metrics.msgs_in += 1
                metrics.bytes_in += n
                await ws.send(msg)
                metrics.msgs_out += 1
                metrics.bytes_out += n
        except ConnectionClosed:
            pass
        finally:
            metrics.connections -= 1
            metrics.closes[str(ws.close_code if ws.close_code is not None else 1006)] += 1

    max_msg = max(args.max_message_bytes, 1)
    ssl_ctx = None
    if args.tls_cert:
        import ssl
        ssl_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ssl_ctx.load_cert_chain(args.tls_cert, args.tls_key)
    server = await serve(
        handler, args.host, args.port,
        ssl=ssl_ctx,
        process_request=process_request,
        compression="deflate" if args.deflate else None,
        open_timeout=args.handshake_timeout,
        ping_interval=args.ping_interval or None,
        ping_timeout=args.ping_timeout or None,
        close_timeout=1,
        max_size=max_msg,
        max_queue=16,
        write_limit=args.send_queue_high_water,
        server_header="CareWire-reference",
        backlog=4096,
    )
    stop = asyncio.get_running_loop().create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):   # before the listening line: SIGTERM may follow it at once
        asyncio.get_running_loop().add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))
    port = server.sockets[0].getsockname()[1]
    print(f"CareWire listening on {'https' if ssl_ctx else 'http'}://{args.host}:{port}/", flush=True)
    await stop
    server.close(close_connections=True)  # close code 1001 (going away)
    await server.wait_closed()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
