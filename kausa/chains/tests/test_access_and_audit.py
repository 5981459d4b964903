"""The write chokepoint in chain services, one audit entry per action, atomic matrix saves."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from kausa.chains.models import ChainRun, DistrictPartner
from kausa.chains.services import district_partners as district_services
from kausa.chains.services import runs as run_services
from kausa.chains.services import templates as template_services
from kausa.core.models import AuditEntry
from kausa.core.tests.factories import PartnerFactory, district

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(counsellor_a, chain, tolerated_person):
    return run_services.chain_run_start(actor=counsellor_a, template=chain, person=tolerated_person)


def test_one_hand_out_download_is_one_audit_entry(client, counsellor_a, run):
    client.force_login(counsellor_a)
    url = reverse("chains:handout", args=[run.pk])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    printed = AuditEntry.objects.filter(action="chains.run.handout_printed", object_id=str(run.pk))
    assert printed.count() == 1
    client.get(url)  # the browser fetching the same download again at once
    assert printed.count() == 1


def test_only_the_office_that_runs_the_chain_changes_it(
    run, counsellor_b, reader_a, team_lead, outsider
):
    item = run.run_steps.first()
    for actor in (counsellor_b, reader_a, team_lead, outsider):
        with pytest.raises(PermissionDenied):
            run_services.chain_run_step_update(
                actor=actor, run_step=item, status="done", due_on=None, notes="x"
            )
    item.refresh_from_db()
    assert item.status == "open" and item.notes == ""


def test_a_person_chain_is_started_by_the_person_office_only(
    chain, tolerated_person, counsellor_b, reader_a, team_lead
):
    for actor in (counsellor_b, reader_a, team_lead):
        with pytest.raises(PermissionDenied):
            run_services.chain_run_start(actor=actor, template=chain, person=tolerated_person)
    assert not ChainRun.objects.exists()


def test_templates_are_configured_by_team_leads_only(chain, counsellor_a, reader_a):
    for actor in (counsellor_a, reader_a):
        with pytest.raises(PermissionDenied):
            template_services.chain_template_new_version(actor=actor, template=chain)
        with pytest.raises(PermissionDenied):
            district_services.district_partners_fill(actor=actor, template=chain, districts=[])
    assert chain.organisation.chain_templates.count() == 1


def test_the_district_matrix_is_saved_whole_or_not_at_all(
    client, team_lead, chain, organisation, office_b
):
    """The matrix lists the districts of the offices' state (office B: Saxony-Anhalt)."""
    magdeburg, halle = district("15003"), district("15002")
    office = PartnerFactory(organisation=organisation, partner_type="foreigners_office", name="ABH")
    ihk = PartnerFactory(organisation=organisation, partner_type="ihk", name="IHK")
    client.force_login(team_lead)
    url = reverse("chains:district_partners", args=[chain.pk])
    cells = {
        f"p-{magdeburg.pk}-foreigners_office": office.pk,
        f"p-{magdeburg.pk}-ihk": ihk.pk,
        f"p-{halle.pk}-ihk": "999999",  # unknown: the whole save is refused
    }
    client.post(url, cells)
    assert not DistrictPartner.objects.exists()
    assert not AuditEntry.objects.filter(object_type="chains.chaintemplate").exists()

    cells[f"p-{halle.pk}-ihk"] = ihk.pk
    assert client.post(url, cells).status_code == 302
    assert DistrictPartner.objects.filter(template=chain).count() == 3
    entries = AuditEntry.objects.filter(action="chains.district_partner.set")
    assert entries.count() == 1  # one save, one entry
    client.post(url, cells)  # nothing changed: no entry
    assert entries.count() == 1
