"""Fixtures that start the server under test as a child process.

Which server:
  CAREWIRE_TEST_SERVER=binary (default)  -> $CAREWIRE_BIN, default .build/debug/carewire
                                            (built with `swift build` if missing)
  CAREWIRE_TEST_SERVER=reference         -> Tests/Integration/reference_echo.py (python websockets),
                                            used to calibrate these tests.

Event loops:
  CAREWIRE_TEST_LOOPS=N                  -> every server a test starts without its own `--loops`
                                            runs with `--loops N` (default: the server's, one per
                                            core); `start_server(..., loops=N)` and
                                            `ServerProcess(..., loops=N)` choose per server.

Synchronisation is always on output or sockets with deadlines, never on sleeps: the fixture waits
for the one line `CareWire listening on http(s)://HOST:PORT/` and parses the port (--port 0).
Teardown sends SIGTERM, waits, then SIGKILLs after a deadline, so no process is left behind even
if a test fails. A server that died on its own during a test, or that does not exit 0 on SIGTERM
or SIGINT (whether the test or the teardown sent it), makes the test ERROR at teardown (both break
the command-line contract). `stop()` may be called any number of times: every call returns the
same (exit status, problem), so a test's own stop never hides a bad exit from the teardown.
"""
from __future__ import annotations

import os
import re
import resource
import selectors
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
REPORTS = REPO / ".build" / "reports"
LOGS = REPORTS / "server-logs"
LISTEN_RE = re.compile(rb"CareWire listening on (https?)://([^/\s]+):(\d+)/")
START_DEADLINE = float(os.environ.get("CAREWIRE_TEST_START_DEADLINE", "30"))
STOP_DEADLINE = 30.0  # a loaded CI machine may take a while to drain; the exit status is what counts
SERVER_KIND = os.environ.get("CAREWIRE_TEST_SERVER", "binary")


