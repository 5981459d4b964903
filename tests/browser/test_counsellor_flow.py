"""A counsellor logs in, searches a person and opens the page, in a real browser."""

from __future__ import annotations

import pytest

from kausa.core.tests.factories import PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/staff/login/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill("correct horse battery staple")
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"{live_server.url}/staff/")


def test_counsellor_searches_a_person_and_opens_the_page(page, live_server, counsellor_a):
    PersonFactory(office=counsellor_a.office, first_name="Hamid", last_name="Sultani")
    PersonFactory(office=counsellor_a.office, first_name="Olena", last_name="Bondarenko")
    log_in(page, live_server, "berater.a")

    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Personen"
    ).click()
    search = page.get_by_label("Suche")
    search.fill("Sultany")  # a typo; htmx swaps the results while typing
    results = page.locator("#results")
    results.get_by_text("1 Person gefunden").wait_for()
    assert "Bondarenko" not in results.inner_text()
    assert "Sultan" not in page.url  # names never go into addresses (history, logs, Referer)

    results.get_by_role("link", name="Sultani, Hamid").click()
    page.get_by_role("heading", level=1, name="Hamid Sultani").wait_for()
    assert page.get_by_role("heading", name="Aufenthaltsstatus und Hintergrund").is_visible()


def test_pages_fit_a_320_pixel_screen_and_the_skip_link_works(page, live_server, counsellor_a):
    page.set_viewport_size({"width": 320, "height": 640})
    log_in(page, live_server, "berater.a")
    page.goto(f"{live_server.url}/staff/people/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    assert skip.evaluate("element => element === document.activeElement")
