"""Personalkatalog in the clinician workspace (issue 11, first part), in headless Chromium against
the real server (--demo): search a colleague by a plain-letter prefix ("ake" finds Åke, "sodra"
finds everyone at Närakuten Södra), and walk the tree vårdenhet → roll → vårdpersonal.
"""
from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from screens import click, css, shot, text_in, token, until, visible, wait_connection

pytestmark = pytest.mark.timeout(180)


def hits(driver) -> list[str]:
    return [e.find_element(By.TAG_NAME, "strong").text for e in css(driver, "#directory-results li.person")]


def search(driver, text: str, expected: list[str]) -> None:
    field = driver.find_element(By.ID, "directory-search")
    field.clear()
    field.send_keys(text)
    until(driver, lambda d: hits(d) == expected, f"{text!r} finds {expected} (shown: {hits(driver)})")


def test_a_nurse_finds_colleagues_by_search_and_by_the_tree(carewire, chromium, shots):
    server = carewire()
    nurse = chromium(1280, 800)
    nurse.get(f"{server.url}/clinician/#token={token(server.cmd[0], 'staff-anna')}")
    wait_connection(nurse, "connected")
    click(nurse, "#nav-directory")
    visible(nurse, "#directory-view")
    text_in(nurse, "#directory-provider", "Vårdbolaget Norrsken")
    assert visible(nurse, "label[for=directory-search]").text == "Sök kollega"

    search(nurse, "ake", ["Åke Strand"])
    person = nurse.find_element(By.CSS_SELECTOR, "#directory-results li.person")
    assert "Läkare" in person.text and "Närakuten Södra" in person.text and "HSA-id SE5599990008-" in person.text, person.text
    search(nurse, "sodra", ["Lena Holm", "Åke Strand"])
    search(nurse, "sodra lena", ["Lena Holm"])
    search(nurse, "xyz", [])
    text_in(nurse, "#directory-results", "Ingen kollega matchar ”xyz”.")
    search(nurse, "ake", ["Åke Strand"])

    # The tree: units by name, each role with how many work it; a role opens its people.
    units = [e.text for e in css(nurse, "#directory-tree .unit")]
    assert units == ["Närakuten Södra", "Vårdcentralen Björkdalen", "Vårdcentralen Lövsta"], units
    click(nurse, "#directory-tree button[data-unit='vc-lovsta'][data-role='doctor']")
    text_in(nurse, "#directory-tree li.person", "Åke Strand")
    button = nurse.find_element(By.CSS_SELECTOR, "#directory-tree button[data-unit='vc-lovsta'][data-role='doctor']")
    assert button.text == "Läkare (1)" and button.get_attribute("aria-expanded") == "true"
    shot(nurse, shots, "12-clinician-directory")
    click(nurse, "#directory-tree button[data-unit='vc-lovsta'][data-role='doctor']")
    until(nurse, lambda d: not css(d, "#directory-tree li.person"), "the role closes again")
