"""What the end-to-end tests do on the two screens, in the words of the UI (Swedish by default).

Every wait is a WebDriverWait on a condition with a deadline; nothing sleeps.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

WAIT = 20


def token(binary: str, subject: str) -> str:
    """A demo token, as `make run` prints it (carewire token --demo SUBJECT)."""
    out = subprocess.run([binary, "token", "--demo", subject], check=True, capture_output=True, text=True, timeout=30)
    return out.stdout.strip()


def until(driver, condition, what: str, timeout: float = WAIT):
    # Live re-renders replace elements: a stale one just means "look again".
    return WebDriverWait(driver, timeout, ignored_exceptions=[StaleElementReferenceException]).until(
        lambda d: condition(d), message=what)


def css(driver, selector: str):
    return driver.find_elements(By.CSS_SELECTOR, selector)


def visible(driver, selector: str, timeout: float = WAIT):
    return until(driver, lambda d: next((e for e in css(d, selector) if e.is_displayed()), None),
                 f"{selector} visible", timeout)


def text_in(driver, selector: str, text: str, timeout: float = WAIT):
    return until(driver, lambda d: next((e for e in css(d, selector) if text in e.text), None),
                 f"{text!r} in {selector}", timeout)


def click(driver, selector: str, timeout: float = WAIT) -> None:
    """Clicks the visible element, again if a live re-render replaced it in between."""
    def attempt(d):
        try:
            visible(d, selector, timeout).click()
            return True
        except StaleElementReferenceException:
            return False
    until(driver, attempt, f"click {selector}", timeout)


def connection(driver) -> str:
    return driver.find_element(By.ID, "conn").get_attribute("data-state")


def wait_connection(driver, *states: str, timeout: float = WAIT) -> str:
    return until(driver, lambda d: connection(d) in states and connection(d), f"connection in {states}", timeout)


def bubbles(driver, text: str, side: str = "") -> list:
    return [e for e in css(driver, f"li.msg{side}") if e.find_element(By.CSS_SELECTOR, ".text").text == text]


def one_bubble(driver, text: str, side: str = "", timeout: float = WAIT):
    """Waits for the message, then insists it is shown exactly once."""
    until(driver, lambda d: bubbles(d, text, side), f"message {text!r}", timeout)
    found = bubbles(driver, text, side)
    assert len(found) == 1, f"{text!r} shown {len(found)} times"
    return found[0]


def receipt(bubble) -> str:
    return bubble.get_attribute("data-receipt") or ""


def type_message(driver, text: str, send: bool = True) -> None:
    box = visible(driver, ".composer textarea")
    box.send_keys(text)
    if send:
        box.send_keys(Keys.ENTER)


def shot(driver, folder: Path, name: str) -> None:
    driver.save_screenshot(str(folder / f"{name}.png"))


STORAGE = """
const dump = (s) => Array.from({ length: s.length }, (_, i) => [s.key(i), s.getItem(s.key(i))]);
return { localStorage: dump(localStorage), sessionStorage: dump(sessionStorage), cookie: document.cookie };
"""


def stored(driver) -> dict:
    """Everything the page's origin keeps in localStorage and sessionStorage (key, value), and its cookies."""
    return driver.execute_script(STORAGE)


def found_in_storage(driver, needles) -> list[str]:
    """Which needles occur in any key or value of either storage (or a cookie): 'where: needle'."""
    kept = stored(driver)
    hits = [f"cookie: {n}" for n in needles if n in kept["cookie"]]
    for area in ("localStorage", "sessionStorage"):
        for key, value in kept[area]:
            hits += [f"{area}[{key}]: {n}" for n in needles if n in key or n in (value or "")]
    return hits
