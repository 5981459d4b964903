"""Events and their registrations: list, read, register, cancel (the waiting list moves up),
check in on the day.

An event and its participants belong to the organising office: other offices answer 404,
team leads read every office and change none. Registrations name their person, parent or
company by id; e-mail addresses and phone numbers given at registration are never part of
the output. The rules (consent, capacity, waiting list, duplicates) are the services'.
"""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Path, Query, Router, Schema, Status
from pydantic import ConfigDict, Field, JsonValue

from kausa.api.auth import api_user, api_writer
from kausa.api.common import ERRORS, RecordId, page
from kausa.api.pagination import DEFAULT_LIMIT, Page, cursor_page
from kausa.api.validation import ShortText, Text, check_form, list_filters
from kausa.companies.selectors import companies_visible_to
from kausa.core.models import User
from kausa.events import selectors
from kausa.events.forms import EventFilterForm, RegistrationForm
from kausa.events.models import (
    EVENT_LANGUAGES,
    Event,
    EventStatus,
    ParticipantKind,
    Registration,
    RegistrationStatus,
)
from kausa.events.services import registrations as services
from kausa.events.services.registrations import Participant, waitlist_position
from kausa.people.models import Guardian
from kausa.people.selectors import people_visible_to

router = Router()
EventId = Path[RecordId]
RegistrationId = Path[RecordId]
# Documented for clients; the registration form checks the choice.
LANGUAGES: list[JsonValue] = list(EVENT_LANGUAGES)
# The form's field names as the API spells them.
RENAMED = {"person": "person_id", "guardian": "guardian_id", "company": "company_id"}


class FormatOut(Schema):
    id: int
    name: str
    kind: str


class EventOut(Schema):
    id: int
    office_id: int
    format: FormatOut
    title: str
    description: str
    translations: dict[str, Any]
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    time_zone: str
    duration_minutes: int
    venue_name: str
    street: str
    postal_code: str
    place: str
    district_key: str | None
    online_url: str
    audience: str
    languages: list[str]
    interpreters: str
    capacity_young_people: int | None
    capacity_parents: int | None
    capacity_companies: int | None
    registration_opens_at: datetime.datetime | None
    registration_closes_at: datetime.datetime | None
    status: str
    confirmed_count: int
    waitlisted_count: int

    @staticmethod
    def resolve_format(event: Event) -> dict[str, Any]:
        event_format = event.event_format
        return {"id": event_format.pk, "name": event_format.name, "kind": event_format.kind}

    @staticmethod
    def resolve_district_key(event: Event) -> str | None:
        return event.district_id

    @staticmethod
    def resolve_translations(event: Event) -> dict[str, Any]:
        return event.translations if isinstance(event.translations, dict) else {}

    @staticmethod
    def resolve_languages(event: Event) -> list[str]:
        languages = event.languages if isinstance(event.languages, list) else []
        return [str(language) for language in languages]

    @staticmethod
    def resolve_confirmed_count(event: Event) -> int:
        return _count(event, "confirmed_count", RegistrationStatus.CONFIRMED)

    @staticmethod
    def resolve_waitlisted_count(event: Event) -> int:
        return _count(event, "waitlisted_count", RegistrationStatus.WAITLISTED)


def _count(event: Event, annotation: str, status: str) -> int:
    """The list annotates the counts; a single event counts them here."""
    counted = getattr(event, annotation, None)
    if counted is not None:
        return int(counted)
    return event.registrations.filter(status=status).count()


class RegistrationOut(Schema):
    """No e-mail address or phone number: they stay on the staff pages."""

    id: int
    event_id: int
    kind: str
    person_id: int | None
    guardian_id: int | None
    company_id: int | None
    name: str | None = Field(description="only for a registration without a record")
    status: str
    source: str
    waitlist_position: int | None
    checked_in_at: datetime.datetime | None
    created_at: datetime.datetime

    @staticmethod
    def resolve_name(registration: Registration) -> str | None:
        has_record = any(
            (registration.person_id, registration.guardian_id, registration.company_id)
        )
        return None if has_record else registration.name

    @staticmethod
    def resolve_waitlist_position(registration: Registration) -> int | None:
        return waitlist_position(registration)


class CancelOut(Schema):
    registration: RegistrationOut
    moved_up: list[RegistrationOut] = Field(
        description="registrations confirmed from the waiting list by the cancellation"
    )


class EventFilters(Schema):
    q: Text = Field(default="", max_length=100, description="searches title and place")
    status: EventStatus | None = None
    period: Literal["upcoming", "past", "all"] = "all"
    format_id: RecordId | None = None
    cursor: ShortText | None = None
    limit: int = DEFAULT_LIMIT


class RegistrationFilters(Schema):
    status: RegistrationStatus | None = None
    cursor: ShortText | None = None
    limit: int = DEFAULT_LIMIT


