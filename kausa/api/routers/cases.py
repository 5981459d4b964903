"""Counselling cases: list, read, open for a person, change the stage, close, reopen.

Input goes through the case page's forms (the same rules and German messages). Session notes,
consents and anything encrypted are never part of the API; a case names its person or company
by id only.
"""

from __future__ import annotations

import datetime
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field, JsonValue

from kausa.api.auth import api_user, api_writer
from kausa.api.common import ERRORS, RecordId, errors_on, page
from kausa.api.pagination import DEFAULT_LIMIT, Page, cursor_page
from kausa.api.validation import check_form
from kausa.counselling import selectors
from kausa.counselling.forms import CaseOpenForm, CloseForm, StageForm
from kausa.counselling.models import Case, CompanyStage, EndReason, PersonStage
from kausa.counselling.services import cases as services
from kausa.people.selectors import person_get_for_user

router = Router()

# Documented for clients; the form offers the stages of the case's kind (person or company).
STAGES: list[JsonValue] = list(dict.fromkeys([*PersonStage.values, *CompanyStage.values]))


class CaseOut(Schema):
    id: int
    office_id: int
    person_id: int | None
    company_id: int | None
    counsellor_id: int
    stage: str
    opened_on: datetime.date
    closed_at: datetime.datetime | None
    end_reason: str
    closed: bool

    @staticmethod
    def resolve_closed(case: Case) -> bool:
        return case.closed_at is not None


class CaseFilters(Schema):
    show: Literal["open", "closed", "mine"] = "open"
    person_id: RecordId | None = None
    company_id: RecordId | None = None
    cursor: str | None = Field(default=None, max_length=40)
    limit: int = DEFAULT_LIMIT


class CaseOpenIn(Schema):
    person_id: RecordId
    opened_on: datetime.date | None = None


class StageIn(Schema):
    stage: str = Field(max_length=30, json_schema_extra={"enum": STAGES})
    end_reason: EndReason | Literal[""] = ""


class CloseIn(Schema):
    end_reason: EndReason


CaseId = Path[RecordId]


@router.get("/", response={200: Page[CaseOut], **ERRORS}, url_name="case_list")
def case_list(request: HttpRequest, filters: Query[CaseFilters]) -> dict[str, object]:
    """The cases of the token owner's office (team leads: of every office), open by default."""
    cases = selectors.case_list(api_user(request), {"show": filters.show})
    if filters.person_id is not None:
        cases = cases.filter(person_id=filters.person_id)
    if filters.company_id is not None:
        cases = cases.filter(company_id=filters.company_id)
    return page(*cursor_page(cases, filters.cursor, filters.limit))


@router.get("/{case_id}", response={200: CaseOut, **ERRORS}, url_name="case_detail")
def case_detail(request: HttpRequest, case_id: CaseId) -> Case:
    return selectors.case_get_for_user(api_user(request), case_id)


@router.post("/", response={201: CaseOut, **ERRORS}, url_name="case_open")
def case_open(request: HttpRequest, payload: CaseOpenIn) -> Status[Case]:
    """Open a case for a person of the token owner's office."""
    user = api_writer(request)
    person = person_get_for_user(user, payload.person_id, write=True)
    form = CaseOpenForm({"opened_on": payload.opened_on or timezone.localdate()})
    check_form(form)
    with errors_on("person_id"):
        case = services.case_open_for_person(
            actor=user, person=person, opened_on=form.cleaned_data["opened_on"]
        )
    return Status(201, case)


@router.post("/{case_id}/stage", response={200: CaseOut, **ERRORS}, url_name="case_stage")
def case_stage(request: HttpRequest, case_id: CaseId, payload: StageIn) -> Case:
    """Move the case to another stage; "ended" needs `end_reason` and closes the case."""
    user = api_writer(request)
    case = selectors.case_get_for_user(user, case_id, write=True)
    form = StageForm(payload.dict(), case=case)
    check_form(form)
    with errors_on("stage"):
        return services.case_set_stage(actor=user, case=case, **form.cleaned_data)


@router.post("/{case_id}/close", response={200: CaseOut, **ERRORS}, url_name="case_close")
def case_close(request: HttpRequest, case_id: CaseId, payload: CloseIn) -> Case:
    user = api_writer(request)
    case = selectors.case_get_for_user(user, case_id, write=True)
    form = CloseForm(payload.dict())
    check_form(form)
    with errors_on("case_id"):
        return services.case_close(actor=user, case=case, **form.cleaned_data)


@router.post("/{case_id}/reopen", response={200: CaseOut, **ERRORS}, url_name="case_reopen")
def case_reopen(request: HttpRequest, case_id: CaseId) -> Case:
    user = api_writer(request)
    case = selectors.case_get_for_user(user, case_id, write=True)
    with errors_on("case_id"):
        return services.case_reopen(actor=user, case=case)
