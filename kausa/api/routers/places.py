"""Apprenticeship places (`Vacancy`), shared by the offices of an organisation.

Input is checked by the staff pages' form (`VacancyForm`), so the same rules and German
messages apply (seats, a start date not in the past, a known postal code). A place stays with
its company: `company_id` is given once, on creation.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from kausa.api.auth import api_user, api_writer
from kausa.api.common import ERRORS, RecordId
from kausa.api.pagination import DEFAULT_LIMIT, Page, cursor_page
from kausa.api.validation import ShortText, Text, check_form, list_filters, patched
from kausa.core.access import WriteDenied
from kausa.core.archiving import ArchiveActions, record_set_archived
from kausa.vacancies import audit_actions, selectors, services
from kausa.vacancies.forms import VacancyFilterForm, VacancyForm
from kausa.vacancies.models import Vacancy
from kausa.vacancies.services import VACANCY_FIELDS

router = Router()
PlaceId = Path[RecordId]
ARCHIVE_ACTIONS = ArchiveActions(audit_actions.ARCHIVED, audit_actions.RESTORED)
# The form's field names as the API spells them.
RENAMED = {"company": "company_id", "occupation": "occupation_id"}
FROM_API = {api_name: name for name, api_name in RENAMED.items()}


class PlaceOut(Schema):
    id: int
    company_id: int
    occupation_id: int
    seats: int
    start_date: datetime.date
    postal_code: str
    place: str
    district_key: str
    required_school_certificate: int
    required_german_level: int
    requires_driving_licence: bool
    description: str
    status: str
    source: str
    ba_refnr: str
    ba_link: str
    archived: bool

    @staticmethod
    def resolve_district_key(vacancy: Vacancy) -> str:
        return vacancy.district_id

    @staticmethod
    def resolve_archived(vacancy: Vacancy) -> bool:
        return vacancy.archived_at is not None


class PlacePatch(Schema):
    """Fields left out stay as they are."""

    model_config = ConfigDict(extra="forbid")

    occupation_id: RecordId | None = None
    seats: int | None = Field(default=None, ge=-1000, le=1000)
    start_date: datetime.date | None = None
    postal_code: ShortText | None = None
    place: ShortText | None = None
    required_school_certificate: int | None = Field(default=None, ge=0, le=100)
    required_german_level: int | None = Field(default=None, ge=0, le=100)
    requires_driving_licence: bool | None = None
    description: Text | None = Field(default=None, max_length=10000)
    status: ShortText | None = None


class PlaceCreate(PlacePatch):
    company_id: RecordId
    occupation_id: RecordId
    seats: int = Field(ge=-1000, le=1000)
    start_date: datetime.date


class PlaceListFilters(Schema):
    q: Text = Field(default="", max_length=100, description="searches the company's name")
    include_archived: bool = False
    status: ShortText | None = None
    occupation: RecordId | None = None
    district: ShortText | None = Field(default=None, description="district key (AGS)")
    start_from: datetime.date | None = None
    start_until: datetime.date | None = None
    cursor: ShortText | None = None
    limit: int = DEFAULT_LIMIT


def _form_data(vacancy: Vacancy | None, request_data: dict[str, Any]) -> dict[str, Any]:
    """The form's data: the stored place (or a new one's defaults) with the sent fields."""
    if vacancy is not None:
        current = VacancyForm.initial_for(vacancy)
    else:
        defaults = Vacancy()
        current = {name: getattr(defaults, name) for name in VACANCY_FIELDS if name != "occupation"}
    changes = {FROM_API.get(name, name): value for name, value in request_data.items()}
    return patched(current, changes)


@router.get("/", response={200: Page[PlaceOut], **ERRORS}, url_name="place_list")
def place_list(request: HttpRequest, filters: Query[PlaceListFilters]) -> dict[str, object]:
    user = api_user(request)
    form = VacancyFilterForm(filters.dict(exclude={"cursor", "limit"}, exclude_none=True))
    places = selectors.vacancy_list(user, list_filters(selectors.VacancyFilters, form))
    items, next_cursor = cursor_page(places, filters.cursor, filters.limit)
    return {"items": items, "next_cursor": next_cursor}


@router.post("/", response={201: PlaceOut, **ERRORS}, url_name="place_create")
def place_create(request: HttpRequest, payload: PlaceCreate) -> Status[Vacancy]:
    user = api_writer(request)
    if not user.can_write:
        raise WriteDenied  # before the input is checked; the service checks the company
    form = VacancyForm(
        _form_data(None, payload.dict(exclude_unset=True)),
        organisation_id=user.organisation_pk,
    )
    check_form(form, RENAMED)
    vacancy = services.vacancy_create(
        actor=user, company=form.cleaned_data["company"], data=form.vacancy_data()
    )
    return Status(201, vacancy)


@router.get("/{place_id}", response={200: PlaceOut, **ERRORS}, url_name="place_detail")
def place_detail(request: HttpRequest, place_id: PlaceId) -> Vacancy:
    return selectors.vacancy_get_for_user(api_user(request), place_id)


@router.patch("/{place_id}", response={200: PlaceOut, **ERRORS}, url_name="place_update")
def place_update(request: HttpRequest, place_id: PlaceId, payload: PlacePatch) -> Vacancy:
    user = api_writer(request)
    vacancy = selectors.vacancy_get_for_user(user, place_id, write=True)
    form = VacancyForm(
        _form_data(vacancy, payload.dict(exclude_unset=True)),
        initial=VacancyForm.initial_for(vacancy),
        organisation_id=user.organisation_pk,
        vacancy=vacancy,
    )
    check_form(form, RENAMED)
    return services.vacancy_update(actor=user, vacancy=vacancy, data=form.vacancy_data())


@router.post("/{place_id}/archive", response={200: PlaceOut, **ERRORS}, url_name="place_archive")
def place_archive(request: HttpRequest, place_id: PlaceId) -> Vacancy:
    return _set_archived(request, place_id, archived=True)


@router.post("/{place_id}/restore", response={200: PlaceOut, **ERRORS}, url_name="place_restore")
def place_restore(request: HttpRequest, place_id: PlaceId) -> Vacancy:
    return _set_archived(request, place_id, archived=False)


def _set_archived(request: HttpRequest, place_id: int, *, archived: bool) -> Vacancy:
    user = api_writer(request)
    vacancy = selectors.vacancy_get_for_user(user, place_id, write=True)
    record_set_archived(actor=user, record=vacancy, archived=archived, actions=ARCHIVE_ACTIONS)
    return vacancy
