"""A counsellor opens a case from a person's page, records a session and a next step, and
sees them on the task list and the timeline, in a real browser."""

from __future__ import annotations

import pytest

from kausa.core.tests.factories import PersonFactory
from tests.browser.test_counsellor_flow import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_counsellor_opens_a_case_records_a_session_and_a_step(page, live_server, counsellor_a):
    person = PersonFactory(office=counsellor_a.office, first_name="Hamid", last_name="Sultani")
    log_in(page, live_server, "berater.a")
    page.goto(f"{live_server.url}/staff/people/{person.pk}/")
    panel = page.locator("#person-counselling")
    panel.get_by_role("link", name="Beratungsfall eröffnen").click()  # loaded by htmx
    page.get_by_role("button", name="Fall eröffnen").click()
    page.get_by_text("Der Fall wurde eröffnet.").wait_for()

    page.get_by_text("Beratungskontakt erfassen").click()
    page.get_by_label("Dauer (Minuten)").fill("45")
    page.get_by_label("Kanal").select_option("phone")
    page.get_by_label("Notizen").fill("Sprachkurs besprochen")
    page.get_by_role("button", name="Beratungskontakt speichern").click()
    page.get_by_text("Sprachkurs besprochen").wait_for()
    assert page.get_by_text("in Beratung").first.is_visible()

    page.get_by_text("Nächsten Schritt hinzufügen").click()
    page.get_by_label("Nächster Schritt").fill("Anmeldung zum Azubi-BSK")
    page.get_by_label("Fällig am").fill("2020-01-01")  # in the past: refused, nothing saved
    page.get_by_role("button", name="Hinzufügen").click()
    # the message beside the field, and a summary at the top that links to it and has focus
    message = "Das Fälligkeitsdatum liegt in der Vergangenheit."
    page.locator("#id_due_on_error").get_by_text(message).wait_for()
    summary = page.locator(".error-summary")
    assert summary.get_by_role("link", name=message).get_attribute("href") == "#id_due_on"
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert page.title().startswith("Fehler: ")

    page.goto(f"{live_server.url}/staff/counselling/tasks/")
    assert page.get_by_text("Keine offenen Aufgaben.").is_visible()
    page.goto(f"{live_server.url}/staff/people/{person.pk}/")
    timeline = page.locator("#person-counselling .timeline")
    timeline.get_by_text("Beratungskontakt").first.wait_for()
    assert "Telefon" in timeline.inner_text()
