"""Companies are shared by the offices of an organisation: every writing member changes them,
read-only colleagues get 403, another organisation 404 — and the services refuse them too."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kausa.companies import services
from kausa.companies.models import Company
from kausa.core.access import WriteDenied
from kausa.core.models import AuditEntry
from kausa.core.tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(organisation):
    return CompanyFactory(organisation=organisation, name="Schreibschutz GmbH")


@pytest.mark.parametrize("actor_name", ["reader_a", "outsider"])
def test_services_refuse_read_only_staff_and_other_organisations(
    request, company, organisation, actor_name
):
    actor = request.getfixturevalue(actor_name)
    with pytest.raises(WriteDenied):
        services.company_update(actor=actor, company=company, data={"name": "Geändert"})
    with pytest.raises(WriteDenied):
        services.company_create(actor=actor, organisation=organisation, data={"name": "Neu"})
    company.refresh_from_db()
    assert company.name == "Schreibschutz GmbH"
    assert Company.objects.count() == 1
    assert not AuditEntry.objects.exists()


def test_any_office_of_the_organisation_writes(counsellor_b, company):
    services.company_update(actor=counsellor_b, company=company, data={"name": "Geteilt GmbH"})
    company.refresh_from_db()
    assert company.name == "Geteilt GmbH"


def test_views_answer_403_for_read_only_and_404_for_another_organisation(
    client, reader_a, outsider, company
):
    writes = [("companies:edit", {"name": "X"}), ("companies:archive", {})]
    client.force_login(reader_a)
    for name, data in writes:
        assert client.post(reverse(name, args=[company.pk]), data).status_code == 403, name
    client.force_login(outsider)
    for name, data in writes:
        assert client.post(reverse(name, args=[company.pk]), data).status_code == 404, name
    company.refresh_from_db()
    assert (company.name, company.archived_at) == ("Schreibschutz GmbH", None)
