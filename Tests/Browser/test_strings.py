"""Web/lib/strings.js in Chromium: Swedish and English say the same things (same keys, same
placeholders, the same plural forms), counts go through the plural forms, every server role has
its Swedish name, the demo's waiting visits use contact reasons from the patient's list; and
(Web/lib/ui.js) the count of days left, which those texts show."""
from __future__ import annotations

import re

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from sources import demo_waiting_reasons, server_roles

pytestmark = pytest.mark.timeout(60)

LOAD = """
const done = arguments[arguments.length - 1];
import("/lib/strings.js").then((m) => { window.strings = m; done(true); }, (e) => done(String(e)));
"""


@pytest.fixture
def strings(chromium, fake):
    driver = chromium(800, 600)
    driver.get(fake.url + "/blank.html")
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.getElementById('ready').dataset.ready === '1'"))
    assert driver.execute_async_script(LOAD) is True
    return driver


def t(driver, key: str, params: dict | None = None, lang: str = "sv") -> str:
    return driver.execute_script("strings.setLang(arguments[2]); return strings.t(arguments[0], arguments[1] || {})",
                                 key, params, lang)


def placeholders(text) -> set[str]:
    forms = text.values() if isinstance(text, dict) else [text]
    return {p for f in forms for p in re.findall(r"\{(\w+)\}", f)}


def test_both_languages_have_the_same_texts(strings):
    tables = strings.execute_script("return strings.tables")
    sv, en = tables["sv"], tables["en"]
    assert sorted(sv) == sorted(en)
    for key in sv:
        assert isinstance(sv[key], dict) == isinstance(en[key], dict), key
        if isinstance(sv[key], dict):
            assert sorted(sv[key]) == sorted(en[key]) == ["one", "other"], key
        # The same parameters, bar the literal 1 of a "one" form.
        assert placeholders(sv[key]) - {"n"} == placeholders(en[key]) - {"n"}, key
    assert len(sv["seek.reasons"].split("|")) == len(en["seek.reasons"].split("|"))


def test_counts_take_the_right_plural_form(strings):
    assert t(strings, "conn.pending", {"n": 1}) == "1 meddelande skickas när anslutningen är tillbaka"
    assert t(strings, "conn.pending", {"n": 3}) == "3 meddelanden skickas när anslutningen är tillbaka"
    assert t(strings, "conn.pending", {"n": 1}, "en") == "1 message will be sent when the connection is back"
    assert t(strings, "visit.daysLeft", {"n": 1}) == "1 dag kvar av uppföljningsperioden"
    assert t(strings, "visit.daysLeft", {"n": 5}) == "5 dagar kvar av uppföljningsperioden"
    assert t(strings, "patient.asyncPhase", {"n": 1}) == "Du kan skriva till vården i 1 dag till"
    assert t(strings, "patient.asyncPhase", {"n": 0}, "en") == "You can write to the clinic for 0 more days"
    assert t(strings, "ev.ended", {"n": 1}) == "Besöket avslutades. Uppföljningsperiod: 1 dag."
    # The words the seeds use.
    assert t(strings, "visit.triage") == "Triageresultat och prioritet"
    assert t(strings, "visit.text") == "Anamnes"
    assert t(strings, "chat.sent") == "Skickat" and t(strings, "chat.read") == "Läst"


def test_every_server_role_has_its_swedish_name(strings):
    for role, swedish in server_roles():
        assert t(strings, "role." + role) == swedish, role
        assert t(strings, "role." + role, lang="en") not in ("role." + role, swedish), role


def test_demo_waiting_visits_use_reasons_the_patient_can_choose(strings):
    reasons = strings.execute_script("strings.setLang('en'); return strings.contactReasons()")
    values = [r["value"] for r in reasons]
    assert set(demo_waiting_reasons()) <= set(values), (demo_waiting_reasons(), values)
    # In English the labels change, the values sent to the server (the clinic's terms) do not.
    assert values == strings.execute_script("strings.setLang('sv'); return strings.contactReasons().map((r) => r.value)")
    assert {"value": "Halsont", "label": "Sore throat"} in reasons


def test_days_left_tolerates_the_clock_estimate(strings):
    """serverNow() lags the server by up to one welcome's latency: a 7-day period just ended must
    still read 7 days (it once read 8, now and then, in the whole-visit flow)."""
    assert strings.execute_async_script("""
        const done = arguments[arguments.length - 1];
        import("/lib/ui.js").then(({ daysLeft }) => {
          const day = 86400000, now = 1767225600000;
          done([daysLeft(now + 7 * day + 40, now), daysLeft(now + 7 * day - 5000, now), daysLeft(now + 6 * day + 3600000, now),
                daysLeft(now + day / 2, now), daysLeft(now + 20000, now), daysLeft(now - day, now)]);
        });
    """) == [7, 7, 7, 1, 0, 0]