class RegistrationIn(Schema):
    """One participant: a person, a parent or guardian of a person, or a company by id, or
    someone without a record by `name` (with `email`/`phone` for the confirmation)."""

    model_config = ConfigDict(extra="forbid")

    kind: ParticipantKind
    person_id: RecordId | None = None
    guardian_id: RecordId | None = None
    company_id: RecordId | None = None
    name: ShortText = ""
    email: ShortText = ""
    phone: ShortText = ""
    language: str = Field(default="de", max_length=3, json_schema_extra={"enum": LANGUAGES})
    consent: bool = Field(description="consent to the event's terms (the current text) was given")
    guardian_consent_name: ShortText = Field(
        default="", description="under 16: the parent or guardian who consented"
    )


class CheckInIn(Schema):
    present: bool


@router.get("/", response={200: Page[EventOut], **ERRORS}, url_name="event_list")
def event_list(request: HttpRequest, filters: Query[EventFilters]) -> dict[str, object]:
    """The events of the token owner's office (team leads: of every office), all periods by
    default."""
    form = EventFilterForm(filters.dict(include={"q", "status", "period"}, exclude_none=True))
    events = selectors.event_list(api_user(request), list_filters(selectors.EventFilters, form))
    if filters.format_id is not None:
        events = events.filter(event_format_id=filters.format_id)
    return page(*cursor_page(events, filters.cursor, filters.limit))


@router.get("/{event_id}", response={200: EventOut, **ERRORS}, url_name="event_detail")
def event_detail(request: HttpRequest, event_id: EventId) -> Event:
    return selectors.event_get_for_user(api_user(request), event_id)


@router.get(
    "/{event_id}/registrations",
    response={200: Page[RegistrationOut], **ERRORS},
    url_name="event_registration_list",
)
def registration_list(
    request: HttpRequest, event_id: EventId, filters: Query[RegistrationFilters]
) -> dict[str, object]:
    event = selectors.event_get_for_user(api_user(request), event_id)
    registrations = selectors.registrations_of(event).select_related("event")
    if filters.status is not None:
        registrations = registrations.filter(status=filters.status)
    return page(*cursor_page(registrations, filters.cursor, filters.limit))


@router.post(
    "/{event_id}/registrations",
    response={201: RegistrationOut, **ERRORS},
    url_name="event_registration_create",
)
def registration_create(
    request: HttpRequest, event_id: EventId, payload: RegistrationIn
) -> Status[Registration]:
    """Register one participant: confirmed while there is room for their audience, else on
    the waiting list (`waitlist_position`). Ids the token owner does not see are validation
    errors naming the field; the service's other refusals name `__all__` or their field."""
    user = api_writer(request)
    event = selectors.event_get_for_user(user, event_id, write=True)
    data = payload.dict()
    for name, api_name in RENAMED.items():
        data[name] = data.pop(api_name)
    form = RegistrationForm(data)
    check_form(form, RENAMED)
    registration = services.registration_create(
        actor=user,
        event=event,
        who=_participant(user, form.cleaned_data),
        consent=form.cleaned_data["consent"],
        guardian_consent_name=form.cleaned_data["guardian_consent_name"],
    )
    return Status(201, registration)


def _visible(records: QuerySet[Any], pk: int | None, field: str) -> Any:
    if pk is None:
        return None
    record: Model | None = records.filter(pk=pk).first()
    if record is None:
        raise ValidationError({field: _("There is no such record.")})
    return record


def _participant(user: User, data: dict[str, Any]) -> Participant:
    """The participant the request names; people and companies as the staff page finds them."""
    people = people_visible_to(user)
    return Participant(
        kind=data["kind"],
        person=_visible(people.select_related("office"), data["person"], "person_id"),
        guardian=_visible(
            Guardian.objects.filter(person__in=people).select_related("person__office"),
            data["guardian"],
            "guardian_id",
        ),
        company=_visible(companies_visible_to(user), data["company"], "company_id"),
        name=data["name"],
        email=data["email"],
        phone=data["phone"],
        language=data["language"] or "de",
    )


@router.post(
    "/registrations/{registration_id}/cancel",
    response={200: CancelOut, **ERRORS},
    url_name="event_registration_cancel",
)
def registration_cancel(request: HttpRequest, registration_id: RegistrationId) -> dict[str, Any]:
    """Cancel; the longest-waiting registrations of the same audience move up while there is
    room, and are returned in `moved_up`."""
    user = api_writer(request)
    registration = selectors.registration_get_for_user(user, registration_id, write=True)
    moved = services.registration_cancel(actor=user, registration=registration)
    registration.refresh_from_db()
    return {"registration": registration, "moved_up": moved}


@router.post(
    "/registrations/{registration_id}/check-in",
    response={200: RegistrationOut, **ERRORS},
    url_name="event_registration_check_in",
)
def registration_check_in(
    request: HttpRequest, registration_id: RegistrationId, payload: CheckInIn
) -> Registration:
    """Mark a confirmed participant present (`present: false` undoes it); repeating it
    changes nothing."""
    user = api_writer(request)
    registration = selectors.registration_get_for_user(user, registration_id, write=True)
    services.registration_check_in(actor=user, registration=registration, present=payload.present)
    registration.refresh_from_db()
    return registration
