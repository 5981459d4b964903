"""A counsellor creates an event, registers two people (one lands on the waiting list),
cancels the first, sees the second move up and checks them in, in a real browser."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from kausa.core.tests.factories import PersonFactory
from kausa.events.models import Event, EventConsentText
from kausa.events.tests.factories import EventFormatFactory
from tests.browser.test_counsellor_flow import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def register(page, query, name):
    page.get_by_label("Person oder Betrieb nach Namen suchen").fill(query)
    page.get_by_role("button", name="Suche", exact=True).click()
    card = page.locator(".card").filter(has=page.get_by_role("heading", name=name))
    card.get_by_label("Einwilligung zu den Teilnahmebedingungen liegt vor").first.check()
    card.get_by_role("button", name="Anmelden").first.click()


def test_event_registration_waiting_list_move_up_and_check_in(page, live_server, counsellor_a):
    EventFormatFactory(organisation=counsellor_a.organisation, name="Ausbildungsforum")
    EventConsentText.objects.create(
        organisation=counsellor_a.organisation, language="de", version=1, text="Einwilligung"
    )
    PersonFactory(office=counsellor_a.office, first_name="Amina", last_name="Haddad")
    PersonFactory(office=counsellor_a.office, first_name="Taras", last_name="Koval")
    log_in(page, live_server, "berater.a")

    page.goto(f"{live_server.url}/staff/events/new/")
    page.get_by_label("Format").select_option(label="Ausbildungsforum")
    page.get_by_label("Titel (Deutsch)").fill("Ausbildungsforum Magdeburg")
    start = timezone.localtime() + datetime.timedelta(days=7)
    page.get_by_label("Beginn").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Postleitzahl des Veranstaltungsorts").fill("39104")
    page.get_by_label("Zielgruppe").select_option("young_people")
    page.get_by_label("Plätze für Jugendliche").fill("1")
    page.get_by_role("button", name="Speichern").click()
    page.get_by_text("Die Veranstaltung wurde als Entwurf gespeichert.").wait_for()
    page.get_by_role("button", name="Veröffentlichen").click()
    page.get_by_text("Der Status wurde geändert.").wait_for()
    event = Event.objects.get()

    page.get_by_role("link", name="Anmeldungen").first.click()
    register(page, "Haddad", "Amina Haddad")
    page.get_by_text("Amina Haddad ist angemeldet.").wait_for()
    register(page, "Koval", "Taras Koval")
    page.get_by_text("Taras Koval steht auf der Warteliste (Platz 1)").wait_for()

    page.goto(f"{live_server.url}/staff/events/{event.pk}/")
    confirmed = page.locator("table").first
    confirmed.get_by_role("button", name="Anmeldung stornieren").click()
    page.get_by_text("Taras Koval ist von der Warteliste nachgerückt.").wait_for()

    page.get_by_role("link", name="Check-in").first.click()
    page.get_by_label("Nach Namen suchen").fill("kov")
    page.get_by_role("button", name="Suche", exact=True).click()
    page.get_by_role("button", name="Einchecken").click()
    page.locator(".check-in-row.is-present").get_by_text("Taras Koval").wait_for()
    assert event.registrations.get(person__last_name="Koval").checked_in_at is not None
    assert "Koval" not in page.url and "kov" not in page.url  # names stay out of addresses
    assert event.registrations.get(person__last_name="Haddad").status == "cancelled"
