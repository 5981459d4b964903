"""What the portal shows of events: the portal organisation's published events that have not
started yet, with their free places per audience. Nothing else (drafts, cancelled, past events,
other organisations' events) is found here, so the views answer 404 for it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kausa.events.ics import event_zone
from kausa.events.models import (
    Audience,
    Event,
    EventKind,
    EventStatus,
    ParticipantKind,
    RegistrationStatus,
)
from kausa.portal.tenancy import portal_organisation

# Who may register for an audience (a parent's or guardian's consent for under-16s is part of
# the young person's registration, not a registration of its own).
KINDS_OF_AUDIENCE: dict[str, tuple[str, ...]] = {
    Audience.YOUNG_PEOPLE: (ParticipantKind.YOUNG_PERSON,),
    Audience.PARENTS: (ParticipantKind.PARENT,),
    Audience.COMPANIES: (ParticipantKind.COMPANY,),
    Audience.MIXED: (
        ParticipantKind.YOUNG_PERSON,
        ParticipantKind.PARENT,
        ParticipantKind.COMPANY,
    ),
}
PLACES_LABELS: dict[str, Any] = {
    ParticipantKind.YOUNG_PERSON: _("Places for young people"),
    ParticipantKind.PARENT: _("Places for parents"),
    ParticipantKind.COMPANY: _("Places for companies"),
}


def public_events(now: datetime.datetime | None = None) -> QuerySet[Event]:
    """Published events of the portal organisation that have not started, soonest first."""
    organisation = portal_organisation()
    if organisation is None:
        return Event.objects.none()
    confirmed = Q(registrations__status=RegistrationStatus.CONFIRMED)
    return (
        Event.objects.filter(
            office__organisation=organisation,
            status=EventStatus.PUBLISHED,
            starts_at__gt=now or timezone.now(),
        )
        .select_related("event_format", "office")
        .annotate(
            confirmed_young_people=Count(
                "registrations",
                filter=confirmed & Q(registrations__kind=ParticipantKind.YOUNG_PERSON),
            ),
            confirmed_parents=Count(
                "registrations", filter=confirmed & Q(registrations__kind=ParticipantKind.PARENT)
            ),
            confirmed_companies=Count(
                "registrations", filter=confirmed & Q(registrations__kind=ParticipantKind.COMPANY)
            ),
        )
        .order_by("starts_at", "id")
    )


def public_events_of_kind(kind: str) -> QuerySet[Event]:
    events = public_events()
    if kind in EventKind.values:
        events = events.filter(event_format__kind=kind)
    return events


def public_event_get(pk: int) -> Event:
    """One event the portal shows, else 404."""
    event = public_events().filter(pk=pk).first()
    if event is None:
        raise Http404
    return event


def registration_kinds(event: Event) -> tuple[str, ...]:
    return KINDS_OF_AUDIENCE.get(event.audience, ())


@dataclass(frozen=True)
class Places:
    label: str
    free: int | None  # None: no limit
    waiting_list: bool


def places_of(event: Event) -> list[Places]:
    """Free places per audience of an event from `public_events` (its counts annotated)."""
    confirmed: dict[str, int] = {
        ParticipantKind.YOUNG_PERSON: getattr(event, "confirmed_young_people", 0),
        ParticipantKind.PARENT: getattr(event, "confirmed_parents", 0),
        ParticipantKind.COMPANY: getattr(event, "confirmed_companies", 0),
    }
    rows = []
    for kind in registration_kinds(event):
        capacity = event.capacity_for(kind)
        free = None if capacity is None else max(capacity - confirmed[kind], 0)
        rows.append(Places(str(PLACES_LABELS[kind]), free, free == 0))
    return rows


@dataclass(frozen=True)
class RegistrationWindow:
    open: bool
    opens_at: datetime.datetime | None = None  # in the event's time zone
    closed: bool = False


def registration_window(event: Event, now: datetime.datetime | None = None) -> RegistrationWindow:
    now = now or timezone.now()
    if event.registration_opens_at and now < event.registration_opens_at:
        return RegistrationWindow(
            False, opens_at=event.registration_opens_at.astimezone(event_zone(event))
        )
    if event.registration_closes_at and now > event.registration_closes_at:
        return RegistrationWindow(False, closed=True)
    return RegistrationWindow(True)
