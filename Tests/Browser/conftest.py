"""Fixtures for the browser tests: headless Chromium windows (Debian `chromium` + `chromium-driver`
through Selenium), the scripted fake server for the library tests, and the real server with
demo data for the end-to-end flow.

The real server is started by Tests/Integration/conftest.py's ServerProcess (one way to start,
wait for the listening line and stop a server, with its log in .build/reports/server-logs/).
Screenshots go to .build/reports/browser/, or to $CAREWIRE_SCREENSHOTS (`make screenshots`).
"""
from __future__ import annotations

import importlib.util
import os
import tempfile
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CHROMIUM = os.environ.get("CAREWIRE_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CAREWIRE_TEST_CHROMEDRIVER", "/usr/bin/chromedriver")
ARTIFACTS = REPO / ".build" / "reports" / "browser"


def _load_integration_conftest():
    spec = importlib.util.spec_from_file_location("integration_conftest", REPO / "Tests" / "Integration" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


integration = _load_integration_conftest()


@pytest.fixture
def cuttable():
    """Factory: cuttable(port) -> a CuttableProxy (netcut.py) to that port, closed at teardown. Ask
    for it before `chromium`: it is then torn down after the windows' failure screenshots, which
    would otherwise all show a patient cut off by the closing proxy."""
    from netcut import CuttableProxy
    proxies = []

    def make(port: int) -> CuttableProxy:
        proxies.append(CuttableProxy(port))
        return proxies[-1]

    yield make
    for p in proxies:
        p.close()


@pytest.fixture
def chromium(request):
    """Factory: chromium(width, height, phone=False) -> a WebDriver; every window is quit at teardown."""
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        pytest.fail(f"{CHROMIUM} / {CHROMEDRIVER} missing: run `make deps` (apt: chromium chromium-driver)")
    os.environ.setdefault("SE_OFFLINE", "true")   # Selenium Manager must never try to download
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    drivers = []

    def make(width: int = 1280, height: int = 800, phone: bool = False):
        opts = webdriver.ChromeOptions()
        opts.binary_location = CHROMIUM
        for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--no-first-run", "--disable-extensions", "--disable-background-networking",
                  "--lang=sv-SE", f"--window-size={width},{height}", "--force-device-scale-factor=1"):
            opts.add_argument(a)
        if phone:   # a phone-sized viewport (headless windows are at least 500 px wide)
            opts.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 1.0}})
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)
        driver.set_page_load_timeout(30)
        drivers.append(driver)
        return driver

    yield make
    failed = getattr(getattr(request.node, "rep_call", None), "failed", False)
    for i, d in enumerate(drivers):
        if failed:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            try:
                d.save_screenshot(str(ARTIFACTS / f"{request.node.name}-failed-{i}.png"))
                logs = "\n".join(m["message"] for m in d.get_log("browser"))
                (ARTIFACTS / f"{request.node.name}-console-{i}.txt").write_text(logs)
            except Exception:  # noqa: BLE001 - diagnostics only
                pass
        d.quit()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)


@pytest.fixture
def fake():
    from fake_carewire import FakeCarewire
    f = FakeCarewire()
    yield f
    f.close()


@pytest.fixture
def carewire(request):
    """Factory: carewire(port=0, database=None, extra=()) -> a real server with demo data (stopped at
    teardown). The same database and port give a restarted server; `extra` adds flags."""
    started = []
    tmp = tempfile.TemporaryDirectory(prefix="carewire-browser-")

    def start(port: int = 0, database: str | None = None, extra: tuple[str, ...] = ()):
        database = database or str(Path(tmp.name) / "carewire.db")
        flags = ["--host", "127.0.0.1", "--port", str(port), "--web-root", str(REPO / "Web"),
                 "--demo", "--database", database, "--log-level", "info", *extra]
        s = integration.ServerProcess(flags, f"browser-{request.node.name}-{len(started)}")
        s.database = database
        started.append(s)
        return s

    yield start
    integration._finish(started, request)
    tmp.cleanup()


@pytest.fixture
def visit_setup(cuttable, carewire, chromium):
    """A demo server, the patient's proxy to it, a nurse's window and a phone-sized patient's:
    (server, proxy, nurse, patient, server binary)."""
    server = carewire()
    proxy = cuttable(server.port)
    nurse = chromium(1280, 800)
    patient = chromium(390, 844, phone=True)
    return server, proxy, nurse, patient, server.cmd[0]


@pytest.fixture(scope="session")
def shots() -> Path:
    """Where screenshots of the main screens go."""
    path = Path(os.environ.get("CAREWIRE_SCREENSHOTS") or ARTIFACTS)
    path.mkdir(parents=True, exist_ok=True)
    return path
