"""Proposals (a counsellor proposes a person for a place): list, read, create, status.

A proposal is always a person's decision: the score and its factors are computed by the
service, never taken from the request. Input goes through the proposal pages' forms.
"""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from kausa.api.auth import api_user, api_writer
from kausa.api.common import ERRORS, RecordId, errors_on, page
from kausa.api.pagination import DEFAULT_LIMIT, Page, cursor_page
from kausa.api.validation import check_form
from kausa.people.selectors import person_get_for_user
from kausa.placements import selectors, services
from kausa.placements.forms import ProposalCreateForm, ProposalStatusForm
from kausa.placements.models import DeclineReason, Proposal, ProposalStatus
from kausa.vacancies.selectors import open_places

router = Router()


class ProposalOut(Schema):
    id: int
    office_id: int
    person_id: int
    vacancy_id: int
    status: str
    next_statuses: list[str]
    decline_reason: str
    source: str
    score: float | None
    factors: list[dict[str, Any]]
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_next_statuses(proposal: Proposal) -> list[str]:
        return list(proposal.next_statuses())


class ProposalFilters(Schema):
    status: ProposalStatus | None = None
    person_id: RecordId | None = None
    vacancy_id: RecordId | None = None
    cursor: str | None = Field(default=None, max_length=40)
    limit: int = DEFAULT_LIMIT


class ProposalIn(Schema):
    person_id: RecordId
    vacancy_id: RecordId


class ProposalStatusIn(Schema):
    status: ProposalStatus
    decline_reason: DeclineReason | Literal[""] = ""


@router.get("/", response={200: Page[ProposalOut], **ERRORS}, url_name="proposal_list")
def proposal_list(request: HttpRequest, filters: Query[ProposalFilters]) -> dict[str, object]:
    proposals = selectors.proposal_list(
        api_user(request), selectors.ProposalFilters(status=filters.status or "")
    )
    if filters.person_id is not None:
        proposals = proposals.filter(person_id=filters.person_id)
    if filters.vacancy_id is not None:
        proposals = proposals.filter(vacancy_id=filters.vacancy_id)
    return page(*cursor_page(proposals, filters.cursor, filters.limit))


@router.get("/{proposal_id}", response={200: ProposalOut, **ERRORS}, url_name="proposal_detail")
def proposal_detail(request: HttpRequest, proposal_id: Path[RecordId]) -> Proposal:
    return selectors.proposal_get_for_user(api_user(request), proposal_id)


@router.post("/", response={201: ProposalOut, **ERRORS}, url_name="proposal_create")
def proposal_create(request: HttpRequest, payload: ProposalIn) -> Status[Proposal]:
    """Propose a person of the token owner's office for an open place of the organisation."""
    user = api_writer(request)
    person = person_get_for_user(user, payload.person_id, write=True)
    form = ProposalCreateForm(
        {"vacancy": payload.vacancy_id}, vacancies=open_places(person.office.organisation_id)
    )
    check_form(form, {"vacancy": "vacancy_id"})
    with errors_on("vacancy_id"):
        proposal = services.proposal_create(
            actor=user, person=person, vacancy=form.cleaned_data["vacancy"]
        )
    return Status(201, proposal)


@router.post(
    "/{proposal_id}/status", response={200: ProposalOut, **ERRORS}, url_name="proposal_status"
)
def proposal_status(
    request: HttpRequest, proposal_id: Path[RecordId], payload: ProposalStatusIn
) -> Proposal:
    """One step on, or a decline with `decline_reason` while the proposal is open."""
    user = api_writer(request)
    proposal = selectors.proposal_get_for_user(user, proposal_id, write=True)
    form = ProposalStatusForm(payload.dict(), proposal=proposal)
    check_form(form)
    with errors_on("status"):
        return services.proposal_set_status(actor=user, proposal=proposal, **form.cleaned_data)