def _default_loops() -> int | None:
    text = os.environ.get("CAREWIRE_TEST_LOOPS", "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise pytest.UsageError(f"CAREWIRE_TEST_LOOPS must be a number of event loops (0 = one per core), not {text!r}")
    return int(text)


DEFAULT_LOOPS = _default_loops()
# The exit status each stop signal must give: 0 for the graceful ones (the command-line
# contract), death by the signal itself for SIGKILL.
EXPECTED_EXIT = {signal.SIGTERM: 0, signal.SIGINT: 0, signal.SIGKILL: -signal.SIGKILL}


def _raise_nofile() -> tuple[int, int]:
    """Raise RLIMIT_NOFILE for this process (and so for the servers it starts)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = 65536
    try:
        if hard != resource.RLIM_INFINITY and hard < want:
            resource.setrlimit(resource.RLIMIT_NOFILE, (want, want))  # needs root/CAP_SYS_RESOURCE
        else:
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(want, hard), hard))
    except (ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)


NOFILE = _raise_nofile()


def _server_command() -> list[str]:
    if SERVER_KIND == "reference":
        return [sys.executable, str(HERE / "reference_echo.py"), "serve"]
    if SERVER_KIND != "binary":
        raise pytest.UsageError(f"CAREWIRE_TEST_SERVER must be 'binary' or 'reference', not {SERVER_KIND!r}")
    binary = Path(os.environ.get("CAREWIRE_BIN") or REPO / ".build" / "debug" / "carewire")
    if not binary.is_absolute():
        binary = REPO / binary
    if not binary.exists():
        config = "release" if "release" in binary.parts else "debug"
        swift = shutil.which("swift") or "/opt/swift/usr/bin/swift"
        print(f"[conftest] {binary} missing: swift build -c {config} --product carewire", file=sys.stderr)
        subprocess.run([swift, "build", "-c", config, "--product", "carewire"], cwd=REPO, check=True)
        if not binary.exists():
            raise pytest.UsageError(f"{binary} still missing after the build")
    return [str(binary), "serve"]


class _SignalledPopen(subprocess.Popen):
    """Remembers the last signal a test sent (`server.proc.send_signal`), so `stop()` can tell a
    server the test stopped from one that exited on its own, and check the status it exited with."""

    last_signal: int | None = None

    def send_signal(self, sig: int) -> None:
        self.last_signal = sig
        super().send_signal(sig)


class ServerProcess:
    """One running server. Use `url`, `ws_url`, `host`, `port`, `pid`, `loops`, `rss_bytes()`.

    `loops`: adds `--loops N`; None means CAREWIRE_TEST_LOOPS, if set, unless `flags` already
    name `--loops` (the reference server has no loops and never gets the flag)."""

    def __init__(self, flags: list[str], name: str, env: dict[str, str] | None = None,
                 loops: int | None = None) -> None:
        if SERVER_KIND == "binary" and "--loops" not in flags:
            loops = DEFAULT_LOOPS if loops is None else loops
            if loops is not None:
                flags = flags + ["--loops", str(loops)]
        self.loops = int(flags[flags.index("--loops") + 1]) if "--loops" in flags else None
        self.flags = flags
        self.name = re.sub(r"[^A-Za-z0-9_.-]+", "_", name)[:120]
        LOGS.mkdir(parents=True, exist_ok=True)
        self.log_path = LOGS / f"{self.name}.log"
        # The server reads CAREWIRE_* as flags: never leak the caller's (or the harness's) into it.
        child_env = {k: v for k, v in os.environ.items() if not k.startswith("CAREWIRE_")}
        child_env.update(env or {})
        self.cmd = _server_command() + flags
        self.log = open(self.log_path, "wb")
        self.log.write(("$ " + " ".join(self.cmd) + "\n").encode())
        self.log.flush()
        self.proc = _SignalledPopen(
            self.cmd, cwd=REPO, env=child_env, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=self.log, start_new_session=True)
        self.pid = self.proc.pid
        self.stopped = False
        self.exit_code: int | None = None
        self.problem: str | None = None
        self._wait_listening()
        self._drain = threading.Thread(target=self._drain_stdout, daemon=True)
        self._drain.start()

    def _wait_listening(self) -> None:
        deadline = time.monotonic() + START_DEADLINE
        buf = b""
        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    self._kill()
                    raise RuntimeError(f"server did not print its listening line within {START_DEADLINE}s; "
                                       f"stdout so far: {buf[-500:]!r}; log: {self.log_path}")
                if not sel.select(timeout=left):
                    continue
                chunk = os.read(self.proc.stdout.fileno(), 4096)
                if not chunk:
                    code = self.proc.wait(timeout=STOP_DEADLINE)
                    raise RuntimeError(f"server exited ({code}) before listening; stdout: {buf[-500:]!r}; "
                                       f"stderr tail: {self.log_tail()!r}")
                buf += chunk
                m = LISTEN_RE.search(buf)
                if m:
                    self.stdout_head = buf          # stdout only (stderr goes to the log file)
                    self.log.write(buf)
                    self.log.flush()
                    self.scheme = m.group(1).decode()
                    self.host = m.group(2).decode()
                    self.port = int(m.group(3))
                    return
        finally:
            sel.close()

    def _drain_stdout(self) -> None:
        try:
            while chunk := os.read(self.proc.stdout.fileno(), 65536):
                self.log.write(chunk)
                self.log.flush()
        except (OSError, ValueError):
            pass

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"{'wss' if self.scheme == 'https' else 'ws'}://{self.host}:{self.port}"

    def alive(self) -> bool:
        return self.proc.poll() is None

    def rss_bytes(self) -> int:
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        raise RuntimeError("no VmRSS")

    def fd_count(self) -> int:
        return len(os.listdir(f"/proc/{self.pid}/fd"))

    def log_tail(self, n: int = 4000) -> str:
        try:
            return self.log_path.read_bytes()[-n:].decode(errors="replace")
        except OSError:
            return ""

    def _kill(self) -> None:
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()

    def stop(self, sig: int = signal.SIGTERM) -> tuple[int | None, str | None]:
        """Sends `sig` (SIGTERM, SIGINT or SIGKILL), waits, SIGKILLs after the deadline.
        Returns (exit status, problem or None); the problem says what broke the contract: an exit
        on its own, a status other than 0 after SIGTERM/SIGINT (or other than death by SIGKILL),
        no exit within the deadline. A second call returns the first call's answer again."""
        if self.stopped:
            return self.exit_code, self.problem
        if sig not in EXPECTED_EXIT:
            raise ValueError(f"stop() sends SIGTERM, SIGINT or SIGKILL, not {sig}")
        self.stopped = True
        problem = None
        early = self.proc.poll()
        if early is not None:
            sent = self.proc.last_signal
            if sent is None:
                problem = f"server exited on its own during the test with status {early}"
            else:
                sig = sent     # the test stopped it itself: check the status that signal must give
        else:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=STOP_DEADLINE)
            except subprocess.TimeoutExpired:
                problem = f"server did not exit within {STOP_DEADLINE}s of {signal.Signals(sig).name} (killed with SIGKILL)"
        # Whatever happened, leave nothing behind (the server runs in its own process group).
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.exit_code = self.proc.wait()
        expected = EXPECTED_EXIT.get(sig)
        if problem is None and self.exit_code != expected:
            problem = (f"server exited with status {self.exit_code} after {signal.Signals(sig).name} "
                       f"(contract: {expected})")
        self.problem = problem
        self._drain.join(timeout=2)
        self.log.close()
        return self.exit_code, problem

    def kill(self) -> tuple[int | None, str | None]:
        """SIGKILL (a crash, as far as the server can tell): `stop(signal.SIGKILL)`."""
        return self.stop(signal.SIGKILL)


