"""Apprenticeship speed dating: settings, who wants to meet whom, and the schedule.

The schedule comes from the pure scheduler in kausa.events.speeddating (exact optimum when
everyone is there all rounds; a valid schedule with an upper bound otherwise). Its meetings
replace the event's speed dating contacts: one `EventContact` per meeting, with the round and
the table (the company's place in the event's companies, by name). A pair that already has a
contact recorded by the office keeps that contact, which gets the round and table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.companies.models import Company
from kausa.core.access import require_write
from kausa.core.audit import audit_log
from kausa.core.models import User
from kausa.events import audit_actions
from kausa.events.models import (
    ContactSource,
    Event,
    EventContact,
    EventKind,
    Registration,
    RegistrationStatus,
    SpeedDatingSetup,
    SpeedDatingWish,
)
from kausa.events.speeddating import Instance, Schedule, parse_instance, solve
from kausa.people.models import Person

MAX_ROUNDS = 40
MAX_ROUND_MINUTES = 60

SETUP_FIELDS = ("rounds", "round_minutes", "max_meetings_per_candidate")
RESULT_FIELDS = ("scheduled_at", "mutual", "one_sided", "objective", "upper_bound")


# --- reads -----------------------------------------------------------------------------------


def is_speed_dating(event: Event) -> bool:
    return bool(event.event_format.kind == EventKind.SPEED_DATING)


def setup_of(event: Event) -> SpeedDatingSetup:
    """The event's settings; unsaved defaults if none were saved yet (reads never write)."""
    try:
        return SpeedDatingSetup.objects.get(event=event)
    except SpeedDatingSetup.DoesNotExist:
        return SpeedDatingSetup(event=event)


def _confirmed(event: Event) -> QuerySet[Registration]:
    return event.registrations.filter(status=RegistrationStatus.CONFIRMED)


def registered_people(event: Event) -> QuerySet[Person]:
    ids = _confirmed(event).filter(person__isnull=False).values("person_id")
    return Person.objects.filter(pk__in=ids).order_by("last_name", "first_name", "id")


def registered_companies(event: Event) -> QuerySet[Company]:
    """The companies taking part, in table order (table = position + 1)."""
    ids = _confirmed(event).filter(company__isnull=False).values("company_id")
    return Company.objects.filter(pk__in=ids).order_by("name", "id")


def wishes_of(event: Event) -> QuerySet[SpeedDatingWish]:
    return event.speed_dating_wishes.select_related("person", "company").order_by(
        "company__name", "person__last_name", "person__first_name", "id"
    )


# --- writes ----------------------------------------------------------------------------------


def _require_speed_dating(event: Event) -> None:
    if not is_speed_dating(event):
        raise ValidationError(_("Only speed dating events have rounds and wishes."))


@transaction.atomic
def setup_save(
    *,
    actor: User,
    event: Event,
    rounds: int,
    round_minutes: int,
    max_meetings_per_candidate: int | None,
) -> SpeedDatingSetup:
    require_write(actor, event)
    _require_speed_dating(event)
    if not 1 <= rounds <= MAX_ROUNDS:
        raise ValidationError(_("Choose between 1 and %(max)d rounds.") % {"max": MAX_ROUNDS})
    if not 1 <= round_minutes <= MAX_ROUND_MINUTES:
        raise ValidationError(
            _("A round lasts between 1 and %(max)d minutes.") % {"max": MAX_ROUND_MINUTES}
        )
    if max_meetings_per_candidate is not None and max_meetings_per_candidate < 1:
        raise ValidationError(_("A candidate needs at least one meeting."))
    setup = setup_of(event)
    values: dict[str, Any] = {
        "rounds": rounds,
        "round_minutes": round_minutes,
        "max_meetings_per_candidate": max_meetings_per_candidate,
    }
    changed = [name for name, value in values.items() if getattr(setup, name) != value]
    if setup.pk is not None and not changed:
        return setup
    for name, value in values.items():
        setattr(setup, name, value)
    setup.save()
    audit_log(
        actor=actor,
        action=audit_actions.SPEED_DATING_SETUP_SAVED,
        obj=setup,
        office=event.office,
        changed_fields=changed or list(SETUP_FIELDS),
    )
    return setup


@transaction.atomic
def wish_set(
    *,
    actor: User,
    event: Event,
    person: Person,
    company: Company,
    person_wants: bool,
    company_wants: bool,
) -> SpeedDatingWish | None:
    """Record who of the pair wants the meeting; if neither does, the pair is removed."""
    require_write(actor, event)
    _require_speed_dating(event)
    confirmed = _confirmed(event)
    if not confirmed.filter(person=person).exists():
        raise ValidationError(_("The person is not a confirmed participant of this event."))
    if not confirmed.filter(company=company).exists():
        raise ValidationError(_("The company is not a confirmed participant of this event."))
    wish = SpeedDatingWish.objects.filter(event=event, person=person, company=company).first()
    if not person_wants and not company_wants:
        if wish is not None:
            audit_log(
                actor=actor,
                action=audit_actions.SPEED_DATING_WISH_REMOVED,
                obj=wish,
                office=event.office,
            )
            wish.delete()
        return None
    if wish is None:
        wish = SpeedDatingWish(event=event, person=person, company=company)
        changed = ["person", "company", "person_wants", "company_wants"]
    else:
        changed = [
            name
            for name, value in (("person_wants", person_wants), ("company_wants", company_wants))
            if getattr(wish, name) != value
        ]
        if not changed:
            return wish
    wish.person_wants = person_wants
    wish.company_wants = company_wants
    wish.save()
    audit_log(
        actor=actor,
        action=audit_actions.SPEED_DATING_WISH_SET,
        obj=wish,
        office=event.office,
        changed_fields=changed,
    )
    return wish


