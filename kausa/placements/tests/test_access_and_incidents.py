"""The write chokepoint in proposals, weights and runs; no writes on GET; a failing run."""

from __future__ import annotations

import logging
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kausa.core.models import AuditEntry
from kausa.core.tests.factories import CompanyFactory, PersonFactory, VacancyFactory
from kausa.placements import services
from kausa.placements.models import MatchingRun, MatchingWeights, Proposal, ProposalStatus
from kausa.placements.tasks import matching_run_execute

pytestmark = pytest.mark.django_db

WEIGHTS = {
    "occupation_fit": "1",
    "commute": "1",
    "german_level": "0",
    "school_certificate": "0",
    "start_date": "0",
    "driving_licence": "0",
    "shared_language": "0",
    "cap_multiple": "3",
}


@pytest.fixture
def proposal(office_a, organisation, counsellor_a):
    person = PersonFactory(office=office_a)
    vacancy = VacancyFactory(company=CompanyFactory(organisation=organisation))
    return Proposal.objects.create(
        office=office_a, person=person, vacancy=vacancy, source="manual", created_by=counsellor_a
    )


def test_the_status_machine_lives_on_the_proposal(proposal):
    assert proposal.next_statuses() == (
        ProposalStatus.APPLICATION_SENT,
        ProposalStatus.DECLINED_BY_PERSON,
        ProposalStatus.DECLINED_BY_COMPANY,
    )
    proposal.status = ProposalStatus.CONTRACT_SIGNED
    assert proposal.next_statuses() == () and not proposal.is_open


def test_the_status_service_is_the_validator_and_checks_the_writer(
    proposal, counsellor_a, counsellor_b, team_lead, reader_a
):
    with pytest.raises(ValidationError):
        services.proposal_set_status(actor=counsellor_a, proposal=proposal, status="interview")
    for outsider in (counsellor_b, team_lead, reader_a):
        with pytest.raises(PermissionDenied):
            services.proposal_set_status(
                actor=outsider, proposal=proposal, status=ProposalStatus.APPLICATION_SENT
            )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED
    assert not AuditEntry.objects.filter(action="placements.proposal.status_changed").exists()


def test_a_matching_run_is_started_by_a_writer_of_the_office_only(office_a, counsellor_b, reader_a):
    for actor in (counsellor_b, reader_a):
        with pytest.raises(PermissionDenied):
            services.matching_run_start(actor=actor, office=office_a)
    assert not MatchingRun.objects.exists()


def test_opening_the_weights_page_writes_nothing(client, team_lead, office_a, office_b):
    client.force_login(team_lead)
    assert client.get(reverse("placements:weights")).status_code == 200
    url = reverse("placements:weights") + f"?office={office_b.pk}"
    response = client.get(url)
    assert response.status_code == 200 and response.context["office"] == office_b
    assert not MatchingWeights.objects.exists()
    assert not AuditEntry.objects.exists()


def test_the_weights_office_goes_through_the_chokepoint(
    client, counsellor_a, team_lead, office_a, outsider
):
    """Another organisation's office: 404; weights are not a counsellor's: 403; nothing saved."""
    foreign = outsider.office
    client.force_login(team_lead)
    url = reverse("placements:weights")
    assert client.get(f"{url}?office={foreign.pk}").status_code == 404
    assert client.post(f"{url}?office={foreign.pk}", WEIGHTS).status_code == 404
    assert client.get(f"{url}?office=x²").status_code == 404
    client.force_login(counsellor_a)
    assert client.get(f"{url}?office={office_a.pk}").status_code == 403
    assert client.post(f"{url}?office={office_a.pk}", WEIGHTS).status_code == 403
    assert not MatchingWeights.objects.exists()


def test_a_team_lead_saves_the_weights_of_a_chosen_office(client, team_lead, office_b):
    client.force_login(team_lead)
    url = reverse("placements:weights") + f"?office={office_b.pk}"
    assert client.post(url, WEIGHTS).status_code == 302
    weights = MatchingWeights.objects.get()
    assert (weights.office, weights.commute) == (office_b, 1.0)
    assert AuditEntry.objects.filter(action="placements.weights.updated").count() == 1


def test_weights_are_refused_by_the_service_to_all_but_the_organisation_leads(
    office_a, counsellor_a, outsider
):
    from kausa.core.tests.factories import UserFactory

    foreign_lead = UserFactory(office=None, organisation=outsider.organisation, role="team_lead")
    weights = MatchingWeights(office=office_a)
    for actor in (counsellor_a, outsider, foreign_lead):
        with pytest.raises(PermissionDenied):
            services.matching_weights_update(actor=actor, weights=weights, data={"commute": 1.0})
    assert not MatchingWeights.objects.exists()


def test_a_failing_run_logs_one_incident_line_without_data(caplog, office_a, counsellor_a):
    PersonFactory(
        office=office_a, first_name="Samira", latitude=52.13, longitude=11.63, postal_code="39104"
    )
    VacancyFactory(
        company=CompanyFactory(organisation=office_a.organisation),
        latitude=52.13,
        longitude=11.63,
    )
    run = MatchingRun.objects.create(office=office_a, started_by=counsellor_a)
    secret = "Samira Haddad, Aufenthalt: Duldung"
    with (
        mock.patch("kausa.placements.tasks.solve_stable", side_effect=ValueError(secret)) as solve,
        caplog.at_level(logging.INFO),
    ):
        assert matching_run_execute.call(run.pk) == 0
    assert solve.called
    run.refresh_from_db()
    assert run.state == MatchingRun.State.FAILED and run.finished_at is not None
    incidents = [r for r in caplog.records if r.name == "kausa.incident"]
    assert len(incidents) == 1
    line = incidents[0].getMessage()
    assert "ValueError" in line and "placements/tasks.py:" in line
    assert incidents[0].exc_info is None  # no traceback
    for record in caplog.records:
        text = record.getMessage() + str(record.exc_info or "")
        assert "Samira" not in text and "Duldung" not in text