def default_flags() -> list[str]:
    return ["--host", "127.0.0.1", "--port", "0", "--echo", "--web-root", str(REPO / "Web"),
            "--log-level", "info"]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)


def _finish(servers: list[ServerProcess], request) -> None:
    problems = []
    for s in servers:
        _, problem = s.stop()
        failed = getattr(getattr(request.node, "rep_call", None), "failed", False)
        if problem or failed:
            print(f"--- server log {s.log_path} (tail) ---\n{s.log_tail()}", file=sys.stderr)
        if problem:
            problems.append(f"{s.name}: {problem}")
    if problems:
        pytest.fail("; ".join(problems), pytrace=False)


@pytest.fixture(scope="session")
def server(request):
    """The shared echo server with default limits (deflate on)."""
    s = ServerProcess(default_flags(), "shared-echo")
    yield s
    _finish([s], request)


@pytest.fixture
def start_server(request):
    """Factory: start_server(*extra_flags, env=None, loops=None) -> ServerProcess, stopped at
    teardown. `loops=N` adds `--loops N` (default: CAREWIRE_TEST_LOOPS, if set)."""
    started: list[ServerProcess] = []

    def start(*extra: str, env: dict[str, str] | None = None, base: bool = True,
              loops: int | None = None) -> ServerProcess:
        flags = (default_flags() if base else []) + list(extra)
        s = ServerProcess(flags, f"{request.node.name}-{len(started)}", env=env, loops=loops)
        started.append(s)
        return s

    yield start
    _finish(started, request)


@pytest.fixture
def care(start_server, tmp_path):
    """A care server (carewire.v1, the integration token secret) on a fresh store; `.db` is its file."""
    from care_client import care_flags
    db = str(tmp_path / "care.db")
    server = start_server(*care_flags(db))
    server.db = db
    return server


@pytest.fixture(scope="session")
def reports_dir() -> Path:
    REPORTS.mkdir(parents=True, exist_ok=True)
    return REPORTS


def pytest_collection_modifyitems(config, items):
    """`@pytest.mark.carewire_only("why")`: a CareWire requirement the reference server (python
    websockets) does not implement; skipped when calibrating against the reference."""
    if SERVER_KIND != "reference":
        return
    for item in items:
        m = item.get_closest_marker("carewire_only")
        if m:
            item.add_marker(pytest.mark.skip(reason="reference server: " + (m.args[0] if m.args else "n/a")))


def pytest_report_header(config):
    cmd = " ".join(_server_command()) if SERVER_KIND == "reference" else (
        os.environ.get("CAREWIRE_BIN") or ".build/debug/carewire")
    loops = "" if SERVER_KIND == "reference" else (
        f"; --loops {DEFAULT_LOOPS} (CAREWIRE_TEST_LOOPS)" if DEFAULT_LOOPS is not None else "; --loops: the server's default")
    return [f"server under test: {SERVER_KIND} ({cmd}){loops}; RLIMIT_NOFILE={NOFILE}"]
