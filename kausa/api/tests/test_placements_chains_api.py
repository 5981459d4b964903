"""Proposals and process-chain runs through the API: services, audit entries, scoping."""

from __future__ import annotations

import datetime

import pytest

from kausa.api.models import TokenScope
from kausa.api.tests.test_api_basics import make_token
from kausa.api.tests.test_counselling_api import audit_actions, field_names, post
from kausa.chains.models import ChainRun, ChainRunStep
from kausa.chains.services.runs import chain_run_start
from kausa.core.tests.factories import (
    CompanyFactory,
    PersonFactory,
    VacancyFactory,
    published_person_chain,
)
from kausa.placements.models import Proposal

pytestmark = pytest.mark.django_db


def write_token(user):
    return make_token(user, scope=TokenScope.WRITE)


@pytest.fixture
def person(counsellor_a):
    return PersonFactory(office=counsellor_a.office)


@pytest.fixture
def vacancy(organisation):
    return VacancyFactory(company=CompanyFactory(organisation=organisation))


def test_a_proposal_is_created_read_and_declined_with_a_reason(
    client, counsellor_a, person, vacancy
):
    headers = write_token(counsellor_a)
    body = {"person_id": person.pk, "vacancy_id": vacancy.pk}
    created = post(client, "/api/v1/proposals/", body, headers)
    assert created.status_code == 201, created.content
    proposal = Proposal.objects.get(pk=created.json()["id"])
    assert proposal.created_by == counsellor_a and created.json()["status"] == "proposed"
    # The same pair twice is refused.
    assert field_names(post(client, "/api/v1/proposals/", body, headers)) == {"vacancy_id"}
    path = f"/api/v1/proposals/{proposal.pk}/status"
    declined = {"status": "declined_by_person"}
    assert field_names(post(client, path, declined, headers)) == {"decline_reason"}
    assert field_names(post(client, path, {"status": "contract_signed"}, headers)) == {"status"}
    moved = post(client, path, {**declined, "decline_reason": "commute"}, headers).json()
    assert moved["status"] == "declined_by_person" and moved["next_statuses"] == []
    assert audit_actions(proposal)[-1] == "placements.proposal.status_changed"
    assert len(audit_actions(proposal)) == 2
    detail = client.get(f"/api/v1/proposals/{proposal.pk}", **headers).json()
    assert detail["decline_reason"] == "commute"
    listed = client.get("/api/v1/proposals/", {"status": "proposed"}, **headers).json()
    assert listed["items"] == []
    by_person = client.get("/api/v1/proposals/", {"person_id": person.pk}, **headers).json()
    assert [item["id"] for item in by_person["items"]] == [proposal.pk]


def test_proposals_are_scoped_and_writes_refused_where_the_ui_refuses_them(
    client, counsellor_a, reader_a, counsellor_b, team_lead, outsider, person, vacancy
):
    body = {"person_id": person.pk, "vacancy_id": vacancy.pk}
    assert post(client, "/api/v1/proposals/", body, write_token(counsellor_b)).status_code == 404
    assert post(client, "/api/v1/proposals/", body, write_token(outsider)).status_code == 404
    assert post(client, "/api/v1/proposals/", body, write_token(reader_a)).status_code == 403
    assert post(client, "/api/v1/proposals/", body, write_token(team_lead)).status_code == 403
    assert post(client, "/api/v1/proposals/", body, make_token(counsellor_a)).status_code == 403
    assert not Proposal.objects.exists()
    foreign_place = VacancyFactory(company=CompanyFactory(organisation=outsider.organisation))
    foreign = {"person_id": person.pk, "vacancy_id": foreign_place.pk}
    refused = post(client, "/api/v1/proposals/", foreign, write_token(counsellor_a))
    assert field_names(refused) == {"vacancy_id"}
    created = post(client, "/api/v1/proposals/", body, write_token(counsellor_a)).json()
    other = client.get(f"/api/v1/proposals/{created['id']}", **make_token(counsellor_b))
    assert other.status_code == 404
    assert client.get("/api/v1/proposals/", **make_token(counsellor_b)).json()["items"] == []
    lead = client.get(f"/api/v1/proposals/{created['id']}", **make_token(team_lead))
    assert lead.status_code == 200


