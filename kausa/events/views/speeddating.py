"""Apprenticeship speed dating: settings, wishes, computing the schedule, and the printable
plan (per round and table, per person, per company).

Everyone who sees the event sees the page and the plan; only writing members of the event's
office change settings and wishes or compute the schedule.
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kausa.companies.models import Company
from kausa.core.access import may_write, request_user, staff_view
from kausa.events.models import Event, EventContact, SpeedDatingSetup
from kausa.events.selectors import event_get_for_user
from kausa.events.services import speeddating as services
from kausa.people.models import Person

# --- forms -----------------------------------------------------------------------------------


class _BoundedChoiceField(forms.ModelChoiceField[Any]):
    """Ids beyond the database's integer range are an invalid choice, not a 500."""

    def to_python(self, value: Any) -> models.Model | None:
        if str(value).isdigit() and int(value) > 2**63 - 1:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        result: models.Model | None = super().to_python(value)
        return result


class SetupForm(forms.Form):
    rounds = forms.IntegerField(
        label=gettext_lazy("rounds"), min_value=1, max_value=services.MAX_ROUNDS
    )
    round_minutes = forms.IntegerField(
        label=gettext_lazy("minutes per round"),
        min_value=1,
        max_value=services.MAX_ROUND_MINUTES,
    )
    max_meetings_per_candidate = forms.IntegerField(
        label=gettext_lazy("most meetings per candidate"),
        min_value=1,
        max_value=services.MAX_ROUNDS,
        required=False,
        help_text=gettext_lazy("Empty: as many as there are rounds."),
    )


