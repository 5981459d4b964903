"""Indicators of the events: events held by format, participants checked in, registrations
against attendance, contacts made and proposals that followed. Grouped aggregate queries only.

Only events held count (a cancelled event never does), dated by the local day they start; only
live registrations (a cancelled registration never counts). An event belongs to its office.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from kausa.events.models import (
    ContactSource,
    Event,
    EventContact,
    EventKind,
    EventStatus,
    ParticipantKind,
    Registration,
    RegistrationSource,
    RegistrationStatus,
)
from kausa.reports.indicators_activity import proposals_by_status
from kausa.reports.indicators_scope import Scope, columns_by_office, grid, grouped
from kausa.reports.tables import ReportTable

# The district of a participant: the young person's, the parent's child's or the company's.
PARTICIPANT_DISTRICTS = ("person__district", "guardian__person__district", "company__district")
CONTACT_DISTRICTS = ("person__district", "company__district")


def event_tables(scope: Scope) -> list[ReportTable]:
    return [
        events_held(scope),
        events_participants(scope),
        events_attendance(scope),
        events_contacts(scope),
        events_proposals(scope),
    ]


def _held(scope: Scope, path: str = "") -> Q:
    """Held events that started in the period."""
    return Q(**{f"{path}status": EventStatus.HELD}) & scope.in_period(f"{path}starts_at")


def events_held(scope: Scope) -> ReportTable:
    held = scope.filter(Event.objects.filter(_held(scope)), districts=("district",))
    counts = grouped(
        held.values("office_id", "event_format__kind").annotate(n=Count("id")),
        "office_id",
        "event_format__kind",
    )
    columns = [(kind.value, str(kind.label)) for kind in EventKind]
    rows, cols, cells = grid(counts, scope.office_rows, columns)
    return ReportTable(
        key="events.held",
        title=_("Events held by format"),
        row_header=_("Office"),
        row_labels=rows,
        column_labels=cols,
        cells=cells,
        person_counts=False,
        definition=_(
            "Events with the status “held” that started in the period (start date), by "
            "the kind of their format; cancelled events are not counted. In a district report: "
            "events held in the district."
        ),
    )


def _confirmed_registrations(scope: Scope) -> QuerySet[Registration]:
    """Confirmed registrations at held events of the period: neither cancelled ones nor those
    left on the waiting list."""
    return scope.filter(
        Registration.objects.filter(_held(scope, "event__"), status=RegistrationStatus.CONFIRMED),
        office="event__office",
        districts=PARTICIPANT_DISTRICTS,
    )


def events_participants(scope: Scope) -> ReportTable:
    present = _confirmed_registrations(scope).filter(checked_in_at__isnull=False)
    counts = grouped(
        present.values("event__office_id", "kind").annotate(n=Count("id")),
        "event__office_id",
        "kind",
    )
    columns = [(kind.value, str(kind.label)) for kind in ParticipantKind]
    rows, cols, cells = grid(counts, scope.office_rows, columns)
    return ReportTable(
        key="events.participants",
        title=_("Participants of events checked in"),
        row_header=_("Office"),
        row_labels=rows,
        column_labels=cols,
        cells=cells,
        definition=_(
            "Participations checked in at events held in the period (start date), by audience: "
            "one per participant and event, walk-ins included; cancelled registrations and the "
            "waiting list not."
        ),
    )


def events_attendance(scope: Scope) -> ReportTable:
    """Registered in advance, of them present, no-shows, and walk-ins. The no-show rate is
    no-shows divided by registered; it is not a cell, since a share would give away counts
    that suppression hides."""
    booked = ~Q(source=RegistrationSource.WALK_IN)
    came = Q(checked_in_at__isnull=False)
    rows_: Iterable[Mapping[str, Any]] = (
        _confirmed_registrations(scope)
        .values("event__office_id")
        .annotate(
            registered=Count("id", filter=booked),
            present=Count("id", filter=booked & came),
            no_show=Count("id", filter=booked & ~came),
            walk_in=Count("id", filter=Q(source=RegistrationSource.WALK_IN) & came),
        )
        .order_by()
    )
    columns = [
        ("registered", _("registered")),
        ("present", _("of them present")),
        ("no_show", _("no-shows")),
        ("walk_in", _("walk-ins")),
    ]
    counts = columns_by_office(rows_, "event__office_id", [key for key, _label in columns])
    rows, cols, cells = grid(counts, scope.office_rows, columns)
    return ReportTable(
        key="events.attendance",
        title=_("Registrations and attendance at events"),
        row_header=_("Office"),
        row_labels=rows,
        column_labels=cols,
        cells=cells,
        row_totals=False,
        definition=_(
            "Confirmed registrations made in advance for events held in the period (start date), "
            "of them checked in, and no-shows (not checked in); walk-ins counted separately. "
            "No-show rate: no-shows divided by registered. Waiting list and cancelled "
            "registrations are not counted."
        ),
    )


def events_contacts(scope: Scope) -> ReportTable:
    contacts = scope.filter(
        EventContact.objects.filter(_held(scope, "event__")),
        office="event__office",
        districts=CONTACT_DISTRICTS,
    )
    rows_: Iterable[Mapping[str, Any]] = (
        contacts.values("event__office_id")
        .annotate(
            manual=Count("id", filter=Q(source=ContactSource.MANUAL)),
            speed_dating=Count("id", filter=Q(source=ContactSource.SPEED_DATING)),
            people=Count("person_id", distinct=True),
            companies=Count("company_id", distinct=True),
        )
        .order_by()
    )
    columns = [
        ("manual", _("contacts recorded")),
        ("speed_dating", _("speed dating meetings")),
        ("people", _("young people with a contact")),
        ("companies", _("companies with a contact")),
    ]
    counts = columns_by_office(rows_, "event__office_id", [key for key, _label in columns])
    rows, cols, cells = grid(counts, scope.office_rows, columns)
    return ReportTable(
        key="events.contacts",
        title=_("Contacts made at events"),
        row_header=_("Office"),
        row_labels=rows,
        column_labels=cols,
        cells=cells,
        row_totals=False,
        definition=_(
            "Contacts between a young person and a company recorded at events held in the "
            "period (start date), by how they were made, and the young people and companies "
            "with at least one such contact."
        ),
    )


def events_proposals(scope: Scope) -> ReportTable:
    rows, cols, cells = proposals_by_status(scope, Q(event__isnull=False))
    return ReportTable(
        key="events.proposals",
        title=_("Proposals following an event, by status"),
        row_header=_("Office"),
        row_labels=rows,
        column_labels=cols,
        cells=cells,
        definition=_(
            "Proposals made in the period (creation date) that followed a contact at an event, "
            "by their status when the report is made."
        ),
    )
