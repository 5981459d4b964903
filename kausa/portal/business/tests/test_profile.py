"""The company keeps its profile up to date: training status, languages, contact person."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from kausa.companies.models import CompanyContact, CompanyLanguage, TrainingStatus
from kausa.core.models import AuditEntry
from kausa.placements.models import MarketVersion
from kausa.portal.bots import started_token
from kausa.portal.business import audit_actions

pytestmark = pytest.mark.django_db
LANGUAGES = ["de", "ar"]
PARAMS = {"limit_value": 150, "show_value": 10_000, "value": "unknown"}


def url(name: str, language: str) -> str:
    with translation.override(language):
        return reverse(f"portal_business:{name}")


def profile_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "training_status": TrainingStatus.AUTHORISED,
        "languages": ["ar", "tr"],
        "contact_name": "Leyla Demir",
        "contact_role": "Ausbilderin",
        "contact_email": "leyla@sonnenschein.example",
        "contact_phone": "0391 123456",
        "form_started": started_token(),
        "website": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_company_updates_its_profile(world, company_client, other_client, language):
    other_before = set(world.other_company.languages.values_list("language", flat=True))
    response = company_client.post(url("profile", language), profile_data())

    assert response.status_code == 302
    company = world.company
    company.refresh_from_db()
    assert company.training_status == TrainingStatus.AUTHORISED
    assert set(company.languages.values_list("language", flat=True)) == {"ar", "tr"}
    contact = company.contacts.order_by("id").first()
    assert (contact.name, contact.role, contact.email, contact.phone) == (
        "Leyla Demir",
        "Ausbilderin",
        "leyla@sonnenschein.example",
        "0391 123456",
    )
    entry = AuditEntry.objects.get(action=audit_actions.PROFILE_CHANGED, actor=None)
    assert entry.object_id == str(company.pk)
    assert set(entry.changed_fields) == {"training_status", "languages", "contacts"}
    # The other company is untouched.
    assert set(world.other_company.languages.values_list("language", flat=True)) == other_before
    home = company_client.get(url("home", language)).content.decode()
    assert "Leyla Demir" in home
    assert "Leyla Demir" not in other_client.get(url("home", language)).content.decode()


def test_languages_change_the_market_version(world, company_client):
    before = MarketVersion.objects.filter(organisation=world.organisation).first()
    before_version = before.places_version if before else 0
    company_client.post(url("profile", "de"), profile_data(training_status="not_training"))
    after = MarketVersion.objects.get(organisation=world.organisation)
    assert after.places_version > before_version


def test_other_contacts_of_the_office_stay(world, company_client):
    CompanyContact.objects.create(company=world.company, name="Erster Kontakt")
    CompanyContact.objects.create(company=world.company, name="Zweiter Kontakt")
    company_client.post(url("profile", "de"), profile_data())
    names = list(world.company.contacts.order_by("id").values_list("name", flat=True))
    assert names == ["Leyla Demir", "Zweiter Kontakt"]


def test_the_form_shows_the_stored_profile(world, company_client):
    CompanyLanguage.objects.create(company=world.company, language="uk")
    CompanyContact.objects.create(company=world.company, name="Olena Koval", phone="0345 99")
    content = company_client.get(url("profile", "de")).content.decode()
    assert 'value="Olena Koval"' in content
    assert 'value="uk" ' in content and "checked" in content.split('value="uk"')[1][:60]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"contact_name": "<img src=x onerror=alert(1)>"},
            "Please write plain text. Do not use the signs < and >.",
        ),
        (
            {"contact_name": "x" * 10_000},
            "Please write at most %(limit_value)d characters (you wrote %(show_value)d).",
        ),
        ({"contact_name": ""}, "This field is required."),
        ({"contact_email": "keine-mail"}, "Enter an email address, for example name@firma.de."),
        (
            {"contact_phone": "call me maybe"},
            "Enter a phone number with digits only, for example 0391 123456.",
        ),
        ({"languages": ["xx"]}, "Please choose languages from the list."),
        (
            {"training_status": "unknown"},
            "Select a valid choice. %(value)s is not one of the available choices.",
        ),
    ],
)
def test_bad_profile_input_is_refused_and_nothing_changes(
    world, company_client, language, overrides, message
):
    with translation.override(language):
        response = company_client.post(url("profile", language), profile_data(**overrides))
        expected = escape(gettext(message) % PARAMS)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'class="error-summary"' in content
    assert "<img src=x" not in content
    assert expected in content
    world.company.refresh_from_db()
    assert world.company.training_status == TrainingStatus.NOT_TRAINING
    assert not world.company.languages.exists()
    assert not world.company.contacts.exists()
    assert not AuditEntry.objects.filter(action=audit_actions.PROFILE_CHANGED).exists()