class WishForm(forms.Form):
    person = _BoundedChoiceField(
        label=gettext_lazy("young person"), queryset=Person.objects.none(), empty_label="–"
    )
    company = _BoundedChoiceField(
        label=gettext_lazy("company"), queryset=Company.objects.none(), empty_label="–"
    )
    person_wants = forms.BooleanField(
        label=gettext_lazy("the young person wants to meet the company"), required=False
    )
    company_wants = forms.BooleanField(
        label=gettext_lazy("the company wants to meet the young person"), required=False
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        company = self.fields["company"]
        assert isinstance(person, forms.ModelChoiceField)
        assert isinstance(company, forms.ModelChoiceField)
        person.queryset = services.registered_people(event)
        company.queryset = services.registered_companies(event)


def _form_errors(form: forms.Form) -> str:
    parts: list[str] = []
    for name, errors in form.errors.items():
        form_field = form.fields.get(name)
        prefix = f"{form_field.label}: " if form_field is not None and form_field.label else ""
        parts.extend(f"{prefix}{error}" for error in errors)
    return " ".join(parts)


def _error_text(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


# --- the plan --------------------------------------------------------------------------------


def _event_zone(event: Event) -> datetime.tzinfo:
    try:
        return zoneinfo.ZoneInfo(event.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True)
class Table:
    number: int
    company: Company


@dataclass(frozen=True)
class RoundRow:
    number: int  # from 1, as printed
    starts: str
    cells: list[Person | None]


@dataclass
class Agenda:
    """One participant's meetings: (round number, start, table, the other side)."""

    name: str
    table: int | None = None
    items: list[tuple[int, str, int, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Plan:
    tables: list[Table]
    rounds: list[RoundRow]
    people: list[Agenda]
    companies: list[Agenda]

    @property
    def meeting_count(self) -> int:
        return sum(len(agenda.items) for agenda in self.people)


def _plan(event: Event, setup: SpeedDatingSetup) -> Plan:
    placed = (
        EventContact.objects.filter(event=event, round__isnull=False, table__isnull=False)
        .select_related("person", "company")
        .order_by("round", "table", "id")
    )
    contacts = [
        (contact.round, contact.table, contact)
        for contact in placed
        if contact.round is not None and contact.table is not None
    ]
    tables = sorted(
        {table: Table(table, contact.company) for _, table, contact in contacts}.values(),
        key=lambda table: table.number,
    )
    start = event.starts_at.astimezone(_event_zone(event))
    count = max([setup.rounds, *(r + 1 for r, _, _ in contacts)])
    starts = [
        (start + datetime.timedelta(minutes=r * setup.round_minutes)).strftime("%H:%M")
        for r in range(count)
    ]
    column = {table.number: i for i, table in enumerate(tables)}
    grid: list[list[Person | None]] = [[None] * len(tables) for _ in range(count)]
    people: dict[int, Agenda] = {}
    companies: dict[int, Agenda] = {}
    for r, table, contact in contacts:
        grid[r][column[table]] = contact.person
        people.setdefault(contact.person_id, Agenda(contact.person.full_name)).items.append(
            (r + 1, starts[r], table, contact.company.name)
        )
        companies.setdefault(
            contact.company_id, Agenda(contact.company.name, table=table)
        ).items.append((r + 1, starts[r], table, contact.person.full_name))
    return Plan(
        tables=tables,
        rounds=[RoundRow(r + 1, starts[r], grid[r]) for r in range(count)],
        people=sorted(people.values(), key=lambda agenda: agenda.name.casefold()),
        companies=sorted(companies.values(), key=lambda agenda: agenda.table or 0),
    )


# --- pages -----------------------------------------------------------------------------------


def _setup_initial(setup: SpeedDatingSetup) -> dict[str, Any]:
    return {
        "rounds": setup.rounds,
        "round_minutes": setup.round_minutes,
        "max_meetings_per_candidate": setup.max_meetings_per_candidate,
    }


@staff_view()
def speeddating(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    event = event_get_for_user(user, pk)
    setup = services.setup_of(event)
    is_speed_dating = services.is_speed_dating(event)
    can_edit = is_speed_dating and may_write(user, event)
    wishes = list(services.wishes_of(event)) if is_speed_dating else []
    context = {
        "event": event,
        "setup": setup,
        "is_speed_dating": is_speed_dating,
        "can_edit": can_edit,
        "setup_form": SetupForm(initial=_setup_initial(setup)) if can_edit else None,
        "wish_form": WishForm(event=event) if can_edit else None,
        "wishes": wishes,
        "mutual_wishes": sum(1 for wish in wishes if wish.person_wants and wish.company_wants),
        "people_count": services.registered_people(event).count(),
        "company_count": services.registered_companies(event).count(),
    }
    return render(request, "events/speeddating/speeddating.html", context)


@staff_view()
def speeddating_plan(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    event = event_get_for_user(user, pk)
    setup = services.setup_of(event)
    context = {"event": event, "setup": setup, "plan": _plan(event, setup)}
    return render(request, "events/speeddating/plan.html", context)


# --- actions ---------------------------------------------------------------------------------


def _back(event: Event) -> HttpResponse:
    return redirect("events:speeddating", pk=event.pk)


@require_POST
@staff_view(write=True)
def speeddating_setup(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    event = event_get_for_user(user, pk, write=True)
    form = SetupForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("The settings were not saved. %(errors)s") % {"errors": _form_errors(form)}
        )
        return _back(event)
    try:
        services.setup_save(actor=user, event=event, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Settings saved."))
    return _back(event)


@require_POST
@staff_view(write=True)
def speeddating_wish(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    event = event_get_for_user(user, pk, write=True)
    form = WishForm(request.POST, event=event)
    if not form.is_valid():
        messages.error(
            request, _("The wish was not saved. %(errors)s") % {"errors": _form_errors(form)}
        )
        return _back(event)
    try:
        wish = services.wish_set(actor=user, event=event, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Wish saved.") if wish is not None else _("Wish removed."))
    return _back(event)


@require_POST
@staff_view(write=True)
def speeddating_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    event = event_get_for_user(user, pk, write=True)
    try:
        setup = services.schedule_run(actor=user, event=event)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return _back(event)
    messages.success(
        request,
        _(
            "Schedule calculated: %(mutual)d mutual and %(one_sided)d one-sided meetings "
            "(score %(objective)d of at most %(bound)d)."
        )
        % {
            "mutual": setup.mutual,
            "one_sided": setup.one_sided,
            "objective": setup.objective,
            "bound": setup.upper_bound or 0,
        },
    )
    return _back(event)