@pytest.fixture
def chain(organisation):
    return published_person_chain(organisation, key="api-chain")


def test_a_chain_is_started_read_with_its_steps_and_a_step_updated(
    client, counsellor_a, person, chain
):
    headers = write_token(counsellor_a)
    body = {"template_id": chain.pk, "person_id": person.pk, "language": "ar"}
    created = post(client, "/api/v1/chain-runs/", body, headers)
    assert created.status_code == 201, created.content
    run = ChainRun.objects.get(pk=created.json()["id"])
    assert run.office == counsellor_a.office and run.language == "ar"
    steps = created.json()["steps"]
    assert len(steps) == chain.steps.count() and not {"notes"} & set(steps[0])
    assert "context" not in created.json()
    item = ChainRunStep.objects.get(pk=steps[0]["id"])
    item.notes = "vertraulich"
    item.save()
    due = item.due_on
    path = f"/api/v1/chain-runs/{run.pk}/steps/{item.pk}"
    updated = post(client, path, {"status": "done"}, headers).json()
    assert updated["status"] == "done" and updated["completed_at"] is not None
    item.refresh_from_db()
    assert item.notes == "vertraulich" and item.due_on == due  # kept
    later = post(client, path, {"status": "in_progress", "due_on": "2030-01-31"}, headers).json()
    assert later["due_on"] == "2030-01-31" and later["completed_at"] is None
    assert audit_actions(run) == ["chains.run.started"]
    assert audit_actions(item) == ["chains.run_step.updated", "chains.run_step.updated"]
    detail = client.get(f"/api/v1/chain-runs/{run.pk}", **headers)
    assert detail.json()["steps"][0]["status"] == "in_progress"
    assert b"vertraulich" not in detail.content
    listed = client.get("/api/v1/chain-runs/", {"person_id": person.pk}, **headers).json()
    assert [entry["id"] for entry in listed["items"]] == [run.pk]


def test_chain_runs_are_scoped_and_their_references_checked(
    client, counsellor_a, reader_a, counsellor_b, team_lead, person, chain, outsider
):
    run = chain_run_start(
        actor=counsellor_a, template=chain, person=person, started_on=datetime.date(2026, 1, 5)
    )
    item = run.run_steps.order_by("pk").first()
    path = f"/api/v1/chain-runs/{run.pk}/steps/{item.pk}"
    assert post(client, path, {"status": "done"}, write_token(counsellor_b)).status_code == 404
    assert post(client, path, {"status": "done"}, write_token(reader_a)).status_code == 403
    assert post(client, path, {"status": "done"}, write_token(team_lead)).status_code == 403
    other_run = chain_run_start(actor=counsellor_a, template=chain, person=person)
    mismatch = f"/api/v1/chain-runs/{other_run.pk}/steps/{item.pk}"
    assert post(client, mismatch, {"status": "done"}, write_token(counsellor_a)).status_code == 404
    assert client.get(f"/api/v1/chain-runs/{run.pk}", **make_token(counsellor_b)).status_code == (
        404
    )
    assert client.get(f"/api/v1/chain-runs/{run.pk}", **make_token(team_lead)).status_code == 200
    foreign_chain = published_person_chain(outsider.organisation, key="fremd")
    headers = write_token(counsellor_a)
    body = {"template_id": foreign_chain.pk, "person_id": person.pk}
    assert field_names(post(client, "/api/v1/chain-runs/", body, headers)) == {"template_id"}
    body = {"template_id": chain.pk, "person_id": person.pk, "case_id": 987654}
    assert field_names(post(client, "/api/v1/chain-runs/", body, headers)) == {"case_id"}
    other_person = PersonFactory(office=counsellor_b.office)
    body = {"template_id": chain.pk, "person_id": other_person.pk}
    assert post(client, "/api/v1/chain-runs/", body, headers).status_code == 404
    assert ChainRun.objects.count() == 2
