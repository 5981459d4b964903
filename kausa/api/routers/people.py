"""People: registered young people. Residence status and background are never in the API.

Input is checked by the staff pages' forms (`PersonForm`, the language rows), so the same
rules and German messages apply; people are created in the token owner's office.
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
from kausa.api.validation import (
    ShortText,
    Text,
    check_all,
    check_form,
    check_formset,
    formset_data,
    list_filters,
    patched,
)
from kausa.core.access import require_write_for_office
from kausa.core.archiving import ArchiveActions, record_set_archived
from kausa.people import audit_actions, selectors, services
from kausa.people.forms import (
    DESIRED_OCCUPATION_SLOTS,
    PersonFilterForm,
    PersonForm,
    language_formset,
)
from kausa.people.models import Person
from kausa.people.services import PERSON_FIELDS

router = Router()
PersonId = Path[RecordId]
ARCHIVE_ACTIONS = ArchiveActions(audit_actions.ARCHIVED, audit_actions.RESTORED)


class LanguageSkillOut(Schema):
    language: str
    level: int


class PersonOut(Schema):
    id: int
    office_id: int
    first_name: str
    last_name: str
    birth_date: datetime.date | None
    email: str
    phone: str
    lives_abroad: bool
    country_of_residence: str
    postal_code: str
    place: str
    district_key: str | None
    german_level: int
    school_certificate: int
    school_certificate_country: str
    recognition_status: str
    max_commute_km: int
    has_driving_licence: bool
    available_from: datetime.date | None
    languages: list[LanguageSkillOut]
    desired_occupation_ids: list[int]
    archived: bool

    @staticmethod
    def resolve_district_key(person: Person) -> str | None:
        return person.district_id

    @staticmethod
    def resolve_languages(person: Person) -> list[dict[str, Any]]:
        return [{"language": item.language, "level": item.level} for item in person.languages.all()]

    @staticmethod
    def resolve_desired_occupation_ids(person: Person) -> list[int]:
        items = sorted(person.desired_occupations.all(), key=lambda item: item.rank)
        return [item.occupation_id for item in items]

    @staticmethod
    def resolve_archived(person: Person) -> bool:
        return person.archived_at is not None


class LanguageSkillIn(Schema):
    language: ShortText
    level: int = Field(ge=0, le=100)


class PersonPatch(Schema):
    """Fields left out stay as they are."""

    model_config = ConfigDict(extra="forbid")

    first_name: ShortText | None = None
    last_name: ShortText | None = None
    birth_date: datetime.date | None = None
    email: ShortText | None = None
    phone: ShortText | None = None
    lives_abroad: bool | None = None
    country_of_residence: ShortText | None = None
    postal_code: ShortText | None = None
    place: ShortText | None = None
    german_level: int | None = Field(default=None, ge=0, le=100)
    school_certificate: int | None = Field(default=None, ge=0, le=100)
    school_certificate_country: ShortText | None = None
    recognition_status: ShortText | None = None
    max_commute_km: int | None = Field(default=None, ge=0, le=10000)
    has_driving_licence: bool | None = None
    available_from: datetime.date | None = None
    languages: list[LanguageSkillIn] | None = Field(default=None, max_length=20)
    desired_occupation_ids: list[RecordId] | None = Field(
        default=None, max_length=DESIRED_OCCUPATION_SLOTS
    )


class PersonCreate(PersonPatch):
    first_name: ShortText
    last_name: ShortText


class PersonListFilters(Schema):
    q: Text = Field(default="", max_length=100)
    include_archived: bool = False
    office: RecordId | None = None
    district: ShortText | None = Field(default=None, description="district key (AGS)")
    occupation: RecordId | None = Field(default=None, description="a desired occupation's id")
    german_level_min: int | None = Field(default=None, ge=0, le=100)
    school_certificate_min: int | None = Field(default=None, ge=0, le=100)
    cursor: ShortText | None = None
    limit: int = DEFAULT_LIMIT


def _stored(person: Person) -> dict[str, Any]:
    return {name: getattr(person, name) for name in PERSON_FIELDS}


def _validated(
    request_data: dict[str, Any], current: dict[str, Any]
) -> tuple[dict[str, Any], list[services.LanguageSkill] | None, list[Any] | None]:
    """The person's fields, language skills and desired occupations (None: not sent)."""
    occupation_ids = request_data.pop("desired_occupation_ids", None)
    languages = request_data.pop("languages", None)
    data = patched(current, request_data)
    if occupation_ids is not None:
        data.update({f"occupation_{rank}": pk for rank, pk in enumerate(occupation_ids, 1)})
    form = PersonForm(data)
    rename = {
        f"occupation_{slot}": "desired_occupation_ids"
        for slot in range(1, DESIRED_OCCUPATION_SLOTS + 1)
    }
    rows = language_formset(formset_data("languages", languages or []))
    check_all(
        lambda: check_form(form, rename),
        lambda: check_formset(rows, "languages") if languages is not None else None,
    )
    skills = rows.skills() if languages is not None else None
    occupations = form.desired_occupations() if occupation_ids is not None else None
    return form.person_data(), skills, occupations


