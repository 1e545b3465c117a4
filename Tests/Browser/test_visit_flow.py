"""A whole digital visit in two headless Chromium windows against the real server (--demo).

The patient (phone-sized, loaded through a cuttable proxy, signed in on the demo login page)
seeks care; the nurse sees the case
appear without reloading, accepts and starts; they chat (typing indicator, delivered, read);
the patient's network is cut and restored and what was typed meanwhile arrives once; the nurse
changes the priority and copies the personal identity number; ends the visit with 7 days and
"charge: yes"; the patient writes in the async phase and the
visit shows in the nurse's inbox, where "Markera som klar" moves it to "Kräver ingen åtgärd".
A second test restarts the server instead (same port and database) mid-conversation.
Screenshots of the main screens go to `shots` (docs/screenshots with `make screenshots`).
"""
from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from netcut import CuttableProxy
from screens import (bubbles, click, connection, css, one_bubble, receipt, shot, text_in, token, type_message,
                     until, visible, wait_connection)

pytestmark = pytest.mark.timeout(240)


@pytest.fixture
def visit_setup(carewire, chromium):
    server = carewire()
    binary = server.cmd[0]
    proxy = CuttableProxy(server.port)
    nurse = chromium(1280, 800)
    patient = chromium(390, 844, phone=True)
    yield server, proxy, nurse, patient, binary
    proxy.close()


def open_apps(server, proxy, nurse, patient, binary, shots=None, demo_login=False):
    """The nurse comes with a #token link (as `make run` prints); the patient too, or through
    the demo login page (/demo/people, /demo/token)."""
    if shots:
        nurse.get(server.url + "/")
        shot(nurse, shots, "01-start")
    nurse.get(f"{server.url}/clinician/#token={token(binary, 'staff-anna')}")
    visible(nurse, "#queue-panel")
    wait_connection(nurse, "connected")
    if demo_login:
        patient.get(f"{proxy.url}/patient/")
        visible(patient, "#login-people button[data-subject='patient-pia']")
        if shots:
            shot(patient, shots, "02-patient-login")
        click(patient, "#login-people button[data-subject='patient-pia']")
    else:
        patient.get(f"{proxy.url}/patient/#token={token(binary, 'patient-pia')}")
    visible(patient, "#seek-form")
    wait_connection(patient, "connected")


def seek_care(patient, shots=None):
    patient.find_element(By.ID, "seek-text").send_keys("Ont i halsen sedan tre dagar, feber 38,5.")
    if shots:
        shot(patient, shots, "03-patient-seek-care")
    patient.find_element(By.CSS_SELECTOR, "#seek-form button[type=submit]").click()
    text_in(patient, "#visit-title", "Väntar i kö")
    # The demo store starts with two waiting visits of other patients (priority 2 and 3, earlier).
    text_in(patient, "#visit-detail", "nummer 3 i kön")
    return patient.find_element(By.ID, "visit").get_attribute("data-visit")


def accept_and_start(nurse, patient, visit, shots=None):
    row = visible(nurse, f"#queue-panel tr[data-visit='{visit}']")    # appeared live, no reload
    assert "Halsont" in row.text and "Pia Persson" in row.text and "Online" in row.text, row.text
    assert len(css(nurse, "#queue-panel tr.overdue")) == 1            # the demo's 22-minute wait
    if shots:
        shot(nurse, shots, "05-clinician-queue")
    click(nurse, f"#queue-panel tr[data-visit='{visit}'] button.accept")
    text_in(patient, "#visit-title", "Anna Berg har tagit emot ditt ärende")
    text_in(nurse, "#visit-pin", "19121212-1212")
    click(nurse, "#visit-actions button.start")
    visible(nurse, ".composer textarea")
    text_in(patient, "#visit-title", "Pågående besök med Anna Berg")
    until(patient, lambda d: css(d, "li.msg.theirs"), "welcome message at the patient")


def chat(nurse, patient):
    type_message(nurse, "Hej Pia! Hur länge har du haft feber?")
    one_bubble(patient, "Hej Pia! Hur länge har du haft feber?", ".theirs")
    # The patient's page is visible, so it reads the message: the nurse sees "Läst" under it.
    mine = one_bubble(nurse, "Hej Pia! Hur länge har du haft feber?", ".mine")
    until(nurse, lambda d: receipt(mine) == "read", "read receipt at the nurse")
    assert mine.find_element(By.CSS_SELECTOR, ".receipt").text == "Läst"
    type_message(patient, "Sedan i tisdags", send=False)
    text_in(nurse, ".typing", "Pia Persson skriver")
    type_message(patient, "", send=True)
    sent = one_bubble(patient, "Sedan i tisdags", ".mine")
    until(patient, lambda d: receipt(sent) in ("delivered", "read"), "delivered at the patient")
    one_bubble(nurse, "Sedan i tisdags", ".theirs")
    until(patient, lambda d: receipt(sent) == "read", "read at the patient")


def end_visit(nurse, shots=None):
    click(nurse, "#visit-actions button.end")
    days = visible(nurse, "#end-days")
    days.clear()
    days.send_keys("7")
    nurse.find_element(By.ID, "end-submit").click()            # charge not chosen: refused
    text_in(nurse, "#end-error", "Välj om besöket ska debiteras")
    nurse.find_element(By.ID, "charge-yes").click()
    if shots:
        shot(nurse, shots, "09-clinician-end-visit")
    nurse.find_element(By.ID, "end-submit").click()
    until(nurse, lambda d: not d.find_element(By.ID, "end-dialog").is_displayed(), "dialog closed")
    text_in(nurse, "#visit-state", "Asynkron fas")
    text_in(nurse, "#visit-days", "7 dagar kvar")


