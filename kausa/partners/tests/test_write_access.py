"""Partners are shared by the offices of an organisation: read-only colleagues get 403,
another organisation 404, and the services refuse both; topics are for team leads only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kausa.core.access import WriteDenied
from kausa.core.models import AuditEntry, District
from kausa.core.tests.factories import PartnerFactory
from kausa.partners import services
from kausa.partners.models import Partner, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(organisation):
    return PartnerFactory(organisation=organisation, name="Schreibschutz e.V.")


@pytest.mark.parametrize("actor_name", ["reader_a", "outsider"])
def test_services_refuse_read_only_staff_and_other_organisations(
    request, partner, organisation, actor_name
):
    actor = request.getfixturevalue(actor_name)
    with pytest.raises(WriteDenied):
        services.partner_update(actor=actor, partner=partner, data={"name": "Geändert"})
    with pytest.raises(WriteDenied):
        services.partner_create(
            actor=actor,
            organisation=organisation,
            data={"name": "Neu", "partner_type": "other"},
            districts=[District.objects.get(pk="15003")],
        )
    partner.refresh_from_db()
    assert partner.name == "Schreibschutz e.V."
    assert Partner.objects.count() == 1
    assert not AuditEntry.objects.exists()


def test_any_office_of_the_organisation_writes(counsellor_b, partner):
    services.partner_update(actor=counsellor_b, partner=partner, data={"name": "Geteilt e.V."})
    partner.refresh_from_db()
    assert partner.name == "Geteilt e.V."


def test_only_team_leads_add_topics(counsellor_a, team_lead):
    with pytest.raises(WriteDenied):
        services.topic_create(actor=counsellor_a, name="Probethema")
    assert services.topic_create(actor=team_lead, name="Probethema").code == "probethema"
    assert Topic.objects.filter(name="Probethema").count() == 1


def test_views_answer_403_for_read_only_and_404_for_another_organisation(
    client, reader_a, outsider, partner
):
    writes = [("partners:edit", {"name": "X"}), ("partners:archive", {})]
    client.force_login(reader_a)
    for name, data in writes:
        assert client.post(reverse(name, args=[partner.pk]), data).status_code == 403, name
    client.force_login(outsider)
    for name, data in writes:
        assert client.post(reverse(name, args=[partner.pk]), data).status_code == 404, name
    partner.refresh_from_db()
    assert (partner.name, partner.archived_at) == ("Schreibschutz e.V.", None)