@router.get("/", response={200: Page[PersonOut], **ERRORS}, url_name="person_list")
def person_list(request: HttpRequest, filters: Query[PersonListFilters]) -> dict[str, object]:
    user = api_user(request)
    values = filters.dict(exclude={"cursor", "limit"}, exclude_none=True)
    form = PersonFilterForm(values, organisation_id=user.organisation_pk)
    people = selectors.person_list(user, list_filters(selectors.PersonFilters, form))
    people = people.prefetch_related("languages", "desired_occupations")
    items, next_cursor = cursor_page(people, filters.cursor, filters.limit)
    return {"items": items, "next_cursor": next_cursor}


@router.post("/", response={201: PersonOut, **ERRORS}, url_name="person_create")
def person_create(request: HttpRequest, payload: PersonCreate) -> Status[Person]:
    user = api_writer(request)
    # Refused before the input is checked; team leads read every office and register no one.
    require_write_for_office(user, user.office_id)
    assert user.office is not None
    data, skills, occupations = _validated(payload.dict(exclude_unset=True), _stored(Person()))
    person = services.person_create(
        actor=user,
        office=user.office,
        data=data,
        languages=skills or (),
        desired_occupations=occupations or (),
    )
    return Status(201, person)


@router.get("/{person_id}", response={200: PersonOut, **ERRORS}, url_name="person_detail")
def person_detail(request: HttpRequest, person_id: PersonId) -> Person:
    return selectors.person_get_for_user(api_user(request), person_id)


@router.patch(
    "/{person_id}",
    response={200: PersonOut, **ERRORS},
    url_name="person_update",
)
def person_update(request: HttpRequest, person_id: PersonId, payload: PersonPatch) -> Person:
    user = api_writer(request)
    person = selectors.person_get_for_user(user, person_id, write=True)
    data, skills, occupations = _validated(payload.dict(exclude_unset=True), _stored(person))
    return services.person_update(
        actor=user, person=person, data=data, languages=skills, desired_occupations=occupations
    )


@router.post(
    "/{person_id}/archive",
    response={200: PersonOut, **ERRORS},
    url_name="person_archive",
)
def person_archive(request: HttpRequest, person_id: PersonId) -> Person:
    return _set_archived(request, person_id, archived=True)


@router.post(
    "/{person_id}/restore",
    response={200: PersonOut, **ERRORS},
    url_name="person_restore",
)
def person_restore(request: HttpRequest, person_id: PersonId) -> Person:
    return _set_archived(request, person_id, archived=False)


def _set_archived(request: HttpRequest, person_id: PersonId, *, archived: bool) -> Person:
    user = api_writer(request)
    person = selectors.person_get_for_user(user, person_id, write=True)
    record_set_archived(
        actor=user, record=person, archived=archived, actions=ARCHIVE_ACTIONS, office=person.office
    )
    return person
