"""Companies through HTTP: registration with languages and contacts, validation, search."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kausa.companies.models import Company
from kausa.core.models import AuditEntry
from kausa.core.tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def company_data(**overrides):
    data = {
        "name": "Bäckerei Nguyen",
        "street": "Breiter Weg 10",
        "postal_code": "39104",
        "place": "",
        "size": "micro",
        "sector": "C",
        "migrant_led": "on",
        "training_status": "in_preparation",
        "competent_body": "HWK",
        "email": "info@example.org",
        "phone": "",
        "website": "",
        "languages": ["vi", "de"],
        "contacts-TOTAL_FORMS": "3",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "10",
        "contacts-0-name": "Thi Lan Nguyen",
        "contacts-0-role": "Inhaberin",
        "contacts-0-email": "lan@example.org",
        "contacts-0-phone": "",
    }
    data.update(overrides)
    return data


def test_register_company_with_languages_and_contact(client, counsellor_a):
    client.force_login(counsellor_a)
    response = client.post(reverse("companies:create"), company_data())
    assert response.status_code == 302
    company = Company.objects.get()
    assert company.organisation == counsellor_a.organisation
    assert (company.place, company.district_id, company.is_sme) == ("Magdeburg", "15003", True)
    assert sorted(company.languages.values_list("language", flat=True)) == ["de", "vi"]
    assert list(company.contacts.values_list("name", flat=True)) == ["Thi Lan Nguyen"]
    assert AuditEntry.objects.filter(action="companies.company.created").count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"postal_code": "00000"}, "Die Postleitzahl 00000 gibt es in Deutschland nicht."),
        ({"contacts-0-name": ""}, "Bitte den Namen der Kontaktperson eingeben."),
        ({"email": "keine-adresse"}, "Bitte gültige E-Mail-Adresse eingeben."),
    ],
)
def test_invalid_company_gets_german_message(client, counsellor_a, overrides, message):
    client.force_login(counsellor_a)
    response = client.post(reverse("companies:create"), company_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Company.objects.exists()


def test_edit_replaces_contacts_and_logs_fields(client, counsellor_a):
    client.force_login(counsellor_a)
    client.post(reverse("companies:create"), company_data())
    company = Company.objects.get()
    data = company_data(training_status="authorised")
    data.update({"contacts-INITIAL_FORMS": "1", "contacts-0-name": "Minh Nguyen"})
    response = client.post(reverse("companies:edit", args=[company.pk]), data)
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.training_status == "authorised"
    assert list(company.contacts.values_list("name", flat=True)) == ["Minh Nguyen"]
    entry = AuditEntry.objects.get(action="companies.company.updated")
    assert entry.changed_fields == ["contacts", "training_status"]


def test_company_search_and_filters(client, counsellor_b, organisation):
    CompanyFactory(organisation=organisation, name="Autohaus Schäfer", migrant_led=False)
    CompanyFactory(organisation=organisation, name="Pflegedienst Demir", migrant_led=True)
    client.force_login(counsellor_b)

    def names(**params):
        page = client.get(reverse("companies:list"), params).context["page"]
        return [company.name for company in page.object_list]

    assert names(q="Autohaus Schafer") == ["Autohaus Schäfer"]
    assert names(q="pflegedinst") == ["Pflegedienst Demir"]
    assert names(migrant_led="on") == ["Pflegedienst Demir"]
