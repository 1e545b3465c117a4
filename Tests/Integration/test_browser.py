"""Client 3 of 3: headless Chromium (Debian `chromium` + `chromium-driver`) via Selenium 4.

Loads Web/test/echo.html from the server under test; its external echo.js talks to /echo
(text, binary ArrayBuffer, 256 KiB binary, ~300 KiB text, close 3001) and writes a JSON report
into #result. Chromium offers permessage-deflate by default, so this also covers deflate
against a real browser.
"""
from __future__ import annotations

import json
import os
import re
import shutil

import pytest

from helpers import http_get

pytestmark = [pytest.mark.browser, pytest.mark.timeout(90)]

CHROMIUM = os.environ.get("CAREWIRE_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CAREWIRE_TEST_CHROMEDRIVER", "/usr/bin/chromedriver")


@pytest.fixture(scope="module")
def browser():
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        msg = f"{CHROMIUM} / {CHROMEDRIVER} missing: run `make deps` (apt: chromium chromium-driver)"
        if os.environ.get("CI") or os.environ.get("CAREWIRE_TEST_REQUIRE_BROWSER"):
            pytest.fail(msg)
        pytest.skip(msg)
    os.environ.setdefault("SE_OFFLINE", "true")   # Selenium Manager must never try to download
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--no-first-run", "--disable-extensions", "--disable-background-networking",
              "--window-size=1024,768"):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=CHROMEDRIVER)
    driver = webdriver.Chrome(service=service, options=opts)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def run_page(browser, url: str, timeout: float = 30) -> dict:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(url)
    el = WebDriverWait(browser, timeout).until(
        lambda d: (e := d.find_element(By.ID, "result")).get_attribute("data-status") != "running" and e)
    text = el.text
    try:
        report = json.loads(text)
    except ValueError:
        report = {"raw": text}
    report["status"] = el.get_attribute("data-status")
    try:
        report["console"] = [m["message"] for m in browser.get_log("browser")]
    except Exception:  # noqa: BLE001 - logs are diagnostics only
        pass
    return report


def test_chromium_echo_page(server, browser, reports_dir):
    report = run_page(browser, server.url + "/test/echo.html")
    (reports_dir / "browser-echo.json").write_text(json.dumps(report, indent=2))
    assert report["status"] == "pass", json.dumps(report, indent=2)
    assert [s["name"] for s in report["steps"]] == ["text", "binary", "binary-256KiB", "text-big"]
    assert "permessage-deflate" in report["extensions"], report
    assert report["close"]["code"] == 3001 and report["close"]["wasClean"] is True, report


def test_chromium_echo_page_without_deflate(start_server, browser):
    s = start_server("--no-deflate")
    report = run_page(browser, s.url + "/test/echo.html")
    assert report["status"] == "pass", json.dumps(report, indent=2)
    assert report["extensions"] == "", report


def test_chromium_cross_origin_page_is_refused(start_server, browser):
    # CSWSH: a page from another origin (another server, another port) opens a WebSocket to a
    # server that allows only http://good.example. The browser sends Origin: http://127.0.0.1:A
    # with Host: 127.0.0.1:B; the upgrade must be refused (403), so the page sees error + 1006.
    # The page's own server lists B in --allowed-origins, so its CSP (connect-src 'self' + the
    # allowed origins) lets the browser try: without that, Chromium's CSP would stop the
    # WebSocket before B ever saw it (next test) and this would not test the server at all.
    s = start_server("--allowed-origins", "http://good.example")
    page = start_server("--allowed-origins", f"http://127.0.0.1:{s.port}")
    report = run_page(browser, f"{page.url}/test/echo.html?ws={s.ws_url}/echo")
    assert report["url"] == f"{s.ws_url}/echo", report
    assert report["status"] == "fail", report
    assert report["close"]["code"] == 1006 and report["steps"][:1] == [{"name": "error-event"}], report
    assert not [m for m in report.get("console", []) if "Content Security Policy" in m], report
    assert _metric(s, "carewire_http_requests_total") >= 1   # the upgrade reached B, which refused it


def _metric(server, name: str) -> float:
    status, _, body = http_get(server.host, server.port, "/metrics")
    assert status == 200
    m = re.search(rf"^{re.escape(name)} (\S+)$", body.decode(), re.M)
    assert m, f"{name} missing"
    return float(m.group(1))


# Opens a WebSocket in the current page and reports the first of open (then closes it) or error.
OPEN_WEBSOCKET = """
const [url, done] = [arguments[0], arguments[arguments.length - 1]];
let ws;
try { ws = new WebSocket(url); } catch (e) { done("thrown: " + e); return; }
ws.onopen = () => { done("open"); ws.close(1000); };
ws.onerror = () => done("error");
"""


def test_chromium_csp_keeps_websockets_to_the_pages_origin(server, start_server, browser):
    """connect-src 'self' (issue 21 item 8): Chromium lets a page open ws:// to its own host and
    port but no WebSocket to another origin, not even to a server that would accept it
    (--allowed-origins '*'): the browser reports the CSP and never sends the upgrade."""
    s = start_server("--allowed-origins", "*")
    browser.set_script_timeout(10)
    browser.get(f"{server.url}/nope")          # any answer of the server carries its CSP
    browser.get_log("browser")                 # drop what loading the page logged
    assert browser.execute_async_script(OPEN_WEBSOCKET, f"{server.ws_url}/echo") == "open"
    assert browser.execute_async_script(OPEN_WEBSOCKET, f"{s.ws_url}/echo") == "error"
    host_alias = server.ws_url.replace("127.0.0.1", "localhost")   # same server, another origin
    assert browser.execute_async_script(OPEN_WEBSOCKET, f"{host_alias}/echo") == "error"
    blocked = [m["message"] for m in browser.get_log("browser") if "Content Security Policy" in m["message"]]
    assert len(blocked) == 2 and all("connect-src 'self'" in m for m in blocked), blocked
    assert _metric(s, "carewire_http_requests_total") == 1   # only the /metrics request just made
    # Positive control: a page served by s may open a WebSocket to s.
    browser.get(f"{s.url}/nope")
    assert browser.execute_async_script(OPEN_WEBSOCKET, f"{s.ws_url}/echo") == "open"
