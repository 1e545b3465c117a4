"""A whole digital visit in two headless Chromium windows against the real server (--demo).

The patient (phone-sized, loaded through a cuttable proxy, signed in on the demo login page, their
name shown next to "Logga ut") seeks care; the nurse sees the case appear without reloading,
accepts and starts (the welcome message is marked automatic in both apps); they chat (typing
indicator, "Skickat", "Läst"); the patient's network is cut and restored: what the nurse wrote
meanwhile says "Skickat", not that the patient got it, and what the patient typed arrives once;
the nurse changes the priority and copies the personal identity number; ends the visit with 7
days and "charge: yes"; the patient is told in plain words how long they can still write, writes,
and the visit shows in the nurse's inbox, where "Markera som klar" moves it to "Kräver ingen åtgärd".
Other tests: the server restarts mid-conversation; the patient reloads the page while the
connection is down (the kept conversation, marked not updated) and later sees it closed.
Screenshots of the main screens go to `shots` (docs/screenshots with `make screenshots`).
"""
from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from screens import (bubbles, click, connection, css, one_bubble, receipt, shot, text_in, token, type_message,
                     until, visible, wait_connection)
from sources import server_roles

pytestmark = pytest.mark.timeout(240)


def open_apps(server, proxy, nurse, patient, binary, shots=None, demo_login=False):
    """The nurse comes with a #token link (as `make run` prints); the patient too, or through
    the demo login page (/demo/people, /demo/token)."""
    if shots:
        nurse.get(server.url + "/")
        shot(nurse, shots, "01-start")
    nurse.get(f"{server.url}/clinician/#token={token(binary, 'staff-anna')}")
    visible(nurse, "#queue-panel")
    wait_connection(nurse, "connected")
    # The role menu: the server's roles with their Swedish names; only Anna's own can be chosen
    # (the server refuses a nurse the doctors' queue).
    roles = [(o.get_attribute("value"), o.text, o.is_enabled()) for o in css(nurse, "#role option")]
    assert [(v, name) for v, name, _ in roles] == server_roles(), roles
    assert [v for v, _, enabled in roles if enabled] == ["nurse"], roles
    assert ("counsellor", "Kurator", False) in roles
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
    text_in(patient, "#me", "Pia Persson")                            # who is signed in, on a shared phone
    assert visible(patient, "#logout").text == "Logga ut"


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
    # The demo's waiting visits use reasons from the patient's own list.
    offered = {o.get_attribute("value") for o in css(patient, "#seek-reason option")}
    queued = {r.find_elements(By.TAG_NAME, "td")[1].text for r in css(nurse, "#queue-panel tr[data-visit]")}
    assert queued <= offered and len(queued) == 3, (queued, offered)
    if shots:
        shot(nurse, shots, "05-clinician-queue")
    click(nurse, f"#queue-panel tr[data-visit='{visit}'] button.accept")
    text_in(patient, "#visit-title", "Anna Berg har tagit emot ditt ärende")
    text_in(nurse, "#visit-pin", "19121212-1212")
    click(nurse, "#visit-actions button.start")
    visible(nurse, ".composer textarea")
    text_in(patient, "#visit-title", "Pågående besök med Anna Berg")
    # The welcome message is the service's, not typed by the nurse: marked so in both apps.
    for driver in (patient, nurse):
        auto = text_in(driver, "li.msg.auto", "Hur kan jag hjälpa dig?")
        assert auto.find_element(By.CSS_SELECTOR, ".sender").text == "Automatiskt meddelande"
        assert "mine" not in auto.get_attribute("class") and not auto.find_elements(By.CSS_SELECTOR, ".receipt")


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
    until(patient, lambda d: receipt(sent) in ("sent", "read"), "sent (stored by the server) at the patient")
    one_bubble(nurse, "Sedan i tisdags", ".theirs")
    until(patient, lambda d: receipt(sent) == "read", "read at the patient")


