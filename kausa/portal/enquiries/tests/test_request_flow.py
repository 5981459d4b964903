"""Asking for counselling in the portal, in German and Arabic: the double opt-in creates exactly
one person in the office that serves the postal code, with a versioned online consent; under 16
a parent agrees first; nothing is created before that."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from kausa.core.audit_registry import action_for
from kausa.core.models import AuditEntry, Occupation
from kausa.core.occupation_field import occupation_label
from kausa.core.tests.factories import CompanyFactory, VacancyFactory, district
from kausa.counselling.models import Consent
from kausa.people.models import Person
from kausa.portal.enquiries.models import Enquiry, EnquiryConsentText, EnquiryStatus
from kausa.portal.enquiries.tests.helpers import last_link_to, submit, url
from kausa.portal.places.models import PlacePublication, PublicationStatus

pytestmark = pytest.mark.django_db
LANGUAGES = ["de", "ar"]


@pytest.fixture
def offices(office_a, office_b):
    office_b.districts_served.add(district("15002"))  # Halle (Saale)
    return office_a, office_b


@pytest.mark.parametrize("language", LANGUAGES)
def test_double_opt_in_creates_one_person_in_the_serving_office(
    client, offices, language, django_capture_on_commit_callbacks
):
    _office_a, office_b = offices
    cook = Occupation.objects.get(key="koch-koechin")
    response = submit(
        client,
        django_capture_on_commit_callbacks,
        language,
        postal_code="06108",
        wish_1=occupation_label(cook),
    )
    assert response.status_code == 302
    assert response["Location"] == url("portal_enquiries:sent", language)
    enquiry = Enquiry.objects.get()
    assert enquiry.status == EnquiryStatus.PENDING
    assert enquiry.language == language
    assert enquiry.consent_text.language == language
    assert enquiry.occupation_ids == [cook.pk]
    # Nothing reaches an office before the confirmation.
    assert Person.objects.count() == 0
    assert Consent.objects.count() == 0
    assert enquiry.office is None
    # The mail goes to the visitor, with a link in their language.
    assert len(mail.outbox) == 1
    link = last_link_to("amal@example.org")
    assert link.startswith(f"/{language}/counselling/confirm/")
    # The names are not readable in the database.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("select first_name, email from portal_enquiries_enquiry")
        stored = cursor.fetchone()
    assert "Amal" not in stored[0] and "amal@" not in stored[1]

    page = client.get(sent_url := url("portal_enquiries:sent", language))
    assert page.status_code == 200 and sent_url
    confirm_page = client.get(link)
    assert confirm_page.status_code == 200
    assert Person.objects.count() == 0  # opening the link is not yet the confirmation

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(link)
    assert done.status_code == 200
    person = Person.objects.get()
    assert person.office == office_b  # 06108 lies in Halle, which office B serves
    assert (person.first_name, person.last_name, person.email) == (
        "Amal",
        "Nasser",
        "amal@example.org",
    )
    assert person.district_id == "15002"
    assert sorted(person.languages.values_list("language", flat=True)) == ["ar", "de"]
    assert list(person.desired_occupations.values_list("occupation", flat=True)) == [cook.pk]
    consent = Consent.objects.get(person=person)
    assert consent.purpose == "counselling" and consent.method == "online"
    assert consent.language == language
    assert consent.text_version == f"portal-enquiry-{language}-v1"
    assert consent.guardian_name == ""
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.OPEN
    assert (enquiry.office, enquiry.person) == (office_b, person)
    assert office_b.name in done.content.decode()
    codes = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "portal.enquiry.submitted",
        "portal.enquiry.email_confirmed",
        "portal.enquiry.opened",
        "people.person.created",
        "counselling.consent.recorded",
    } <= codes
    assert all(action_for(code) for code in codes)
    # A second click changes nothing.
    again = client.post(link)
    assert again.status_code == 409
    assert Person.objects.count() == 1


def test_the_serving_office_wins_over_the_office_located_in_the_district(
    client, office_a, office_b, django_capture_on_commit_callbacks
):
    office_b.districts_served.add(district("15003"))  # Magdeburg, where office A sits
    submit(client, django_capture_on_commit_callbacks, "de", postal_code="39104")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(last_link_to("amal@example.org"))
    assert Person.objects.get().office == office_b


def test_a_district_nobody_serves_goes_to_the_office_located_there(
    client, office_a, office_b, django_capture_on_commit_callbacks
):
    submit(client, django_capture_on_commit_callbacks, "ar", postal_code="06108")  # Halle
    with django_capture_on_commit_callbacks(execute=True):
        client.post(last_link_to("amal@example.org"))
    assert Person.objects.get().office == office_b  # office B is located in Halle


def test_someone_abroad_goes_to_the_organisations_first_office(
    client, office_a, office_b, django_capture_on_commit_callbacks
):
    response = submit(
        client, django_capture_on_commit_callbacks, "ar", postal_code="", lives_abroad="on"
    )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post(last_link_to("amal@example.org"))
    person = Person.objects.get()
    assert person.office == office_a
    assert person.lives_abroad and person.postal_code == "" and person.district is None


@pytest.mark.parametrize("language", LANGUAGES)
def test_under_16_a_parent_agrees_before_anything_reaches_the_office(
    client, office_a, language, django_capture_on_commit_callbacks
):
    young = str(timezone.localdate().year - 15)
    refused = submit(client, django_capture_on_commit_callbacks, language, birth_year=young)
    assert refused.status_code == 200
    assert "parent_email" in refused.context["form"].errors
    assert Enquiry.objects.count() == 0 and mail.outbox == []

    same = submit(
        client,
        django_capture_on_commit_callbacks,
        language,
        birth_year=young,
        parent_email="amal@example.org",
    )
    assert "parent_email" in same.context["form"].errors
    assert Enquiry.objects.count() == 0

    submit(
        client,
        django_capture_on_commit_callbacks,
        language,
        birth_year=young,
        parent_email="mutter@example.org",
    )
    enquiry = Enquiry.objects.get()
    assert enquiry.needs_parent
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(last_link_to("amal@example.org"))
    assert confirmed.status_code == 200
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.AWAITING_PARENT
    assert Person.objects.count() == 0  # not before the parent agreed

    parent_link = last_link_to("mutter@example.org")
    assert parent_link.startswith(f"/{language}/counselling/parent/")
    form = client.get(parent_link)
    assert form.status_code == 200 and "Amal" in form.content.decode()
    assert enquiry.consent_text.text in form.content.decode()
    without_tick = client.post(
        parent_link, {"parent_name": "Samira Nasser", "form_started": _started()}
    )
    assert without_tick.status_code == 200
    assert "consent" in without_tick.context["form"].errors
    assert Person.objects.count() == 0

    agreed = client.post(
        parent_link,
        {"parent_name": "Samira Nasser", "consent": "on", "form_started": _started()},
    )
    assert agreed.status_code == 200
    person = Person.objects.get()
    assert person.office == office_a
    consent = Consent.objects.get(person=person)
    assert consent.guardian_name == "Samira Nasser"
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.OPEN and enquiry.parent_consented_at is not None
    assert client.post(parent_link, {"parent_name": "X", "consent": "on"}).status_code == 409
    assert Person.objects.count() == 1


def _started() -> str:
    from kausa.portal.bots import started_token

    return started_token()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("first_name", "<script>alert(1)</script>"),
        ("last_name", "<b>Nasser</b>"),
        ("question", "<img src=x onerror=alert(1)>"),
        ("question", "x" * 10_000),
        ("first_name", "A" * 10_000),
        ("postal_code", "00000"),
        ("postal_code", "391"),
        ("postal_code", ""),
        ("birth_year", "2099"),
        ("birth_year", "1900"),
        ("phone", "call me <now>"),
        ("email", "not-an-address"),
        ("wish_1", "Raketenpilot auf dem Mars"),
        ("consent", None),
    ],
)
def test_bad_input_gets_a_message_and_stores_nothing(
    client, office_a, language, field, value, django_capture_on_commit_callbacks
):
    response = submit(client, django_capture_on_commit_callbacks, language, **{field: value})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert "<script>alert" not in html and "<img src=x" not in html
    assert f'lang="{language}"' in html
    assert Enquiry.objects.count() == 0
    assert Person.objects.count() == 0
    assert mail.outbox == []


def test_the_honeypot_stores_nothing(client, office_a, django_capture_on_commit_callbacks):
    response = submit(client, django_capture_on_commit_callbacks, "de", website="http://spam")
    assert response.status_code == 200
    assert Enquiry.objects.count() == 0 and mail.outbox == []


def test_many_requests_from_one_address_are_refused(
    client, office_a, django_capture_on_commit_callbacks
):
    for number in range(5):
        ok = submit(
            client, django_capture_on_commit_callbacks, "ar", email=f"p{number}@example.org"
        )
        assert ok.status_code == 302
    refused = submit(client, django_capture_on_commit_callbacks, "ar", email="p6@example.org")
    assert refused.status_code == 429
    assert refused.context["form"].non_field_errors()
    assert Enquiry.objects.count() == 5
    assert len(mail.outbox) == 5


def test_the_place_asked_about_is_shown_and_kept(
    client, organisation, office_a, django_capture_on_commit_callbacks
):
    company = CompanyFactory(organisation=organisation, name="Bäckerei Sonnenschein")
    public = VacancyFactory(company=company)
    PlacePublication.objects.create(vacancy=public, status=PublicationStatus.APPROVED)
    hidden = VacancyFactory(company=company)  # not approved for the portal
    query = f"?place={public.pk}"
    page = client.get(url("portal_enquiries:create", "de", query=query))
    assert "Bäckerei Sonnenschein" in page.content.decode()
    assert public.occupation.name in page.content.decode()
    assert page.context["place"] == public
    assert (
        client.get(url("portal_enquiries:create", "de", query=f"?place={hidden.pk}")).context[
            "place"
        ]
        is None
    )
    assert client.get(url("portal_enquiries:create", "de", query="?place=abc")).status_code == 200
    submit(client, django_capture_on_commit_callbacks, "de", query=query)
    assert Enquiry.objects.get().place == public


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_form_shows_the_consent_text_in_the_visitors_language(client, office_a, language):
    page = client.get(url("portal_enquiries:create", language))
    assert page.status_code == 200
    text = EnquiryConsentText.objects.get(organisation=office_a.organisation, language=language)
    html = page.content.decode()
    assert text.text.split(":")[0] in html
    assert office_a.organisation.name in text.text
    # the three wishes share one list of suggestions
    assert html.count("<datalist") == 1
    assert 'list="id_wish_1_options"' in html


def test_a_newer_consent_text_is_used_and_old_requests_keep_theirs(
    client, office_a, django_capture_on_commit_callbacks
):
    submit(client, django_capture_on_commit_callbacks, "de")
    first = Enquiry.objects.get()
    newer = EnquiryConsentText.objects.create(
        organisation=office_a.organisation,
        language="de",
        version=2,
        text="Neue Fassung der Einwilligung.",
        valid_from=timezone.localdate(),
    )
    assert (
        "Neue Fassung der Einwilligung."
        in client.get(url("portal_enquiries:create", "de")).content.decode()
    )
    submit(client, django_capture_on_commit_callbacks, "de", email="zwei@example.org")
    second = Enquiry.objects.exclude(pk=first.pk).get()
    assert second.consent_text == newer
    first.refresh_from_db()
    assert first.consent_text.version == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_messages_and_mail_are_in_the_visitors_language(
    client, office_a, language, django_capture_on_commit_callbacks
):
    """The page and the mail use the catalogue of the visitor's language (whatever the merged
    translation reads), not the staff default."""
    from django.utils import translation
    from django.utils.html import escape

    refused = submit(client, django_capture_on_commit_callbacks, language, postal_code="")
    with translation.override(language):
        expected = translation.gettext("Enter your postal code, or tick “I live abroad”.")
        subject = translation.gettext("Please confirm your request for counselling")
    assert escape(expected) in refused.content.decode()
    submit(client, django_capture_on_commit_callbacks, language)
    assert mail.outbox[-1].subject == subject
    assert "Amal" in mail.outbox[-1].body


def test_a_version_valid_only_from_tomorrow_is_not_used_yet(client, office_a):
    import datetime

    from kausa.portal.enquiries.services import consent_texts_seed, current_consent_text

    consent_texts_seed(organisation=office_a.organisation)
    EnquiryConsentText.objects.create(
        organisation=office_a.organisation,
        language="ar",
        version=2,
        text="نص جديد",
        valid_from=timezone.localdate() + datetime.timedelta(days=1),
    )
    assert current_consent_text(office_a.organisation, "ar").version == 1
    assert current_consent_text(office_a.organisation, "en").language == "en"
