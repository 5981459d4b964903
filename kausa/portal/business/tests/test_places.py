"""A company offers, changes and closes its places; the office approves before the public
sees them. In German and Arabic."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from kausa.core.models import AuditEntry, Occupation
from kausa.placements.models import MarketVersion
from kausa.portal.bots import started_token
from kausa.portal.business import audit_actions
from kausa.portal.business.tests.builders import portal_place
from kausa.portal.places.models import PlacePublication, PublicationStatus
from kausa.portal.places.selectors import public_places
from kausa.portal.places.services import publication_approve
from kausa.vacancies.models import Vacancy, VacancySource, VacancyStatus

pytestmark = pytest.mark.django_db
LANGUAGES = ["de", "ar"]
# The values the refused entries below put into their messages.
PARAMS = {"code": "00000", "limit_value": 2000, "show_value": 10_000, "text": "Raumfahrtkapitän"}


def url(name: str, language: str, *args: object) -> str:
    with translation.override(language):
        return reverse(f"portal_business:{name}", args=args)


def place_data(**overrides: object) -> dict[str, object]:
    baker = Occupation.objects.get(key="baecker-in")
    data: dict[str, object] = {
        "occupation": str(baker.pk),
        "seats": "3",
        "start_date": (timezone.localdate() + datetime.timedelta(days=200)).isoformat(),
        "postal_code": "39104",
        "place": "",
        "required_school_certificate": "1",
        "required_german_level": "2",
        "description": "Wir backen Brot & Brötchen. Frühe Arbeitszeit.",
        "form_started": started_token(),
        "website": "",
    }
    data.update(overrides)
    return data


def in_language(language: str, message: str) -> str:
    """The message as the page shows it (translated, HTML-escaped)."""
    with translation.override(language):
        return escape(gettext(message))


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_new_place_waits_for_the_office_then_appears_publicly(
    world, company_client, counsellor_a, language
):
    before = set(Vacancy.objects.values_list("pk", flat=True))
    versions = MarketVersion.objects.filter(organisation=world.organisation)
    places_version = versions.first().places_version if versions.exists() else 0

    response = company_client.post(url("place_create", language), place_data())

    assert response.status_code == 302
    assert response["Location"] == url("places", language)
    (new_pk,) = set(Vacancy.objects.values_list("pk", flat=True)) - before
    place = Vacancy.objects.get(pk=new_pk)
    assert place.company == world.company
    assert place.source == VacancySource.PORTAL
    assert place.status == VacancyStatus.OPEN
    assert place.seats == 3
    assert place.occupation.key == "baecker-in"
    # Place, district and coordinates come from the gazetteer (39104 is Magdeburg).
    assert place.district_id == "15003"
    assert place.place == "Magdeburg"
    assert 51.5 < place.latitude < 52.5 and 11 < place.longitude < 12.5
    assert place.publication.status == PublicationStatus.PENDING
    assert place.publication.requested_by == world.account
    assert place not in public_places()
    assert MarketVersion.objects.get(organisation=world.organisation).places_version > (
        places_version
    )
    assert AuditEntry.objects.filter(
        action=audit_actions.PLACE_CREATED, object_id=str(place.pk), actor=None
    ).exists()

    listing = company_client.get(url("places", language))
    content = listing.content.decode()
    assert "Bäcker/-in" in content
    assert in_language(language, "waiting for the office's approval") in content

    publication_approve(actor=counsellor_a, publication=place.publication)
    assert place in public_places()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_occupation_may_be_typed_in_the_visitors_language(world, company_client, language):
    word = {"de": "Bäcker", "ar": "خباز"}[language]
    with translation.override(language):
        response = company_client.post(url("place_create", language), place_data(occupation=word))
    assert response.status_code == 302
    place = Vacancy.objects.get(company=world.company, source=VacancySource.PORTAL)
    assert place.occupation.key == "baecker-in"


@pytest.mark.parametrize("language", LANGUAGES)
def test_changing_an_approved_place_sends_it_back_to_the_office(
    world, company_client, counsellor_a, language
):
    place = portal_place(world.company, world.account, seats=2)
    publication_approve(actor=counsellor_a, publication=place.publication)
    assert place in public_places()
    data = place_data(
        occupation=str(place.occupation_id),
        seats="5",
        start_date=place.start_date.isoformat(),
        postal_code="06108",
    )

    response = company_client.post(url("place_edit", language, place.pk), data)

    assert response.status_code == 302
    place.refresh_from_db()
    assert place.seats == 5
    assert place.publication.status == PublicationStatus.PENDING
    assert place not in public_places()
    entry = AuditEntry.objects.get(action=audit_actions.PLACE_CHANGED, object_id=str(place.pk))
    assert "seats" in entry.changed_fields


def test_an_unchanged_place_keeps_its_approval(world, company_client, counsellor_a):
    data = place_data()
    company_client.post(url("place_create", "de"), data)
    place = Vacancy.objects.get(company=world.company, source=VacancySource.PORTAL)
    publication_approve(actor=counsellor_a, publication=place.publication)
    data["form_started"] = started_token()
    response = company_client.post(url("place_edit", "de", place.pk), data)
    assert response.status_code == 302
    place.publication.refresh_from_db()
    assert place.publication.status == PublicationStatus.APPROVED
    assert not AuditEntry.objects.filter(action=audit_actions.PLACE_CHANGED).exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_another_companys_place_is_not_found(world, other_client, language):
    place = portal_place(world.company, world.account, seats=2)
    assert other_client.get(url("place_edit", language, place.pk)).status_code == 404
    posted = other_client.post(url("place_edit", language, place.pk), place_data(seats="9"))
    assert posted.status_code == 404
    closed = other_client.post(url("place_close", language, place.pk), {"status": "filled"})
    assert closed.status_code == 404
    place.refresh_from_db()
    assert (place.seats, place.status) == (2, VacancyStatus.OPEN)
    assert "Bäckerei Sonnenschein" not in other_client.get(url("places", language)).content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"start_date": (timezone.localdate() - datetime.timedelta(days=1)).isoformat()},
            "The start date is in the past. Choose a later date.",
        ),
        ({"postal_code": "00000"}, "The postal code %(code)s does not exist in Germany."),
        ({"postal_code": "391"}, "Enter a postal code of five digits."),
        (
            {"description": "<script>alert(1)</script> Gute Stelle"},
            "Please write plain text. Do not use the signs < and >.",
        ),
        ({"place": "<b>Magdeburg</b>"}, "Please write plain text. Do not use the signs < and >."),
        (
            {"description": "x" * 10_000},
            "Please write at most %(limit_value)d characters (you wrote %(show_value)d).",
        ),
        ({"seats": "0"}, "Enter at least 1 place."),
        ({"seats": "51"}, "Enter at most 50 places."),
        (
            {"occupation": "Raumfahrtkapitän"},
            "No training occupation found for “%(text)s”. Check the spelling.",
        ),
        ({"website": "http://spam.example"}, "The form could not be sent. Please try again."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_stored(
    world, company_client, language, overrides, message
):
    count = Vacancy.objects.count()
    publications = PlacePublication.objects.count()
    with translation.override(language):
        response = company_client.post(url("place_create", language), place_data(**overrides))
    assert response.status_code == 200
    content = response.content.decode()
    with translation.override(language):
        expected = escape(gettext(message) % PARAMS)
    assert expected in content
    assert 'class="error-summary"' in content
    assert "<script>alert(1)</script>" not in content
    assert Vacancy.objects.count() == count
    assert PlacePublication.objects.count() == publications


@pytest.mark.parametrize("language", LANGUAGES)
def test_closing_a_place_takes_it_off_the_portal(world, company_client, counsellor_a, language):
    place = portal_place(world.company, world.account)
    publication_approve(actor=counsellor_a, publication=place.publication)

    response = company_client.post(url("place_close", language, place.pk), {"status": "filled"})

    assert response.status_code == 302
    place.refresh_from_db()
    assert place.status == VacancyStatus.FILLED
    assert place.publication.status == PublicationStatus.WITHDRAWN
    assert place not in public_places()
    assert AuditEntry.objects.filter(
        action=audit_actions.PLACE_CLOSED, object_id=str(place.pk)
    ).exists()
    # A closed place cannot be changed any more.
    edit = company_client.post(url("place_edit", language, place.pk), place_data(seats="7"))
    assert edit.status_code == 302
    place.refresh_from_db()
    assert place.seats != 7


def test_closing_needs_a_reason(world, company_client):
    place = portal_place(world.company, world.account)
    response = company_client.post(url("place_close", "de", place.pk), {"status": "open"})
    assert response.status_code == 302
    place.refresh_from_db()
    assert place.status == VacancyStatus.OPEN


def test_a_place_the_office_entered_stays_with_the_office(world, company_client):
    place = world.vacancy  # entered by staff, approved
    assert place.source == VacancySource.MANUAL
    response = company_client.post(url("place_edit", "de", place.pk), place_data(seats="9"))
    assert response.status_code == 302
    closing = company_client.post(url("place_close", "de", place.pk), {"status": "filled"})
    assert closing.status_code == 302
    place.refresh_from_db()
    assert place.seats != 9
    assert place.status == VacancyStatus.OPEN
    listing = company_client.get(url("places", "de")).content.decode()
    assert in_language("de", "Your office manages this place. Please ask them for changes.") in (
        listing
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_rejected_place_shows_the_offices_reason(world, company_client, counsellor_a, language):
    from kausa.portal.places.services import publication_reject

    place = portal_place(world.company, world.account)
    publication_reject(
        actor=counsellor_a, publication=place.publication, reason="Bitte <Beginn> prüfen"
    )
    content = company_client.get(url("home", language)).content.decode()
    assert "Bitte &lt;Beginn&gt; prüfen" in content
    assert in_language(language, "not approved") in content


def test_the_form_pages_answer_in_both_languages(world, company_client):
    place = portal_place(world.company, world.account)
    for language in LANGUAGES:
        for page in (url("place_create", language), url("place_edit", language, place.pk)):
            response = company_client.get(page)
            assert response.status_code == 200
            assert f'lang="{language}"' in response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_postal_code_of_two_districts_asks_for_the_district(world, company_client, language):
    with translation.override(language):
        first = company_client.post(url("place_create", language), place_data(postal_code="06116"))
        message = escape(
            gettext("This postal code belongs to several districts – please choose the district.")
        )
    assert first.status_code == 200
    assert message in first.content.decode()
    assert 'name="district"' in first.content.decode()
    assert not Vacancy.objects.filter(source=VacancySource.PORTAL).exists()

    second = company_client.post(
        url("place_create", language), place_data(postal_code="06116", district="15088")
    )
    assert second.status_code == 302
    place = Vacancy.objects.get(source=VacancySource.PORTAL)
    assert (place.postal_code, place.district_id) == ("06116", "15088")


def test_open_places_come_first(world, company_client):
    soon = timezone.localdate() + datetime.timedelta(days=30)
    closed = portal_place(world.company, world.account, start_date=soon, description="")
    closed.status = VacancyStatus.FILLED
    closed.save()
    later = portal_place(
        world.company, world.account, start_date=soon + datetime.timedelta(days=400)
    )
    content = company_client.get(url("places", "de")).content.decode()
    assert content.index(url("place_edit", "de", later.pk)) < content.index(
        f'<bdi class="ltr" dir="ltr">{soon.strftime("%d.%m.%Y")}</bdi>'
    )
    # A filled place cannot be changed or closed again.
    assert url("place_edit", "de", closed.pk) not in content
