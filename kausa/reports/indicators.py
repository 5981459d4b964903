"""The funder's indicators: one table per indicator, counted with grouped aggregate queries
(never by loading records). Definitions: `docs/indicators.md`.

`build_report(organisation=…, period=…, office=…, district=…)` counts everything an
organisation (or one office, or the people and companies of one district) did in a period;
`kausa.reports.selectors.report_for_user` applies who may see what.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.core.models import District, Office, Organisation
from kausa.counselling.models import (
    Case,
    CaseStageChange,
    CompanyStage,
    CounsellingSession,
    EndReason,
    PersonStage,
    RetainedCount,
)
from kausa.reports.indicators_activity import activity_tables
from kausa.reports.indicators_breakdowns import breakdown_tables
from kausa.reports.indicators_events import event_tables
from kausa.reports.indicators_followup import followup_table
from kausa.reports.indicators_scope import Scope, grid
from kausa.reports.tables import Period, Report, ReportTable

PERIOD_KINDS = ("month", "quarter", "year")
SUBJECT_DISTRICTS = ("person__district", "company__district")
CASE_DISTRICTS = ("case__person__district", "case__company__district")
PERSON_MILESTONES = (PersonStage.ENTRY_QUALIFICATION, PersonStage.TRAINING_STARTED)
COMPANY_MILESTONES = (
    CompanyStage.TRAINER_QUALIFICATION,
    CompanyStage.CHAMBER_REGISTRATION,
    CompanyStage.FIRST_APPRENTICE,
)
COMPLETED = "completed"


def period_for(kind: str, year: int, number: int | None = None) -> Period:
    """The month (`number` 1–12), quarter (1–4) or year; a German message on bad input."""
    if kind not in PERIOD_KINDS:
        raise ValidationError(_("Unknown kind of period."))
    if not 1900 <= year <= 2999:
        raise ValidationError(_("Please give a year between 1900 and 2999."))
    if kind == "year":
        return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31), str(year))
    last = 12 if kind == "month" else 4
    if number is None or not 1 <= number <= last:
        raise ValidationError(_("Please give a month from 1 to 12 or a quarter from 1 to 4."))
    if kind == "month":
        days = calendar.monthrange(year, number)[1]
        return Period(
            datetime.date(year, number, 1),
            datetime.date(year, number, days),
            f"{number:02d}/{year}",
        )
    first_month = 3 * (number - 1) + 1
    end_month = first_month + 2
    return Period(
        datetime.date(year, first_month, 1),
        datetime.date(year, end_month, calendar.monthrange(year, end_month)[1]),
        _("Q%(quarter)s %(year)s") % {"quarter": number, "year": year},
    )


def custom_period(start: datetime.date, end: datetime.date, label: str = "") -> Period:
    """A period of any length, both days included; the end must not be before the start."""
    if end < start:
        raise ValidationError(_("The end of the period lies before its start."))
    return Period(start, end, label or f"{start:%d.%m.%Y} – {end:%d.%m.%Y}")


def build_report(
    *,
    organisation: Organisation,
    period: Period,
    office: Office | None = None,
    district: District | None = None,
) -> Report:
    """Every indicator table for the organisation (or one of its offices, or the people and
    companies of one district) in the period."""
    if period.end < period.start:
        raise ValidationError(_("The end of the period lies before its start."))
    if office is not None and office.organisation_id != organisation.pk:
        raise ValidationError(_("This office belongs to another organisation."))
    offices = [office] if office is not None else list(organisation.offices.order_by("name"))
    scope = Scope(organisation=organisation, offices=offices, district=district, period=period)
    tables = [
        people_counselled(scope),
        people_stage_transitions(scope),
        people_case_endings(scope),
        companies_counselled(scope),
        *activity_tables(scope),
        followup_table(scope),
        *event_tables(scope),
        *breakdown_tables(scope),
    ]
    return Report(
        organisation_name=organisation.name,
        scope_label=_scope_label(office, district),
        period=period,
        generated_at=timezone.now(),
        tables=tables,
    )


def _scope_label(office: Office | None, district: District | None) -> str:
    label = office.name if office is not None else _("all offices")
    return f"{label} – {district.name}" if district is not None else label


def _distinct_subjects(prefix: str = "") -> dict[str, Count]:
    return {
        "person": Count(f"{prefix}person_id", distinct=True),
        "company": Count(f"{prefix}company_id", distinct=True),
    }


def case_activity(scope: Scope) -> dict[tuple[int, str], int]:
    """Cases opened, sessions held and stages reached in the period, for people and companies
    at once (three grouped queries, kept on the scope for the tables that share them):
    {(office id, "new.person" | "active.company" | stage): distinct people or companies}."""
    cached: dict[tuple[int, str], int] | None = scope.cache.get("case_activity")
    if cached is not None:
        return cached
    counts: dict[tuple[int, str], int] = {}
    opened = Case.objects.filter(opened_on__range=scope.dates)
    # Cases with a session in the period, as a correlated check (the (case, held_on) index
    # answers it): faster than an `IN` list of the period's sessions or a join over them.
    held = CounsellingSession.objects.filter(case=OuterRef("pk"), held_on__range=scope.dates)
    for name, cases in (("new", opened), ("active", Case.objects.filter(Exists(held)))):
        scoped = scope.filter(cases, districts=SUBJECT_DISTRICTS, scan=True)
        rows: Iterable[Mapping[str, Any]] = scoped.values("office_id").annotate(
            **_distinct_subjects()
        )
        for row in rows:
            counts[(row["office_id"], f"{name}.person")] = row["person"]
            counts[(row["office_id"], f"{name}.company")] = row["company"]
    changes = scope.filter(
        CaseStageChange.objects.filter(
            scope.in_period("changed_at"), stage__in=PERSON_MILESTONES + COMPANY_MILESTONES
        ),
        office="case__office",
        districts=CASE_DISTRICTS,
        scan=True,
    )
    reached: Iterable[Mapping[str, Any]] = changes.values("case__office_id", "stage").annotate(
        **_distinct_subjects("case__")
    )
    for row in reached:
        subject = "person" if row["stage"] in PERSON_MILESTONES else "company"
        counts[(row["case__office_id"], row["stage"])] = row[subject]
    scope.cache["case_activity"] = counts
    return counts


def people_counselled(scope: Scope) -> ReportTable:
    counts = case_activity(scope)
    columns = [("new.person", _("new (case opened)")), ("active.person", _("active (a session)"))]
    rows, cols, cells = grid(counts, scope.office_rows, columns)
    return ReportTable(
        key="people.counselled",
        title=_("Young people counselled"),
        row_header=_("Office"),
        row_labels=rows,
        column_labels=cols,
        cells=cells,
        row_totals=False,
        definition=_(
            "Young people whose case was opened in the period (opening date), and young people "
            "with at least one counselling session in the period (session date)."
        ),
    )


def people_stage_transitions(scope: Scope) -> ReportTable:
    columns = [(stage.value, str(stage.label)) for stage in PERSON_MILESTONES]
    rows, cols, cells = grid(case_activity(scope), scope.office_rows, columns)
    return ReportTable(
        key="people.stage_transitions",
        title=_("Young people by stage reached"),
        row_header=_("Office"),
        row_labels=rows,
        column_labels=cols,
        cells=cells,
        row_totals=False,
        definition=_(
            "Young people whose case moved into entry qualification / internship or into "
            "training in the period (date of the stage change in the stage history)."
        ),
    )


def _ending_column(final_stage: str, end_reason: str) -> str:
    if final_stage == PersonStage.TRAINING_COMPLETED:
        return COMPLETED
    return end_reason or EndReason.OTHER


def people_case_endings(scope: Scope) -> ReportTable:
    closed = scope.filter(
        Case.objects.filter(scope.in_period("closed_at"), person__isnull=False),
        districts=SUBJECT_DISTRICTS,
    )
    counts: dict[tuple[int, str], int] = {}
    live = closed.values("office_id", "stage", "end_reason").annotate(n=Count("id"))
    for row in live:
        key = (row["office_id"], _ending_column(row["stage"], row["end_reason"]))
        counts[key] = counts.get(key, 0) + row["n"]
    for retained in _retained(scope):
        column = _ending_column(retained["final_stage"], retained["end_reason"])
        key = (retained["office_id"], column)
        counts[key] = counts.get(key, 0) + int(retained["n"] or 0)
    columns = [(COMPLETED, _("training completed"))] + [
        (reason.value, str(reason.label)) for reason in EndReason
    ]
    rows, cols, cells = grid(counts, scope.office_rows, columns)
    return ReportTable(
        key="people.case_endings",
        title=_("Cases of young people closed, by outcome"),
        row_header=_("Office"),
        row_labels=rows,
        column_labels=cols,
        cells=cells,
        definition=_(
            "Cases of young people closed in the period (closing date): completed training, "
            "else by the reason for ending; for whole calendar years including the cases of "
            "people since erased by retention."
        ),
    )


def _retained(scope: Scope) -> list[Mapping[str, Any]]:
    """Retained counts of the months the period covers completely (counts kept without a
    month: of the whole years it covers); they know no district."""
    months = scope.whole_months()
    if not months or scope.district is not None:
        return []
    covered = Q(month_closed__isnull=True, year_closed__in=scope.whole_years())
    for year, numbers in months.items():
        covered |= Q(year_closed=year, month_closed__in=numbers)
    return list(
        RetainedCount.objects.filter(covered, office_id__in=scope.office_ids, kind="person")
        .values("office_id", "final_stage", "end_reason")
        .annotate(n=Sum("cases"))
    )


def companies_counselled(scope: Scope) -> ReportTable:
    counts = case_activity(scope)
    columns = [
        ("new.company", _("new (case opened)")),
        ("active.company", _("active (a session)")),
    ] + [(stage.value, str(stage.label)) for stage in COMPANY_MILESTONES]
    rows, cols, cells = grid(counts, scope.office_rows, columns)
    return ReportTable(
        key="companies.counselled",
        title=_("Companies counselled and won as training companies"),
        row_header=_("Office"),
        row_labels=rows,
        column_labels=cols,
        cells=cells,
        row_totals=False,
        definition=_(
            "Companies whose case was opened in the period, with a session in the period, and "
            "whose case reached trainer qualification (AEVO), chamber registration or the first "
            "apprentice in the period (date of the stage change)."
        ),
    )
