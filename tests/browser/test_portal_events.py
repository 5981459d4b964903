"""Events on the portal in a real browser: the list, one event and the confirmation after
registering pass axe (WCAG 2.1 AA), fit a 360 px screen and carry lang/dir, in German and
Arabic; registering through the form works without JavaScript-only steps."""

from __future__ import annotations

import pytest

from kausa.core.tests.factories import OfficeFactory, OrganisationFactory
from kausa.events.models import EventConsentText, Registration, RegistrationStatus
from kausa.events.tests.factories import EventFactory
from tests.browser.portal_checks import check_portal_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def event(settings):
    organisation = OrganisationFactory()
    settings.PORTAL_ORGANISATION_ID = organisation.pk
    office = OfficeFactory(organisation=organisation, name="KAUSA Magdeburg")
    for language, text in (("de", "Ich willige ein."), ("ar", "أوافق على معالجة بياناتي.")):
        EventConsentText.objects.create(
            organisation=organisation, language=language, version=1, text=text
        )
    return EventFactory(
        office=office,
        title="Ausbildungsforum Nord",
        description="Betriebe stellen sich vor.\nKommen Sie vorbei!",
        translations={"ar": {"title": "معرض التدريب", "description": "الشركات تقدم نفسها."}},
        capacity_young_people=20,
        capacity_companies=5,
    )


def register_in_browser(page, base: str, event, language: str) -> None:
    page.goto(f"{base}/{language}/events/{event.pk}/")
    page.locator("input[name=kind][value=young_person]").check()
    page.locator("input[name=name]").fill("Amina Haddad")
    page.locator("input[name=email]").fill("amina@example.org")
    page.locator("input[name=age][value='16_or_older']").check()
    page.locator("input[name=consent]").check()
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"**/{language}/events/{event.pk}/registered/")


@pytest.mark.parametrize("language", ["de", "ar"])
def test_portal_event_pages_pass_the_checks(page, live_server, event, language):
    base = live_server.url
    problems = check_portal_page(page, f"{base}/{language}/events/", language)
    problems += check_portal_page(page, f"{base}/{language}/events/{event.pk}/", language)
    # The form with errors (an empty send) is a page too.
    page.locator("form.form button[type=submit]").click()
    page.locator(".error-summary").wait_for()
    register_in_browser(page, base, event, language)
    problems += check_portal_page(
        page, f"{base}/{language}/events/{event.pk}/registered/", language
    )
    assert problems == []
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.consent_text.language == language


def test_the_form_with_errors_passes_axe(page, live_server, event):
    from tests.browser.portal_checks import axe_violations

    page.goto(f"{live_server.url}/ar/events/{event.pk}/")
    page.locator("input[name=name]").fill("<b>x</b>")
    page.locator("form.form button[type=submit]").click()
    page.locator(".error-summary").wait_for()
    assert axe_violations(page) == []
    assert not Registration.objects.exists()


def sign_in_browser(page, base: str, account) -> None:
    """What the sign-in view leaves in the session, as the browser's session cookie."""
    from importlib import import_module

    from django.conf import settings

    from kausa.portal import session

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[session.ACCOUNT_KEY] = account.pk
    store[session.ACCOUNT_HASH_KEY] = session._password_mark(account)
    store.save()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": store.session_key, "url": base}]
    )


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_speed_dating_wishes_page_passes_the_checks(page, live_server, event, language):
    from kausa.core.tests.factories import CompanyFactory, PersonFactory
    from kausa.events.models import EventKind, ParticipantKind, SpeedDatingWish
    from kausa.events.tests.factories import EventFormatFactory, RegistrationFactory
    from kausa.portal.tests.world import make_account

    organisation = event.office.organisation
    event.event_format = EventFormatFactory(
        organisation=organisation, name="Speed", kind=EventKind.SPEED_DATING
    )
    event.save()
    company = CompanyFactory(organisation=organisation, name="Bäckerei Sonnenschein")
    RegistrationFactory(event=event, kind=ParticipantKind.COMPANY, company=company)
    person = PersonFactory(office=event.office, first_name="Amina", last_name="Haddad")
    RegistrationFactory(event=event, person=person)
    account = make_account(organisation, "ausbildung@sonnenschein.example", company)
    sign_in_browser(page, live_server.url, account)
    wishes = f"{live_server.url}/{language}/events/{event.pk}/wishes/"
    assert check_portal_page(page, wishes, language) == []
    page.get_by_label("Amina H.").check()
    page.locator("form.form button[type=submit]").click()
    page.locator(".messages").wait_for()
    assert SpeedDatingWish.objects.get().person == person
