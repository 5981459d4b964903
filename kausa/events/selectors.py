"""Reads of events. An event and everything about its participants belong to the organising
office: other offices of the organisation see neither; team leads read every office."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.companies.models import Company
from kausa.core.access import get_for_user, office_scoped
from kausa.core.models import User
from kausa.events.models import (
    Ambassador,
    AmbassadorAppearance,
    AwardRound,
    Event,
    EventContact,
    EventFormat,
    EventStatus,
    JuryVote,
    Nomination,
    Registration,
    RegistrationStatus,
    RouteStop,
)


def events_visible_to(user: User) -> QuerySet[Event]:
    return office_scoped(Event.objects.all(), user).select_related("event_format", "office")


def event_get_for_user(user: User, pk: int, *, write: bool = False) -> Event:
    """404 outside the user's office (team leads: organisation); with `write`, 403 for
    read-only colleagues and team leads."""
    return get_for_user(events_visible_to(user), pk, user=user, write=write)


def registration_get_for_user(user: User, pk: int, *, write: bool = False) -> Registration:
    registrations = Registration.objects.filter(event__in=events_visible_to(user)).select_related(
        "event", "person", "guardian", "company"
    )
    return get_for_user(registrations, pk, user=user, write=write)


def formats_for(user: User) -> QuerySet[EventFormat]:
    return EventFormat.objects.filter(
        organisation_id=user.organisation_pk, archived_at__isnull=True
    )


@dataclass(frozen=True)
class EventFilters:
    """The event list's filters (the cleaned filter form)."""

    q: str = ""
    event_format: EventFormat | None = None
    status: str = ""
    period: str = "upcoming"  # upcoming | past | all


def with_registration_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    """Each event with `confirmed_count` and `waitlisted_count` (lists, the start page)."""
    return events.annotate(
        confirmed_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
        ),
        waitlisted_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
        ),
    )


def event_list(user: User, filters: EventFilters) -> QuerySet[Event]:
    events = with_registration_counts(events_visible_to(user))
    if filters.q:
        events = events.filter(Q(title__icontains=filters.q) | Q(place__icontains=filters.q))
    if filters.event_format is not None:
        events = events.filter(event_format=filters.event_format)
    if filters.status:
        events = events.filter(status=filters.status)
    start_of_today = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time.min)
    )
    if filters.period == "upcoming":
        return events.filter(starts_at__gte=start_of_today).order_by("starts_at", "id")
    if filters.period == "past":
        return events.filter(starts_at__lt=start_of_today).order_by("-starts_at", "-id")
    return events.order_by("-starts_at", "-id")


def registrations_of(event: Event) -> QuerySet[Registration]:
    """All registrations of an event the caller already may see, waiting list in order."""
    return event.registrations.select_related("person", "guardian", "company").order_by(
        "status", "waitlisted_at", "created_at", "id"
    )


def attendance_label(registration: Registration) -> str:
    """Registered, waiting, cancelled; after the event: attended or did not come."""
    event = registration.event
    if registration.status == RegistrationStatus.CONFIRMED and event.status == EventStatus.HELD:
        return str(_("attended") if registration.checked_in_at else _("did not come"))
    return str(registration.get_status_display())


def company_event_registrations(user: User, company: Company) -> list[Registration]:
    """The company's registrations in events the user sees, newest first, with a label."""
    registrations = list(
        Registration.objects.filter(company=company, event__in=events_visible_to(user))
        .select_related("event")
        .order_by("-event__starts_at")
    )
    for registration in registrations:
        registration.attendance = attendance_label(registration)  # type: ignore[attr-defined]
    return registrations


# --- award rounds and ambassadors ---


def award_rounds_visible_to(user: User) -> QuerySet[AwardRound]:
    return office_scoped(AwardRound.objects.all(), user).select_related("office", "ceremony")


def award_round_get_for_user(user: User, pk: int, *, write: bool = False) -> AwardRound:
    """404 outside the user's office (team leads: organisation); with `write`, 403 for
    read-only colleagues and team leads."""
    return get_for_user(award_rounds_visible_to(user), pk, user=user, write=write)


def nomination_get_for_user(user: User, pk: int, *, write: bool = False) -> Nomination:
    nominations = Nomination.objects.filter(
        award_round__in=award_rounds_visible_to(user)
    ).select_related("award_round", "company", "person")
    return get_for_user(nominations, pk, user=user, write=write)


def nominations_with_scores(award_round: AwardRound) -> QuerySet[Nomination]:
    """The round's nominations with their average score and number of votes."""
    return (
        award_round.nominations.select_related("company", "person", "nominated_by")
        .annotate(average_score=Avg("votes__score"), vote_count=Count("votes"))
        .order_by("id")
    )


def own_votes(award_round: AwardRound, juror: User) -> dict[int, int]:
    """The juror's scores in this round, by nomination id."""
    votes = JuryVote.objects.filter(nomination__award_round=award_round, juror=juror)
    return dict(votes.values_list("nomination_id", "score"))


def public_list(award_round: AwardRound) -> list[str]:
    """What the public may see of a round: the names the winners agreed to be shown with.
    Never the reasons, never the names in the records."""
    winners = award_round.nominations.filter(is_winner=True, public_consent=True).exclude(
        public_name=""
    )
    return list(winners.order_by("id").values_list("public_name", flat=True))


def ambassadors_visible_to(user: User) -> QuerySet[Ambassador]:
    return office_scoped(Ambassador.objects.all(), user).select_related(
        "office", "person", "company"
    )


def ambassador_get_for_user(user: User, pk: int, *, write: bool = False) -> Ambassador:
    return get_for_user(ambassadors_visible_to(user), pk, user=user, write=write)


def appearances_of(ambassador: Ambassador) -> QuerySet[AmbassadorAppearance]:
    return ambassador.appearances.select_related("event").order_by("-event__starts_at", "-id")


def route_stop_get_for_user(user: User, pk: int, *, write: bool = False) -> RouteStop:
    """A stop of an event the user sees: 404 otherwise; with `write`, 403 if read-only."""
    stops = RouteStop.objects.filter(event__in=events_visible_to(user)).select_related(
        "event", "event__office", "event__event_format"
    )
    return get_for_user(stops, pk, user=user, write=write)


def event_contact_get_for_user(user: User, pk: int, *, write: bool = False) -> EventContact:
    contacts = EventContact.objects.filter(event__in=events_visible_to(user)).select_related(
        "event__office", "person", "company"
    )
    return get_for_user(contacts, pk, user=user, write=write)
