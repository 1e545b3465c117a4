"""Patient data left in the browser: nothing the apps keep may outlive the sign-in.

Both apps keep patient data in sessionStorage only while someone is signed in: the token, unsent
messages (the library's outbox), the patient's last known conversation, the clinician's note
drafts. "Logga ut" and a token the server refuses and the app cannot renew must both leave
localStorage and sessionStorage without any of it. Every key and value of both storages is
scanned for the patient's name and personal identity number, the message texts, the note and
the tokens; the same scan before signing out is the positive control (it finds them).
"""
from __future__ import annotations

import subprocess

import pytest
from selenium.webdriver.common.by import By

from screens import (click, css, found_in_storage, one_bubble, stored, text_in, type_message, until, visible,
                     wait_connection)
from test_visit_flow import accept_and_start, open_apps, seek_care

pytestmark = pytest.mark.timeout(240)
DEMO_SECRET = "carewire-demo-secret-not-for-production"   # the public demo secret (--demo, docs/protocol.md)
NOTE = "Halsont sedan tre dagar, feber 38,5. Tonsiller svullna, ingen beläggning. Strep A tas."
SEEK_TEXT = "Ont i halsen sedan tre dagar, feber 38,5."


def write_note(nurse, text: str) -> None:
    box = visible(nurse, "#notes")
    box.clear()
    box.send_keys(text)


def sign_out(driver) -> None:
    click(driver, "#logout")
    visible(driver, "#login-people button")


def only_the_language_left(driver) -> None:
    kept = stored(driver)
    assert kept["sessionStorage"] == [], kept
    assert [k for k, _ in kept["localStorage"]] in ([], ["carewire.lang"]), kept
    assert kept["cookie"] == "", kept


def test_sign_out_leaves_no_patient_data(visit_setup):
    server, proxy, nurse, patient, binary = visit_setup
    open_apps(server, proxy, nurse, patient, binary, demo_login=True)
    # A note draft an older version left in localStorage goes at the next start.
    nurse.execute_script("localStorage.setItem('carewire.note.v-old', 'Gammal anteckning om Pia Persson')")
    nurse.refresh()
    wait_connection(nurse, "connected")
    assert stored(nurse)["localStorage"] == [], stored(nurse)
    visit = seek_care(patient)
    accept_and_start(nurse, patient, visit)
    type_message(nurse, "Hej Pia, hur länge har du haft ont?")
    one_bubble(patient, "Hej Pia, hur länge har du haft ont?", ".theirs")
    type_message(patient, "Sedan i söndags, värst på morgonen.")
    one_bubble(nurse, "Sedan i söndags, värst på morgonen.", ".theirs")
    write_note(nurse, NOTE)
    # A message typed while the connection is down waits in the outbox (sessionStorage).
    proxy.cut(websockets_only=True)
    wait_connection(patient, "reconnecting", "offline")
    type_message(patient, "Ska jag ta alvedon?")
    text_in(patient, "#conn", "1 meddelande skickas när anslutningen är tillbaka")

    patient_token = patient.execute_script("return sessionStorage.getItem('carewire.token.patient')")
    nurse_token = nurse.execute_script("return sessionStorage.getItem('carewire.token.staff')")
    assert patient_token and nurse_token
    needles = ["Pia Persson", "19121212-1212", "191212121212", SEEK_TEXT, NOTE,
               "Hej Pia, hur länge har du haft ont?", "Sedan i söndags, värst på morgonen.", "Ska jag ta alvedon?",
               patient_token, nurse_token]

    # Positive control: the same scan finds what each app keeps while signed in.
    nurse_hits = found_in_storage(nurse, needles)
    assert f"sessionStorage[carewire.note.{visit}]: {NOTE}" in nurse_hits, nurse_hits
    assert not [h for h in nurse_hits if h.startswith("localStorage")], nurse_hits   # drafts no longer there
    patient_hits = found_in_storage(patient, needles)
    for expected in ("Ska jag ta alvedon?", "Hej Pia, hur länge har du haft ont?", patient_token):
        assert any(h.endswith(": " + expected) for h in patient_hits), (expected, patient_hits)

    sign_out(nurse)
    sign_out(patient)                # offline: the unsent message goes too
    for driver in (nurse, patient):
        assert found_in_storage(driver, needles) == []
        only_the_language_left(driver)
    assert not nurse.find_element(By.ID, "login-notice").is_displayed()


def test_a_token_that_cannot_be_renewed_ends_the_session_and_its_data(carewire, chromium):
    """The server stops accepting the tokens (here: it restarts with another secret) and the apps
    cannot get new ones (these people are not in the demo directory, so /demo/token refuses them):
    both apps sign out by themselves, say why, and keep nothing."""
    server = carewire()
    binary = server.cmd[0]

    def mint(*args: str) -> str:
        return subprocess.run([binary, "token", "--token-secret", DEMO_SECRET, *args], check=True,
                              capture_output=True, text=True, timeout=30).stdout.strip()

    staff_token = mint("--staff", "staff-vera", "--name", "Vera Vikarie", "--provider", "clinic24",
                       "--units", "vc-gavle", "--role", "nurse")
    patient_token = mint("--patient", "patient-gustav", "--name", "Gustav Gäst", "--pin", "19000101-0008")
    nurse, patient = chromium(1280, 800), chromium(390, 844, phone=True)
    nurse.get(f"{server.url}/clinician/#token={staff_token}")
    patient.get(f"{server.url}/patient/#token={patient_token}")
    for driver in (nurse, patient):
        wait_connection(driver, "connected")
    text_in(patient, "#me", "Gustav Gäst")
    visible(patient, "#seek-text").send_keys("Hosta sedan två veckor, ingen feber.")
    click(patient, "#seek-form button[type=submit]")
    text_in(patient, "#visit-title", "Väntar i kö")
    visit = patient.find_element(By.ID, "visit").get_attribute("data-visit")
    click(nurse, f"#queue-panel tr[data-visit='{visit}'] button.accept")
    click(nurse, "#visit-actions button.start")
    type_message(patient, "Hostar mest på natten.")
    one_bubble(nurse, "Hostar mest på natten.", ".theirs")
    write_note(nurse, NOTE)
    needles = ["Gustav Gäst", "19000101-0008", "190001010008", "Hosta sedan två veckor, ingen feber.",
               "Hostar mest på natten.", NOTE, staff_token, patient_token]
    until(nurse, lambda d: any(NOTE in h for h in found_in_storage(d, needles)), "note draft kept (control)")
    until(patient, lambda d: any("Hostar mest på natten." in h for h in found_in_storage(d, needles)),
          "conversation kept (control)")

    server.stop()
    again = carewire(port=server.port, database=server.database, extra=("--token-secret", "another-secret-entirely"))
    assert again.port == server.port
    for driver in (nurse, patient):
        text_in(driver, "#login-notice", "inloggningen har gått ut", timeout=40)
        visible(driver, "#login-people button")
        assert "signed-out" not in driver.current_url
        assert found_in_storage(driver, needles) == []
        only_the_language_left(driver)
    assert not css(patient, "li.msg")
