"""Places belong to their company's organisation: read-only colleagues get 403, another
organisation 404, and the services refuse both whoever calls them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kausa.core.access import WriteDenied
from kausa.core.models import AuditEntry
from kausa.core.tests.factories import CompanyFactory, VacancyFactory
from kausa.vacancies import services
from kausa.vacancies.models import Vacancy, VacancyStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def vacancy(organisation):
    return VacancyFactory(company=CompanyFactory(organisation=organisation), seats=2)


@pytest.mark.parametrize("actor_name", ["reader_a", "outsider"])
def test_services_refuse_read_only_staff_and_other_organisations(request, vacancy, actor_name):
    actor = request.getfixturevalue(actor_name)
    with pytest.raises(WriteDenied):
        services.vacancy_update(actor=actor, vacancy=vacancy, data={"seats": 5})
    with pytest.raises(WriteDenied):
        services.vacancy_create(actor=actor, company=vacancy.company, data={"seats": 1})
    vacancy.refresh_from_db()
    assert vacancy.seats == 2
    assert Vacancy.objects.count() == 1
    assert not AuditEntry.objects.exists()


def test_any_office_of_the_organisation_writes(counsellor_b, vacancy):
    services.vacancy_update(
        actor=counsellor_b, vacancy=vacancy, data={"status": VacancyStatus.FILLED}
    )
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.FILLED


def test_views_answer_403_for_read_only_and_404_for_another_organisation(
    client, reader_a, outsider, vacancy
):
    writes = [("vacancies:edit", {"seats": "9"}), ("vacancies:archive", {})]
    client.force_login(reader_a)
    for name, data in writes:
        assert client.post(reverse(name, args=[vacancy.pk]), data).status_code == 403, name
    client.force_login(outsider)
    for name, data in writes:
        assert client.post(reverse(name, args=[vacancy.pk]), data).status_code == 404, name
    vacancy.refresh_from_db()
    assert (vacancy.seats, vacancy.archived_at) == (2, None)