def test_whole_visit_with_network_cut(visit_setup, shots):
    server, proxy, nurse, patient, binary = visit_setup
    open_apps(server, proxy, nurse, patient, binary, shots, demo_login=True)
    visit = seek_care(patient, shots)
    shot(patient, shots, "04-patient-queue")
    accept_and_start(nurse, patient, visit, shots)
    chat(nurse, patient)
    Select(nurse.find_element(By.ID, "priority")).select_by_value("2")
    click(nurse, "#priority-form button[type=submit]")
    text_in(nurse, "li.system", "Prioritet ändrad från 3 till 2")
    click(nurse, "#visit-copy")
    text_in(nurse, "#visit-copy", "Kopierat")
    shot(nurse, shots, "06-clinician-visit")
    shot(patient, shots, "07-patient-chat")

    # The patient's network goes away; what they type meanwhile waits, then arrives once.
    proxy.cut()
    wait_connection(patient, "reconnecting", "offline")
    until(nurse, lambda d: d.find_element(By.CSS_SELECTOR, "#visit-online .dot").get_attribute("data-online") == "0",
          "patient shown offline to the nurse")
    type_message(patient, "Skrivet utan nät 1")
    type_message(patient, "Skrivet utan nät 2")
    queued = one_bubble(patient, "Skrivet utan nät 2", ".mine")
    assert receipt(queued) == "queued", receipt(queued)
    text_in(patient, "#conn", "skickas när anslutningen är tillbaka")
    shot(patient, shots, "08-patient-offline")
    proxy.restore()
    wait_connection(patient, "connected", timeout=30)
    first = one_bubble(nurse, "Skrivet utan nät 1", ".theirs")
    second = one_bubble(nurse, "Skrivet utan nät 2", ".theirs")
    assert int(first.get_attribute("data-seq")) + 1 == int(second.get_attribute("data-seq"))
    until(patient, lambda d: receipt(queued) in ("delivered", "read"), "queued message delivered")
    until(nurse, lambda d: d.find_element(By.CSS_SELECTOR, "#visit-online .dot").get_attribute("data-online") == "1",
          "patient online again")

    end_visit(nurse, shots)
    text_in(patient, "#visit-title", "Besöket är avslutat")
    text_in(patient, "#visit-detail", "7 dagar till")
    type_message(patient, "En fråga efteråt: får jag ta ipren?")
    shot(patient, shots, "10-patient-async-phase")
    one_bubble(nurse, "En fråga efteråt: får jag ta ipren?", ".theirs")

    nurse.find_element(By.ID, "nav-inbox").click()
    row = visible(nurse, f"#inbox-panel tr[data-visit='{visit}']")
    assert "Pia Persson" in row.text and "Halsont" in row.text, row.text
    shot(nurse, shots, "11-clinician-inbox")
    click(nurse, f"#inbox-panel tr[data-visit='{visit}'] button.mark-done")
    text_in(nurse, "#inbox-tabs-requiresNoAction", "1")
    assert "0" in nurse.find_element(By.ID, "inbox-tabs-inbox").text
    assert connection(patient) == "connected" and connection(nurse) == "connected"


def test_messages_typed_during_server_restart_arrive_once(visit_setup, carewire):
    server, proxy, nurse, patient, binary = visit_setup
    open_apps(server, proxy, nurse, patient, binary)
    accept_and_start(nurse, patient, seek_care(patient))
    type_message(nurse, "Före omstarten")
    one_bubble(patient, "Före omstarten", ".theirs")

    server.stop()                                             # SIGTERM: every socket closed with 1001
    wait_connection(patient, "reconnecting", "offline")
    wait_connection(nurse, "reconnecting", "offline")
    type_message(patient, "Under omstarten 1")
    type_message(nurse, "Sköterskan under omstarten")
    type_message(patient, "Under omstarten 2")
    again = carewire(port=server.port, database=server.database)
    assert again.port == server.port
    wait_connection(patient, "connected", timeout=40)
    wait_connection(nurse, "connected", timeout=40)
    for text in ("Under omstarten 1", "Under omstarten 2"):
        one_bubble(nurse, text, ".theirs")
        one_bubble(patient, text, ".mine")
    one_bubble(patient, "Sköterskan under omstarten", ".theirs")
    one_bubble(patient, "Före omstarten", ".theirs")
    assert len(bubbles(nurse, "Före omstarten", ".mine")) == 1


def test_a_colleague_accepting_the_waiting_visit_anna_has_open(carewire, chromium):
    """Anna has a waiting visit open; Sara accepts it from her own queue: Anna's pane says so,
    read-only (no accept, no priority), without a reload."""
    server = carewire()
    binary = server.cmd[0]
    anna, sara = chromium(1280, 800), chromium(1280, 800)
    for driver, subject in ((anna, "staff-anna"), (sara, "staff-sara")):
        driver.get(f"{server.url}/clinician/#token={token(binary, subject)}")
        visible(driver, "#queue-panel")
        wait_connection(driver, "connected")
    # The demo store starts with two waiting visits; take the first row Anna sees.
    visit = visible(anna, "#queue-panel tr[data-visit]").get_attribute("data-visit")
    click(anna, f"#queue-panel tr[data-visit='{visit}'] button:not(.accept)")
    text_in(anna, "#visit-state", "Väntar i kö")
    visible(anna, "#visit-actions button.accept")
    click(sara, f"#queue-panel tr[data-visit='{visit}'] button.accept")
    text_in(sara, "#visit-state", "Mottagen")
    text_in(anna, "#visit-error", "En kollega har tagit emot besöket")
    text_in(anna, "#visit-state", "Mottagen")
    until(anna, lambda d: not css(d, "#visit-actions button"), "no actions left for Anna")
    assert not anna.find_element(By.ID, "priority-form").is_displayed()
