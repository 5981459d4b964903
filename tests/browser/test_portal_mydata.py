"""My data in a real browser: ask for a link, open it from the mail, see the data, withdraw a
consent and ask for an erasure (nothing deleted); every page passes the portal checks (axe
WCAG 2.1 AA, lang/dir, 360 px, page weight) in German and Arabic."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from kausa.core.tests.factories import PersonFactory
from kausa.counselling.models import Case, Consent
from kausa.counselling.services.consents import consent_record
from kausa.people.models import Person
from kausa.portal.mydata.models import DataRequest
from kausa.portal.mydata.services import link_create
from tests.browser.portal_checks import check_portal_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "amira.haddad@example.org"


@pytest.fixture
def person(counsellor_a):
    person = PersonFactory(
        office=counsellor_a.office, first_name="Amira", email=EMAIL, phone="0391 123456"
    )
    Case.objects.create(
        office=counsellor_a.office,
        person=person,
        counsellor=counsellor_a,
        opened_on=timezone.localdate(),
    )
    consent_record(
        actor=counsellor_a,
        person=person,
        purpose="newsletter",
        partner=None,
        text_version="v1",
        given_on=timezone.localdate() - datetime.timedelta(days=5),
        language="de",
        method="written",
    )
    return person


def open_link_from_mail(page, live_server) -> None:
    page.goto(f"{live_server.url}/de/my-data/link/")
    page.locator("input[name=email]").fill(EMAIL)
    page.locator("form.form button[type=submit]").click()
    page.locator("main p.lead[role=status]").wait_for()
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/my-data/open/" in line)
    page.goto(link.strip().replace("http://127.0.0.1:8000", live_server.url))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/de/my-data/")


def test_the_link_pages_pass_the_checks(page, live_server, person):
    token = link_create(person=person)  # opening the page (GET) does not use the link up
    problems = []
    for language in ("de", "ar"):
        base = f"{live_server.url}/{language}/my-data"
        problems += check_portal_page(page, f"{base}/link/", language)
        problems += check_portal_page(page, f"{base}/open/{token}/", language)
        problems += check_portal_page(page, f"{base}/open/broken-token/", language)
    assert problems == []


def test_open_the_data_withdraw_and_ask_for_erasure(page, live_server, person, settings):
    settings.SITE_URL = live_server.url
    open_link_from_mail(page, live_server)
    assert page.locator("h1").first.inner_text().strip()
    assert "Amira" in page.locator("main").inner_text()

    problems = []
    for language in ("de", "ar"):
        problems += check_portal_page(page, f"{live_server.url}/{language}/my-data/", language)
    assert problems == []

    page.goto(f"{live_server.url}/ar/my-data/")
    page.locator("#consents ~ ul form button").first.click()
    page.wait_for_url(f"{live_server.url}/ar/my-data/#consents")
    assert Consent.objects.get(person=person).withdrawn_on == timezone.localdate()

    people_before = Person.objects.count()
    page.locator("input[name=kind][value=erasure]").check()
    page.locator("textarea[name=message]").fill("<b>Bitte löschen</b>")
    page.locator("form[action$='/my-data/request/'] button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/ar/my-data/#requests")
    assert Person.objects.count() == people_before
    request = DataRequest.objects.get()
    assert (request.kind, request.status, request.person_id) == ("erasure", "open", person.pk)

    page.locator(".mydata-top button").click()
    page.wait_for_url(f"{live_server.url}/ar/")
    page.goto(f"{live_server.url}/ar/my-data/")
    assert page.url == f"{live_server.url}/ar/my-data/link/"
