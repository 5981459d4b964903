"""A counsellor starts a process chain from a person's page, follows the flow and marks the
first step done, in a real browser."""

from __future__ import annotations

import pytest

from kausa.chains.services.templates import templates_seed
from kausa.core.tests.factories import PersonFactory
from tests.browser.test_counsellor_flow import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_counsellor_starts_and_follows_a_chain(page, live_server, counsellor_a):
    templates_seed(counsellor_a.organisation)
    person = PersonFactory(office=counsellor_a.office, first_name="Olena", last_name="Koval")
    log_in(page, live_server, "berater.a")
    page.goto(f"{live_server.url}/staff/people/{person.pk}/")
    page.locator("#person-chains").get_by_role("link", name="Prozesskette beginnen").click()
    page.get_by_label("Prozesskette").select_option(
        label="Mit Einstiegsqualifizierung (EQ) in die Ausbildung (v1)"
    )
    page.get_by_label("Zweite Sprache des Merkblatts").select_option("uk")
    page.get_by_role("button", name="Kette beginnen").click()
    page.get_by_text("Die Prozesskette wurde begonnen.").wait_for()

    current = page.locator("li[aria-current=step]")
    assert "Beratung bei der Agentur für Arbeit" in current.inner_text()
    current.get_by_text("Diesen Schritt aktualisieren").click()
    current.get_by_label("Status").select_option("done")
    current.get_by_role("button", name="Speichern").click()
    page.get_by_text("Gespeichert.").wait_for()
    assert (
        "Beratung bei der Agentur für Arbeit"
        not in page.locator("li[aria-current=step]").inner_text()
    )
    assert page.get_by_role("link", name="Merkblatt als PDF").is_visible()
