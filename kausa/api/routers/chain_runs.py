"""Process-chain runs: list, read with their steps, start for a person, update a step.

Input goes through the run pages' forms. Step notes are encrypted at rest and stay out of the
API (an update keeps them); so does the run's context, which holds the residence status its
conditions were evaluated against.
"""

from __future__ import annotations

import datetime
from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from kausa.api.auth import api_user, api_writer
from kausa.api.common import ERRORS, RecordId, errors_on, page
from kausa.api.pagination import DEFAULT_LIMIT, Page, cursor_page
from kausa.api.validation import check_form
from kausa.chains import selectors
from kausa.chains.forms import RunStartForm, RunStepForm
from kausa.chains.models import HANDOUT_LANGUAGES, Audience, ChainRun, ChainRunStep, StepStatus
from kausa.chains.services import runs as services
from kausa.counselling.selectors import cases_visible_to
from kausa.people.selectors import person_get_for_user

router = Router()

# The hand-out's second language, one of HANDOUT_LANGUAGES.
Language = Annotated[
    str, Field(pattern="^(" + "|".join(code for code, _label in HANDOUT_LANGUAGES) + ")$")
]


class ChainRunOut(Schema):
    id: int
    template_id: int
    template_key: str
    template_version: int
    title: str
    office_id: int
    person_id: int | None
    company_id: int | None
    case_id: int | None
    district_key: str | None
    language: str
    counsellor_id: int
    started_on: datetime.date

    @staticmethod
    def resolve_template_key(run: ChainRun) -> str:
        return run.template.key

    @staticmethod
    def resolve_template_version(run: ChainRun) -> int:
        return run.template.version

    @staticmethod
    def resolve_title(run: ChainRun) -> str:
        return run.template.title()

    @staticmethod
    def resolve_district_key(run: ChainRun) -> str | None:
        return run.district_id


class RunStepOut(Schema):
    id: int
    position: int
    key: str
    title: str
    responsible: str
    status: str
    due_on: datetime.date | None
    partner_id: int | None
    completed_at: datetime.datetime | None

    @staticmethod
    def resolve_position(item: ChainRunStep) -> int:
        return item.step.position

    @staticmethod
    def resolve_key(item: ChainRunStep) -> str:
        return item.step.key

    @staticmethod
    def resolve_title(item: ChainRunStep) -> str:
        return item.step.title()

    @staticmethod
    def resolve_responsible(item: ChainRunStep) -> str:
        return item.step.responsible


class ChainRunDetailOut(ChainRunOut):
    steps: list[RunStepOut]

    @staticmethod
    def resolve_steps(run: ChainRun) -> list[ChainRunStep]:
        return list(run.run_steps.select_related("step"))


class ChainRunFilters(Schema):
    person_id: RecordId | None = None
    company_id: RecordId | None = None
    cursor: str | None = Field(default=None, max_length=40)
    limit: int = DEFAULT_LIMIT


class ChainRunStartIn(Schema):
    template_id: RecordId
    person_id: RecordId
    case_id: RecordId | None = None
    language: Language = "de"
    started_on: datetime.date | None = None


class RunStepIn(Schema):
    status: StepStatus
    # Left out: the due date stays; null: no due date.
    due_on: datetime.date | None = None


RunId = Path[RecordId]


@router.get("/", response={200: Page[ChainRunOut], **ERRORS}, url_name="chain_run_list")
def chain_run_list(request: HttpRequest, filters: Query[ChainRunFilters]) -> dict[str, object]:
    runs = selectors.chain_run_list(api_user(request)).select_related("template")
    if filters.person_id is not None:
        runs = runs.filter(person_id=filters.person_id)
    if filters.company_id is not None:
        runs = runs.filter(company_id=filters.company_id)
    return page(*cursor_page(runs, filters.cursor, filters.limit))


@router.get("/{run_id}", response={200: ChainRunDetailOut, **ERRORS}, url_name="chain_run_detail")
def chain_run_detail(request: HttpRequest, run_id: RunId) -> ChainRun:
    return selectors.chain_run_get_for_user(api_user(request), run_id)


@router.post("/", response={201: ChainRunDetailOut, **ERRORS}, url_name="chain_run_start")
def chain_run_start(request: HttpRequest, payload: ChainRunStartIn) -> Status[ChainRun]:
    """Start a published person chain of the organisation for a person of the token owner's
    office, optionally linked to one of the person's open cases."""
    user = api_writer(request)
    person = person_get_for_user(user, payload.person_id, write=True)
    form = RunStartForm(
        {"template": payload.template_id, "case": payload.case_id, "language": payload.language},
        organisation_id=user.organisation_pk,
        audience=Audience.PERSON,
        cases=cases_visible_to(user).filter(person=person, closed_at__isnull=True),
    )
    check_form(form, {"template": "template_id", "case": "case_id"})
    with errors_on("template_id"):
        run = services.chain_run_start(
            actor=user,
            person=person,
            started_on=payload.started_on,
            **form.cleaned_data,
        )
    return Status(201, run)


@router.post(
    "/{run_id}/steps/{step_id}",
    response={200: RunStepOut, **ERRORS},
    url_name="chain_run_step_update",
)
def chain_run_step_update(
    request: HttpRequest, run_id: RunId, step_id: Path[RecordId], payload: RunStepIn
) -> ChainRunStep:
    """Record progress on one step: its status and, if given, its due date."""
    user = api_writer(request)
    item = selectors.chain_run_step_get_for_user(user, step_id, write=True)
    if item.run_id != run_id:
        raise Http404
    due_on = payload.due_on if "due_on" in payload.model_fields_set else item.due_on
    form = RunStepForm({"status": payload.status, "due_on": due_on, "notes": item.notes})
    check_form(form)
    with errors_on("status"):
        return services.chain_run_step_update(actor=user, run_step=item, **form.cleaned_data)