def end_visit(nurse, shots=None, days: int = 7):
    click(nurse, "#visit-actions button.end")
    field = visible(nurse, "#end-days")
    field.clear()
    field.send_keys(str(days))
    nurse.find_element(By.ID, "end-submit").click()            # charge not chosen: refused
    text_in(nurse, "#end-error", "Välj om besöket ska debiteras")
    nurse.find_element(By.ID, "charge-yes").click()
    if shots:
        shot(nurse, shots, "09-clinician-end-visit")
    nurse.find_element(By.ID, "end-submit").click()
    until(nurse, lambda d: not d.find_element(By.ID, "end-dialog").is_displayed(), "dialog closed")
    if days == 0:                                              # no follow-up period: closed at once
        text_in(nurse, "#visit-state", "Stängd")
        return
    text_in(nurse, "#visit-state", "Asynkron fas")
    text_in(nurse, "#visit-days", f"{days} dagar kvar av uppföljningsperioden")


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
    # Stored by the server, not on the patient's phone: "Skickat", never "Levererat".
    type_message(nurse, "Medan du är offline")
    unseen = one_bubble(nurse, "Medan du är offline", ".mine")
    until(nurse, lambda d: receipt(unseen) == "sent", "sent while the patient is offline")
    assert unseen.find_element(By.CSS_SELECTOR, ".receipt").text == "Skickat"
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
    until(patient, lambda d: receipt(queued) in ("sent", "read"), "queued message sent")
    one_bubble(patient, "Medan du är offline", ".theirs")
    until(nurse, lambda d: receipt(unseen) == "read", "read once the patient is back")
    assert unseen.find_element(By.CSS_SELECTOR, ".receipt").text == "Läst"
    until(nurse, lambda d: d.find_element(By.CSS_SELECTOR, "#visit-online .dot").get_attribute("data-online") == "1",
          "patient online again")

    end_visit(nurse, shots)
    # The patient is told in plain words, by the server's clock, how long they can still write.
    text_in(patient, "#visit-title", "Du kan skriva till vården i 7 dagar till")
    text_in(patient, "#visit-detail", "frågor efter besöket")
    text_in(patient, "li.system", "Vården har avslutat besöket")
    assert "Asynkron" not in patient.find_element(By.ID, "visit").text
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


def test_reload_while_disconnected_shows_the_last_known_conversation(visit_setup, shots):
    """The patient's page is reloaded while its connection is down: the conversation kept in
    sessionStorage is shown at once, marked as not updated, until the server answers; then the
    client resumes it from its last event (nothing twice, what was missed arrives)."""
    server, proxy, nurse, patient, binary = visit_setup
    open_apps(server, proxy, nurse, patient, binary)
    accept_and_start(nurse, patient, seek_care(patient))
    type_message(nurse, "Hur mår du i dag?")
    one_bubble(patient, "Hur mår du i dag?", ".theirs")
    type_message(patient, "Lite bättre, tack.")
    one_bubble(nurse, "Lite bättre, tack.", ".theirs")
    assert not patient.find_element(By.ID, "visit-stale").is_displayed()

    proxy.cut(websockets_only=True)                            # the page loads, its connection does not
    wait_connection(patient, "reconnecting", "offline")
    patient.refresh()
    text_in(patient, "#visit-stale", "Inte uppdaterat – ansluter…")
    text_in(patient, "#visit-title", "Pågående besök med Anna Berg")
    text_in(patient, "#me", "Pia Persson")
    one_bubble(patient, "Hur mår du i dag?", ".theirs")
    one_bubble(patient, "Lite bättre, tack.", ".mine")
    text_in(patient, "li.msg.auto", "Hur kan jag hjälpa dig?")
    assert connection(patient) != "connected"
    shot(patient, shots, "12-patient-reloaded-offline")
    type_message(nurse, "Skrivet medan sidan laddades om")
    until(patient, lambda d: d.find_element(By.ID, "visit-stale").is_displayed(), "still marked while down")

    proxy.restore()
    wait_connection(patient, "connected", timeout=40)
    until(patient, lambda d: not d.find_element(By.ID, "visit-stale").is_displayed(), "marker gone once the server answered")
    one_bubble(patient, "Skrivet medan sidan laddades om", ".theirs")
    for text, side in (("Hur mår du i dag?", ".theirs"), ("Lite bättre, tack.", ".mine")):
        one_bubble(patient, text, side)
    assert len(css(patient, "li.msg.auto")) == 1

    # Ended without a follow-up period: the patient is told the conversation is closed; no box.
    end_visit(nurse, days=0)
    text_in(patient, "#visit-title", "Konversationen är stängd")
    text_in(patient, "#visit-detail", "Du kan inte längre skriva här")
    until(patient, lambda d: not any(e.is_displayed() for e in css(d, ".composer textarea")), "message box gone")
    visible(patient, "#visit-again")
    shot(patient, shots, "13-patient-closed")
