"""The company area of the portal in a real browser: every page passes the portal checks
(axe WCAG 2.1 AA, lang/dir, 360 px, page budget) in German and Arabic, and a company offers a
place through the form in Arabic."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from kausa.portal.business.tests.builders import company_run, portal_place
from kausa.portal.places.models import PublicationStatus
from kausa.portal.places.services import publication_reject
from kausa.portal.tests.world import build_world, sign_in_account
from kausa.vacancies.models import Vacancy, VacancySource
from tests.browser.portal_checks import check_portal_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(page, live_server, account) -> None:
    """The session a portal sign-in leaves, handed to the browser as its cookie."""
    client = Client()
    sign_in_account(client, account)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
                "httpOnly": True,
                "secure": bool(settings.SESSION_COOKIE_SECURE),
                "sameSite": "Lax",
            }
        ]
    )


@pytest.fixture
def world(organisation, office_a, counsellor_a):
    return build_world(organisation, office_a, counsellor_a)


def test_company_pages_pass_the_checks_in_german_and_arabic(page, live_server, world, counsellor_a):
    place = portal_place(world.company, world.account)
    rejected = portal_place(world.company, world.account)
    publication_reject(
        actor=counsellor_a, publication=rejected.publication, reason="Bitte Beginn prüfen."
    )
    run = company_run(world.company, world.office, world.counsellor)
    signed_in(page, live_server, world.account)
    paths = [
        "company/",
        "company/places/",
        "company/places/new/",
        f"company/places/{place.pk}/",
        "company/profile/",
        "company/chains/",
        f"company/chains/{run.pk}/",
    ]
    problems = []
    for language in ("de", "ar"):
        for path in paths:
            problems += check_portal_page(page, f"{live_server.url}/{language}/{path}", language)
    assert problems == []


def test_a_company_offers_a_place_in_arabic_and_sees_it_waiting(page, live_server, world):
    signed_in(page, live_server, world.account)
    page.goto(f"{live_server.url}/ar/company/places/new/")
    page.locator("#id_occupation").fill("خباز")
    page.locator("#id_seats").fill("2")
    start = timezone.localdate() + datetime.timedelta(days=150)
    page.locator("#id_start_date").fill(start.isoformat())
    page.locator("#id_postal_code").fill("39104")
    page.locator("#id_description").fill("<b>Frühschicht</b>")
    page.locator("form.form button[type=submit]").click()
    # HTML is refused: the error summary gets the focus, nothing is stored.
    page.locator(".error-summary").wait_for()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert not Vacancy.objects.filter(source=VacancySource.PORTAL).exists()

    page.locator("#id_description").fill("Frühschicht ab 5 Uhr.")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/ar/company/places/")
    place = Vacancy.objects.get(source=VacancySource.PORTAL)
    assert place.company == world.company and place.occupation.key == "baecker-in"
    assert place.publication.status == PublicationStatus.PENDING
    assert page.locator(".publication-pending").count() == 1