@dataclass(frozen=True)
class _Participants:
    people: dict[str, Person]
    companies: dict[str, Company]
    tables: dict[int, int]  # company id -> table number


def _rounds_off(registration: Registration | None, rounds: int) -> list[int]:
    """The registration's unavailable rounds that exist (the number of rounds may have
    changed since they were entered); anything else stored there is ignored."""
    raw = registration.unavailable_rounds if registration is not None else []
    if not isinstance(raw, list):
        return []
    return sorted(
        {r for r in raw if isinstance(r, int) and not isinstance(r, bool) and 0 <= r < rounds}
    )


def build_instance(event: Event, setup: SpeedDatingSetup) -> tuple[dict[str, Any], _Participants]:
    """The scheduler's JSON instance from the wishes of confirmed participants."""
    companies = list(registered_companies(event))
    registrations = list(_confirmed(event))
    by_person = {r.person_id: r for r in registrations if r.person_id is not None}
    by_company = {r.company_id: r for r in registrations if r.company_id is not None}
    wishes = [
        wish
        for wish in wishes_of(event)
        if wish.person_id in by_person and wish.company_id in by_company
    ]
    people = {f"p{w.person_id}": w.person for w in wishes}
    company_wants: dict[str, list[str]] = {f"c{c.pk}": [] for c in companies}
    person_wants: dict[str, list[str]] = {key: [] for key in people}
    for wish in wishes:
        if wish.company_wants:
            company_wants[f"c{wish.company_id}"].append(f"p{wish.person_id}")
        if wish.person_wants:
            person_wants[f"p{wish.person_id}"].append(f"c{wish.company_id}")
    data = {
        "rounds": setup.rounds,
        "max_meetings_per_candidate": setup.max_meetings_per_candidate,
        "companies": [
            {
                "id": f"c{c.pk}",
                "wants": company_wants[f"c{c.pk}"],
                "unavailable_rounds": _rounds_off(by_company.get(c.pk), setup.rounds),
            }
            for c in companies
        ],
        "candidates": [
            {
                "id": key,
                "wants": person_wants[key],
                "unavailable_rounds": _rounds_off(by_person.get(person.pk), setup.rounds),
            }
            for key, person in people.items()
        ],
    }
    participants = _Participants(
        people=people,
        companies={f"c{c.pk}": c for c in companies},
        tables={c.pk: number for number, c in enumerate(companies, start=1)},
    )
    return data, participants


@transaction.atomic
def schedule_run(*, actor: User, event: Event) -> SpeedDatingSetup:
    """Compute the schedule and replace the event's speed dating meetings by it."""
    require_write(actor, event)
    _require_speed_dating(event)
    setup = setup_of(event)
    if setup.pk is None:
        setup.save()
    data, participants = build_instance(event, setup)
    instance = parse_instance(data)
    schedule = solve(instance)
    _replace_meetings(actor, event, instance, schedule, participants)
    setup.scheduled_at = timezone.now()
    setup.mutual = schedule.mutual
    setup.one_sided = schedule.one_sided
    setup.objective = schedule.objective
    setup.upper_bound = schedule.upper_bound
    setup.save()
    audit_log(
        actor=actor,
        action=audit_actions.SPEED_DATING_SCHEDULED,
        obj=setup,
        office=event.office,
        changed_fields=list(RESULT_FIELDS),
    )
    return setup


def _replace_meetings(
    actor: User,
    event: Event,
    instance: Instance,
    schedule: Schedule,
    participants: _Participants,
) -> None:
    contacts = EventContact.objects.filter(event=event)
    contacts.filter(source=ContactSource.SPEED_DATING).delete()
    # Contacts the office recorded keep their record; only last schedule's round goes.
    contacts.exclude(round=None, table=None).update(round=None, table=None)
    recorded = {(c.person_id, c.company_id): c for c in contacts}
    new_contacts = []
    for meeting in schedule.meetings:
        company = participants.companies[instance.company_ids[meeting.company]]
        person = participants.people[instance.candidate_ids[meeting.candidate]]
        table = participants.tables[company.pk]
        existing = recorded.get((person.pk, company.pk))
        if existing is not None:
            existing.round, existing.table = meeting.round, table
            existing.save(update_fields=["round", "table"])
            continue
        new_contacts.append(
            EventContact(
                event=event,
                person=person,
                company=company,
                source=ContactSource.SPEED_DATING,
                round=meeting.round,
                table=table,
                created_by=actor,
            )
        )
    EventContact.objects.bulk_create(new_contacts)
