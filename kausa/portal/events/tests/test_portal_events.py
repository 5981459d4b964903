"""Events on the portal, through HTTP, in German and Arabic: the list, one event, registering
(consent, waiting list, under 16, bad input), the company's registration, and the cancel link."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from kausa.core.tests.factories import OfficeFactory, OrganisationFactory
from kausa.events.models import (
    Audience,
    EventConsentText,
    EventKind,
    EventStatus,
    ParticipantKind,
    Registration,
    RegistrationSource,
    RegistrationStatus,
)
from kausa.events.notifications import cancellation_token
from kausa.events.tests.factories import EventFactory, EventFormatFactory, RegistrationFactory
from kausa.portal.bots import started_token
from kausa.portal.tests.world import make_account, sign_in_account

pytestmark = pytest.mark.django_db

NAME = "Qwyx Zorbatelli"
NO_MARKUP = "Please do not use the characters < and >."
PHONE_MESSAGE = "Please enter the phone number with digits only, for example 0391 123456."
EMAIL_MESSAGE = "Please enter a valid email address, for example name@example.org."
INVALID_LINK = (
    "This link is not valid. Please check that you copied the whole address from the email, "
    "or contact the office."
)
EXPIRED_LINK = (
    "The event has already started, so this link no longer works. Please contact the office "
    "if you have questions."
)
EMAIL = "qwyx@example.org"


@pytest.fixture(autouse=True)
def _site(settings, organisation):
    settings.SITE_URL = "https://hub.example.org"
    settings.PORTAL_ORGANISATION_ID = organisation.pk


@pytest.fixture
def consent_de(organisation):
    return EventConsentText.objects.create(
        organisation=organisation, language="de", version=1, text="Ich willige ein (Deutsch)."
    )


@pytest.fixture
def consent_ar(organisation):
    return EventConsentText.objects.create(
        organisation=organisation, language="ar", version=1, text="أوافق على الشروط."
    )


@pytest.fixture
def event(office_a, consent_de):
    return EventFactory(
        office=office_a,
        title="Ausbildungsforum Nord",
        description="Betriebe stellen sich vor.",
        translations={"ar": {"title": "معرض التدريب", "description": "الشركات تقدم نفسها."}},
        capacity_young_people=2,
        audience=Audience.MIXED,
    )


def t(language: str, msgid: str, plural: str = "", count: int = 0) -> str:
    """The text as the page shows it in `language` (escaped like the templates do)."""
    with translation.override(language):
        text = translation.ngettext(msgid, plural, count) if plural else translation.gettext(msgid)
    return escape(text % {"free": count} if plural else text)


def url(name: str, language: str, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def form_data(consent_text, **fields) -> dict:
    data = {
        "kind": ParticipantKind.YOUNG_PERSON,
        "name": NAME,
        "email": EMAIL,
        "phone": "0391 123456",
        "language": "de",
        "age": "16_or_older",
        "guardian_consent_name": "",
        "consent": "on",
        "consent_text_id": str(consent_text.pk),
        "website": "",
        "form_started": started_token(),
    }
    data.update(fields)
    return data


def cancel_link(body: str, language: str) -> str:
    match = re.search(rf"https://hub\.example\.org(/{language}/events/cancel/[^/\s]+/)", body)
    assert match, body
    return match.group(1)


# --- the list ---


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_list_shows_only_upcoming_published_events_of_the_portal(
    client, office_a, event, language
):
    now = timezone.now()
    EventFactory(office=office_a, title="Entwurf Forum", status=EventStatus.DRAFT)
    EventFactory(office=office_a, title="Abgesagtes Forum", status=EventStatus.CANCELLED)
    EventFactory(office=office_a, title="Vergangenes Forum", starts_at=now - datetime.timedelta(1))
    EventFactory(office=office_a, title="Geschlossenes Forum", status=EventStatus.CLOSED)
    foreign = OfficeFactory(organisation=OrganisationFactory(name="Andere"))
    EventFactory(office=foreign, title="Fremdes Forum")
    later = EventFactory(
        office=office_a, title="Späteres Forum", starts_at=event.starts_at + datetime.timedelta(3)
    )
    response = client.get(url("portal_events:list", language))
    assert response.status_code == 200
    content = response.content.decode()
    shown_title = "معرض التدريب" if language == "ar" else "Ausbildungsforum Nord"
    assert shown_title in content and later.title in content
    assert content.index(shown_title) < content.index(later.title)  # soonest first
    for hidden in ("Entwurf", "Abgesagtes", "Vergangenes", "Geschlossenes", "Fremdes"):
        assert hidden not in content
    assert t(language, "%(free)s place free", "%(free)s places free", 2) in content
    assert f'<html lang="{language}"' in content


def test_the_list_says_waiting_list_for_a_full_event_and_filters_by_kind(client, office_a, event):
    RegistrationFactory(event=event, name="A", status=RegistrationStatus.CONFIRMED)
    RegistrationFactory(event=event, name="B", status=RegistrationStatus.CONFIRMED)
    speed = EventFactory(
        office=office_a,
        title="Speed Dating Süd",
        event_format=EventFormatFactory(
            organisation=office_a.organisation, name="Speed", kind=EventKind.SPEED_DATING
        ),
    )
    content = client.get(url("portal_events:list", "de")).content.decode()
    assert t("de", "full – waiting list") in content
    filtered = client.get(url("portal_events:list", "de"), {"kind": "speed_dating"})
    assert speed.title in filtered.content.decode()
    assert event.title not in filtered.content.decode()
    nonsense = client.get(url("portal_events:list", "de"), {"kind": "<script>"})
    assert nonsense.status_code == 200 and event.title in nonsense.content.decode()
    assert "<script>" not in nonsense.content.decode()


# --- one event ---


def test_the_event_in_arabic_and_in_german_where_it_has_no_translation(client, office_a, event):
    arabic = client.get(url("portal_events:detail", "ar", event.pk)).content.decode()
    assert "معرض التدريب" in arabic and "الشركات تقدم نفسها." in arabic
    assert "Ausbildungsforum Nord" not in arabic
    german_only = EventFactory(office=office_a, title="Nur Deutsch", description="Text.")
    page = client.get(url("portal_events:detail", "ar", german_only.pk)).content.decode()
    assert '<h1 lang="de">Nur Deutsch</h1>' in page
    assert "Text." in page


@pytest.mark.parametrize(
    "changes",
    [
        {"status": EventStatus.DRAFT},
        {"status": EventStatus.CANCELLED},
        {"status": EventStatus.HELD},
        {"starts_at": timezone.now() - datetime.timedelta(hours=1)},
    ],
)
def test_unpublished_cancelled_or_past_events_are_404(client, event, changes):
    for field, value in changes.items():
        setattr(event, field, value)
    event.save()
    for language in ("de", "ar"):
        assert client.get(url("portal_events:detail", language, event.pk)).status_code == 404
        post = client.post(url("portal_events:detail", language, event.pk), form_data(event))
        assert post.status_code == 404
    assert not Registration.objects.exists()


def test_another_organisations_event_is_404(client, event):
    foreign = OfficeFactory(organisation=OrganisationFactory(name="Andere"))
    other = EventFactory(office=foreign)
    for language in ("de", "ar"):
        assert client.get(url("portal_events:detail", language, other.pk)).status_code == 404
    assert client.get(url("portal_events:registered", "de", other.pk)).status_code == 404


# --- registering ---


@pytest.mark.parametrize(
    ("language", "confirmed_word"), [("de", "Ihre Anmeldung ist bestätigt"), ("ar", "")]
)
def test_register_stores_the_registration_with_consent_and_mails_the_cancel_link(
    client,
    event,
    consent_de,
    consent_ar,
    mailoutbox,
    django_capture_on_commit_callbacks,
    language,
    confirmed_word,
):
    consent = consent_ar if language == "ar" else consent_de
    page = client.get(url("portal_events:detail", language, event.pk)).content.decode()
    assert consent.text in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("portal_events:detail", language, event.pk),
            form_data(consent, language=language),
        )
    assert response.status_code == 302
    assert response["Location"] == url("portal_events:registered", language, event.pk)
    registration = Registration.objects.get()
    assert registration.event == event
    assert registration.name == NAME and registration.email == EMAIL
    assert registration.phone == "0391 123456"
    assert registration.kind == ParticipantKind.YOUNG_PERSON
    assert registration.source == RegistrationSource.PORTAL
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.language == language
    assert registration.consent_text == consent and registration.consented_at is not None
    assert registration.guardian_consent_name == ""
    (message,) = mailoutbox
    assert message.to == [EMAIL]
    assert confirmed_word in message.body
    link = cancel_link(message.body, language)
    assert link == url("portal_events:cancel", language, cancellation_token(registration))
    confirmation = client.get(response["Location"]).content.decode()
    assert t(language, "Thank you! Your place is booked.") in confirmation
    assert NAME not in confirmation and EMAIL not in confirmation


def test_without_a_consent_text_in_arabic_the_german_one_is_shown_and_recorded(
    client, event, consent_de
):
    page = client.get(url("portal_events:detail", "ar", event.pk)).content.decode()
    assert consent_de.text in page and 'lang="de"' in page
    notice = "The consent text is in German. There is no text in your language yet."
    assert t("ar", notice) in page
    client.post(url("portal_events:detail", "ar", event.pk), form_data(consent_de, language="ar"))
    registration = Registration.objects.get()
    assert registration.consent_text == consent_de and registration.language == "ar"


@pytest.mark.parametrize("language", ["de", "ar"])
def test_a_full_event_puts_the_visitor_on_the_waiting_list(
    client, event, consent_de, mailoutbox, django_capture_on_commit_callbacks, language
):
    RegistrationFactory(event=event, name="A", status=RegistrationStatus.CONFIRMED)
    RegistrationFactory(event=event, name="B", status=RegistrationStatus.CONFIRMED)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("portal_events:detail", language, event.pk), form_data(consent_de)
        )
    registration = Registration.objects.get(name=NAME)
    assert registration.status == RegistrationStatus.WAITLISTED
    page = client.get(response["Location"]).content.decode()
    full = "The event is full. You are number %(position)s on the waiting list."
    assert t(language, full).replace("%(position)s", "1") in page
    (message,) = mailoutbox
    assert message.subject.startswith("Warteliste")  # the mail in the chosen language (de)


@pytest.mark.parametrize("language", ["de", "ar"])
def test_under_16_needs_a_parents_consent(client, event, consent_de, language):
    path = url("portal_events:detail", language, event.pk)
    response = client.post(path, form_data(consent_de, age="under_16"))
    assert response.status_code == 200
    expected = "You are under 16. Please enter the name of the parent or guardian who agrees."
    assert t(language, expected) in response.content.decode()
    assert not Registration.objects.exists()
    missing_age = client.post(path, form_data(consent_de, age=""))
    assert missing_age.status_code == 200 and not Registration.objects.exists()
    client.post(path, form_data(consent_de, age="under_16", guardian_consent_name="Mona Z."))
    registration = Registration.objects.get()
    assert registration.guardian_consent_name == "Mona Z."
    assert registration.guardian_consent_at is not None


def test_the_service_itself_refuses_an_under_16_without_a_parents_consent(event):
    from django.core.exceptions import ValidationError

    from kausa.events.services.registrations import Participant, registration_create

    who = Participant(kind=ParticipantKind.YOUNG_PERSON, name=NAME, email=EMAIL, under_16=True)
    with pytest.raises(ValidationError):
        registration_create(actor=None, event=event, who=who, consent=True, source="portal")
    assert not Registration.objects.exists()


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "<b>Qwyx</b>"}, NO_MARKUP),
        ({"name": "x" * 10_000}, "The name is too long (at most %(limit_value)d characters)."),
        ({"phone": "<script>alert(1)</script>"}, PHONE_MESSAGE),
        ({"phone": "1" * 10_000}, "The phone number is too long."),
        ({"phone": "<b>0391</b>"}, PHONE_MESSAGE),
        ({"email": "kein-mail"}, EMAIL_MESSAGE),
        ({"consent": ""}, "Please agree to the consent text."),
        ({"guardian_consent_name": "<i>x</i>", "age": "under_16"}, NO_MARKUP),
    ],
)
def test_bad_input_gets_a_message_and_stores_nothing(
    client, event, consent_de, language, fields, message
):
    response = client.post(
        url("portal_events:detail", language, event.pk), form_data(consent_de, **fields)
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'class="error-summary"' in content
    assert t(language, message).replace("%(limit_value)d", "200") in content
    assert "<b>Qwyx</b>" not in content and "<script>alert" not in content
    assert not Registration.objects.exists()


def test_the_honeypot_and_a_changed_consent_text_store_nothing(client, event, consent_de):
    path = url("portal_events:detail", "de", event.pk)
    client.post(path, form_data(consent_de, website="http://spam.example"))
    assert not Registration.objects.exists()
    newer = EventConsentText.objects.create(
        organisation=consent_de.organisation, language="de", version=2, text="Neue Fassung."
    )
    response = client.post(path, form_data(consent_de))
    content = response.content.decode()
    changed = "The consent text has changed. Please read it again and confirm it."
    assert t("de", changed) in content and newer.text in content
    assert not Registration.objects.exists()
    assert f'value="{newer.pk}"' in content  # confirming again uses the new version
    client.post(path, form_data(newer))
    assert Registration.objects.get().consent_text == newer


def test_registering_twice_is_refused(client, event, consent_de):
    path = url("portal_events:detail", "de", event.pk)
    client.post(path, form_data(consent_de))
    response = client.post(path, form_data(consent_de))
    already = "This participant is already registered for the event."
    assert t("de", already) in response.content.decode()
    assert Registration.objects.count() == 1


def test_too_many_sends_are_throttled(client, event, consent_de, settings):
    from kausa.portal.events import views

    path = url("portal_events:detail", "de", event.pk)
    for _ in range(views.THROTTLE_LIMIT):
        client.post(path, form_data(consent_de, email="bad"))
    response = client.post(path, form_data(consent_de))
    too_often = "You sent this form too often. Please wait one hour and try again."
    assert t("de", too_often) in response.content.decode()
    assert not Registration.objects.exists()


def test_registration_not_open_yet_or_no_consent_text_shows_no_form(client, office_a, event):
    event.registration_opens_at = timezone.now() + datetime.timedelta(days=2)
    event.save()
    page = client.get(url("portal_events:detail", "de", event.pk)).content.decode()
    assert '<form method="post"' not in page
    assert t("de", "Registration opens on") in page
    client.post(url("portal_events:detail", "de", event.pk), {})
    EventConsentText.objects.all().delete()
    event.registration_opens_at = None
    event.save()
    page = client.get(url("portal_events:detail", "de", event.pk)).content.decode()
    assert '<form method="post"' not in page
    assert not Registration.objects.exists()


def test_the_confirmation_page_needs_the_registering_browser(client, event):
    response = client.get(url("portal_events:registered", "de", event.pk))
    assert response.status_code == 302
    assert response["Location"] == url("portal_events:detail", "de", event.pk)


# --- companies ---


@pytest.fixture
def company_account(organisation):
    from kausa.core.tests.factories import CompanyFactory

    company = CompanyFactory(organisation=organisation, name="Bäckerei Sonnenschein")
    return make_account(organisation, "ausbildung@sonnenschein.example", company)


@pytest.mark.parametrize("language", ["de", "ar"])
def test_a_signed_in_company_registers_the_company(
    client, event, consent_de, company_account, language
):
    sign_in_account(client, company_account)
    path = url("portal_events:detail", language, event.pk)
    page = client.get(path).content.decode()
    assert "Bäckerei Sonnenschein" in page and 'name="name"' not in page
    data = {"consent": "on", "consent_text_id": consent_de.pk, "form_started": started_token()}
    response = client.post(path, data)
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.kind == ParticipantKind.COMPANY
    assert registration.company == company_account.company
    assert registration.source == RegistrationSource.PORTAL
    again = client.get(path).content.decode()
    assert url("portal_events:cancel", "de", cancellation_token(registration)) in again


def test_a_company_only_event_asks_visitors_to_sign_in(client, event, company_account):
    event.audience = Audience.COMPANIES
    event.save()
    page = client.get(url("portal_events:detail", "de", event.pk)).content.decode()
    assert 'name="name"' not in page and url("portal_accounts:login", "de") in page
    client.post(url("portal_events:detail", "de", event.pk), form_data(event))
    assert not Registration.objects.exists()


def test_a_company_cannot_register_for_a_young_peoples_event(
    client, event, consent_de, company_account
):
    event.audience = Audience.YOUNG_PEOPLE
    event.save()
    sign_in_account(client, company_account)
    data = {"consent": "on", "consent_text_id": consent_de.pk, "form_started": started_token()}
    response = client.post(url("portal_events:detail", "de", event.pk), data)
    refusal = "This event is for young people and parents. Companies cannot register here."
    assert t("de", refusal) in response.content.decode()
    assert not Registration.objects.exists()


# --- the cancellation link ---


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_cancel_link_works_once_and_moves_up_the_waiting_list(
    client, event, mailoutbox, django_capture_on_commit_callbacks, language
):
    event.capacity_young_people = 1
    event.save()
    registration = RegistrationFactory(event=event, name=NAME, email=EMAIL)
    waiting = RegistrationFactory(
        event=event,
        name="Wartende",
        email="wartend@example.org",
        status=RegistrationStatus.WAITLISTED,
        waitlisted_at=timezone.now(),
    )
    path = url("portal_events:cancel", language, cancellation_token(registration))
    page = client.get(path)
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    assert "<form" in page.content.decode() and NAME not in page.content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED  # GET changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(path)
    assert done.status_code == 200
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert [message.to for message in mailoutbox] == [["wartend@example.org"]]
    second = client.post(path)
    already = "Your registration has already been cancelled. There is nothing more to do."
    assert second.status_code == 200 and t(language, already) in second.content.decode()
    assert '<form method="post"' not in second.content.decode()


@pytest.mark.parametrize("language", ["de", "ar"])
def test_a_tampered_or_expired_cancel_link_says_so(client, event, language):
    registration = RegistrationFactory(event=event, name=NAME, email=EMAIL)
    token = cancellation_token(registration)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    feed = signing.Signer(salt="kausa.events.feed").sign(str(registration.pk))
    for bad in (tampered, feed, "nonsense"):
        response = client.post(url("portal_events:cancel", language, bad))
        assert response.status_code == 404
        assert t(language, INVALID_LINK) in response.content.decode()
    event.starts_at = timezone.now() - datetime.timedelta(minutes=5)
    event.save()
    expired = client.post(url("portal_events:cancel", language, token))
    assert expired.status_code == 410
    assert t(language, EXPIRED_LINK) in expired.content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_the_old_staff_side_cancel_address_still_works(client, event):
    registration = RegistrationFactory(event=event, name=NAME, email=EMAIL)
    client.post(reverse("events:cancel", args=[cancellation_token(registration)]), follow=True)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


# --- speed dating wishes of a company ---


@pytest.fixture
def speed_dating(office_a, company_account):
    from kausa.core.tests.factories import PersonFactory

    event = EventFactory(
        office=office_a,
        title="Azubi-Speed-Dating",
        event_format=EventFormatFactory(
            organisation=office_a.organisation, name="Speed", kind=EventKind.SPEED_DATING
        ),
    )
    RegistrationFactory(event=event, kind=ParticipantKind.COMPANY, company=company_account.company)
    people = [
        PersonFactory(office=office_a, first_name="Amina", last_name="Haddad"),
        PersonFactory(office=office_a, first_name="Taras", last_name="Koval"),
    ]
    for person in people:
        RegistrationFactory(event=event, person=person)
    waiting = PersonFactory(office=office_a, first_name="Wartend", last_name="Person")
    RegistrationFactory(event=event, person=waiting, status=RegistrationStatus.WAITLISTED)
    return event, people, waiting


@pytest.mark.parametrize("language", ["de", "ar"])
def test_a_company_enters_its_speed_dating_wishes(client, company_account, speed_dating, language):
    from kausa.core.models import AuditEntry
    from kausa.events.models import SpeedDatingWish

    event, (amina, taras), waiting = speed_dating
    sign_in_account(client, company_account)
    detail = client.get(url("portal_events:detail", language, event.pk)).content.decode()
    path = url("portal_events:wishes", language, event.pk)
    assert path in detail
    page = client.get(path).content.decode()
    assert "Amina H." in page and "Taras K." in page
    assert "Haddad" not in page and "Koval" not in page  # first name and initial only
    assert "Wartend" not in page  # only confirmed candidates
    response = client.post(path, {"people": [amina.pk]})
    assert response.status_code == 302
    wish = SpeedDatingWish.objects.get()
    assert (wish.person, wish.company, wish.company_wants) == (
        amina,
        company_account.company,
        True,
    )
    assert not wish.person_wants
    assert AuditEntry.objects.filter(action="events.speed_dating.wish_set").count() == 1
    # The candidate's own wish stays when the company withdraws its own.
    SpeedDatingWish.objects.create(
        event=event, person=taras, company=company_account.company, person_wants=True
    )
    client.post(path, {"people": []})
    remaining = SpeedDatingWish.objects.get()
    assert remaining.person == taras and remaining.person_wants and not remaining.company_wants
    refused = client.post(path, {"people": [waiting.pk]})
    assert refused.status_code == 200 and 'class="error-summary"' in refused.content.decode()
    assert SpeedDatingWish.objects.count() == 1


def test_wishes_only_for_a_company_taking_part_in_speed_dating(
    client, organisation, event, company_account, speed_dating
):
    from kausa.core.tests.factories import CompanyFactory

    speed_event, _people, _waiting = speed_dating
    other = make_account(
        organisation, "info@metall.example", CompanyFactory(organisation=organisation)
    )
    sign_in_account(client, other)
    assert client.get(url("portal_events:wishes", "de", speed_event.pk)).status_code == 404
    sign_in_account(client, company_account)
    RegistrationFactory(event=event, kind=ParticipantKind.COMPANY, company=company_account.company)
    assert client.get(url("portal_events:wishes", "de", event.pk)).status_code == 404  # a fair
    anonymous = client.__class__()
    response = anonymous.get(url("portal_events:wishes", "de", speed_event.pk))
    assert (
        response.status_code == 302 and url("portal_accounts:login", "de") in response["Location"]
    )
