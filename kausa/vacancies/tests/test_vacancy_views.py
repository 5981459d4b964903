"""Apprenticeship places through HTTP: validation, defaults, sharing across offices."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kausa.core.models import AuditEntry, Occupation
from kausa.core.tests.factories import CompanyFactory, VacancyFactory
from kausa.vacancies.models import Vacancy

pytestmark = pytest.mark.django_db


def vacancy_data(company, **overrides):
    occupation = Occupation.objects.order_by("name").first()
    data = {
        "company": str(company.pk),
        "occupation": str(occupation.pk),
        "seats": "2",
        "start_date": (timezone.localdate() + datetime.timedelta(days=200)).isoformat(),
        "postal_code": "",
        "place": "",
        "required_school_certificate": "1",
        "required_german_level": "3",
        "description": "",
        "status": "open",
    }
    data.update(overrides)
    return data


@pytest.fixture
def company(organisation):
    return CompanyFactory(organisation=organisation)


def test_place_defaults_to_company_address(client, counsellor_a, company):
    client.force_login(counsellor_a)
    response = client.post(reverse("vacancies:create"), vacancy_data(company))
    assert response.status_code == 302
    vacancy = Vacancy.objects.get()
    assert (vacancy.postal_code, vacancy.district_id) == ("06108", "15002")
    assert AuditEntry.objects.filter(action="vacancies.vacancy.created").count() == 1


def test_place_at_another_workplace(client, counsellor_a, company):
    client.force_login(counsellor_a)
    client.post(reverse("vacancies:create"), vacancy_data(company, postal_code="06844"))
    assert Vacancy.objects.get().district_id == "15001"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"seats": "0"}, "Ein Ausbildungsplatz braucht mindestens einen Platz."),
        ({"seats": "51"}, "Bitte höchstens 50 Plätze je Ausbildungsplatz eingeben."),
        ({"start_date": "2020-08-01"}, "Das Startdatum darf nicht in der Vergangenheit liegen."),
        ({"postal_code": "99999"}, "Die Postleitzahl 99999 gibt es in Deutschland nicht."),
    ],
)
def test_invalid_place_gets_german_message_and_changes_nothing(
    client, counsellor_a, company, overrides, message
):
    client.force_login(counsellor_a)
    response = client.post(reverse("vacancies:create"), vacancy_data(company, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Vacancy.objects.exists()


def test_editing_a_started_place_keeps_its_past_start_date(client, counsellor_a, company):
    vacancy = VacancyFactory(company=company, start_date=datetime.date(2024, 8, 1))
    client.force_login(counsellor_a)
    data = vacancy_data(company, start_date="2024-08-01", status="filled")
    response = client.post(reverse("vacancies:edit", args=[vacancy.pk]), data)
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.status == "filled"


def test_places_are_shared_across_offices_but_not_organisations(
    client, counsellor_b, outsider, company
):
    vacancy = VacancyFactory(company=company)
    client.force_login(counsellor_b)
    assert client.get(reverse("vacancies:detail", args=[vacancy.pk])).status_code == 200
    client.force_login(outsider)
    assert client.get(reverse("vacancies:detail", args=[vacancy.pk])).status_code == 404
    assert client.get(reverse("companies:detail", args=[company.pk])).status_code == 404
    assert client.get(reverse("vacancies:list")).context["page"].paginator.count == 0


def test_company_of_another_organisation_cannot_be_chosen(client, outsider, company):
    client.force_login(outsider)
    response = client.post(reverse("vacancies:create"), vacancy_data(company))
    assert response.status_code == 200
    assert not Vacancy.objects.exists()


def test_filter_by_status_and_occupation(client, counsellor_a, company):
    first, second = Occupation.objects.order_by("name")[:2]
    VacancyFactory(company=company, occupation=first)
    VacancyFactory(company=company, occupation=second, status="filled")
    client.force_login(counsellor_a)
    response = client.get(reverse("vacancies:list"), {"status": "open"})
    assert [v.occupation for v in response.context["page"].object_list] == [first]
    response = client.get(reverse("vacancies:list"), {"occupation": second.pk})
    assert [v.status for v in response.context["page"].object_list] == ["filled"]


def test_places_of_an_archived_company_can_still_be_withdrawn_and_leave_the_list(
    client, counsellor_a, company
):
    vacancy = VacancyFactory(company=company)
    client.force_login(counsellor_a)
    client.post(reverse("companies:archive", args=[company.pk]))
    assert client.get(reverse("vacancies:list")).context["page"].paginator.count == 0
    assert client.get(reverse("workbench:dashboard")).context["counts"]["open_seats"] == 0
    data = vacancy_data(company, status="withdrawn", start_date=vacancy.start_date.isoformat())
    response = client.post(reverse("vacancies:edit", args=[vacancy.pk]), data)
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.status == "withdrawn"


def test_a_place_moved_back_to_the_company_address_takes_the_company_place(
    client, counsellor_a, company
):
    client.force_login(counsellor_a)
    client.post(reverse("vacancies:create"), vacancy_data(company, postal_code="06844"))
    vacancy = Vacancy.objects.get()
    data = vacancy_data(company, postal_code="", place=vacancy.place)
    client.post(reverse("vacancies:edit", args=[vacancy.pk]), data)
    vacancy.refresh_from_db()
    assert (vacancy.postal_code, vacancy.place) == ("06108", "Halle (Saale)")
