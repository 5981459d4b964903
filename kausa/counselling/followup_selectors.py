"""Reads of follow-up during training: an office's plan, a case's follow-up section and the
figures that feed the indicators.

The case handed in has passed the chokepoint (`case_get_for_user`); the figures take a
queryset of cases the caller already scoped.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Protocol

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils import timezone

from kausa.core.access import get_for_user, require_configure
from kausa.core.models import Office, User
from kausa.counselling.models import (
    Case,
    FollowUpContact,
    FollowUpOutcome,
    FollowUpPlan,
    FollowUpWarning,
    PersonStage,
    TrainingOutcome,
    WarningSign,
)
from kausa.partners.models import Topic

# The referral topic a warning sign is escalated under (AsA flex is "funding"); None: no
# preselection, the counsellor picks the topic on the referral page.
ESCALATION_TOPICS: dict[str, str | None] = {
    WarningSign.COMPANY_CONFLICT: "funding",
    WarningSign.SCHOOL: "funding",
    WarningSign.LANGUAGE: "language-courses",
    WarningSign.RESIDENCE: "residence-work-permit",
    WarningSign.MONEY: "funding",
    WarningSign.OTHER: None,
}


def followup_plan_for_office(office: Office | int) -> FollowUpPlan:
    """The office's saved plan, or the defaults unsaved (a GET never writes)."""
    office_id = office.pk if isinstance(office, Office) else office
    plan = FollowUpPlan.objects.filter(office_id=office_id).first()
    if plan is not None:
        return plan
    if isinstance(office, Office):
        return FollowUpPlan(office=office)
    return FollowUpPlan(office_id=office_id)


def followup_plan_offices(user: User) -> QuerySet[Office]:
    """The offices whose plan the user configures: team leads and administrators every
    office of their organisation, nobody else any."""
    offices = Office.objects.filter(organisation_id=user.organisation_pk).order_by("name")
    return offices if user.can_configure else offices.none()


def followup_plan_office_for_user(
    user: User, office_id: str | None, *, write: bool = False
) -> Office:
    """The office named in the request (404 for one of another organisation), else the first
    office of the organisation; `write`: 403 unless the user configures plans."""
    if write:
        require_configure(user)
    offices = followup_plan_offices(user)
    if not office_id:
        first = offices.first()
        office_id = str(first.pk if first is not None else 0)
    pk = int(office_id) if office_id.isascii() and office_id.isdigit() else 0
    return get_for_user(offices, pk, user=user)


def in_training(case: Case) -> bool:
    return case.person_id is not None and case.stage == PersonStage.TRAINING_STARTED


@dataclass
class FollowUpSection:
    """What the case page shows of the follow-up."""

    contacts: list[FollowUpContact]
    warnings: list[FollowUpWarning]
    outcome: FollowUpOutcome | None
    in_training: bool
    escalation_topics: dict[str, int] = field(default_factory=dict)

    @property
    def open_contacts(self) -> list[FollowUpContact]:
        return [contact for contact in self.contacts if contact.done_on is None]

    @property
    def escalations(self) -> list[tuple[str, int]]:
        """(sign, topic id) of each recorded sign with a referral topic, once per sign."""
        seen: dict[str, int] = {}
        for warning in self.warnings:
            topic_id = self.escalation_topics.get(warning.sign)
            if topic_id is not None and warning.sign not in seen:
                seen[warning.sign] = topic_id
        labels = dict(WarningSign.choices)
        return [(str(labels[sign]), topic_id) for sign, topic_id in seen.items()]

    @property
    def can_plan(self) -> bool:
        return self.in_training and not self.contacts


def followup_section(case: Case) -> FollowUpSection | None:
    """The follow-up of a person's case in training or with follow-up records, else None."""
    if case.person_id is None:
        return None
    contacts = list(case.followup_contacts.select_related("done_by"))
    warnings = list(case.followup_warnings.select_related("recorded_by"))
    outcome = FollowUpOutcome.objects.filter(case=case).first()
    training = in_training(case)
    if not (training or contacts or warnings or outcome):
        return None
    codes = {code for code in ESCALATION_TOPICS.values() if code}
    topic_ids = dict(Topic.objects.filter(code__in=codes).values_list("code", "pk"))
    escalation = {
        sign: topic_ids[code]
        for sign, code in ESCALATION_TOPICS.items()
        if code and code in topic_ids
    }
    return FollowUpSection(contacts, warnings, outcome, training, escalation)


def followup_contacts_due_for(user: User, until: datetime.date) -> QuerySet[FollowUpContact]:
    """Open follow-up contacts due by `until` of the open cases the user is responsible for,
    in the user's reach (for the start page's task list), overdue first."""
    from kausa.counselling.selectors import cases_visible_to

    return (
        FollowUpContact.objects.filter(
            done_on__isnull=True,
            due_on__lte=until,
            case__counsellor=user,
            case__closed_at__isnull=True,
            case__stage=PersonStage.TRAINING_STARTED,
        )
        .filter(case__in=cases_visible_to(user))
        .select_related("case__person")
        .order_by("due_on", "id")
    )


def warnings_recorded(case: Case, *, until: datetime.date | None = None) -> bool:
    warnings = case.followup_warnings.all()
    if until is not None:
        warnings = warnings.filter(noted_on__lte=until)
    return warnings.exists()


class DateRange(Protocol):
    """A reporting period, both days included (e.g. `kausa.reports.tables.Period`)."""

    @property
    def start(self) -> datetime.date: ...

    @property
    def end(self) -> datetime.date: ...


@dataclass(frozen=True)
class FollowUpFigures:
    """Counts of follow-up during training in a period (people, contacts, signs, outcomes)."""

    people_in_training: int
    contacts_done: int
    contacts_by_quarter: dict[str, int]
    warnings: int
    warnings_by_sign: dict[str, int]
    people_with_warnings: int
    dropouts_prevented: int
    dropouts: int
    company_changes: int


def _day_bounds(period: DateRange) -> tuple[datetime.datetime, datetime.datetime]:
    """The period as aware datetimes: from its first day's midnight to the next day's."""
    start = datetime.datetime.combine(period.start, datetime.time.min)
    end = datetime.datetime.combine(period.end + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(start), timezone.make_aware(end)


def cases_in_training(cases: QuerySet[Case], period: DateRange) -> QuerySet[Case]:
    """Cases whose person reached "training started" before the period ended, not closed
    before it began and with no drop-out recorded before it began."""
    begins, ends = _day_bounds(period)
    return (
        cases.filter(person__isnull=False)
        .filter(
            stage_changes__stage=PersonStage.TRAINING_STARTED, stage_changes__changed_at__lt=ends
        )
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=begins))
        .exclude(
            followup_outcome__outcome=TrainingOutcome.ENDED,
            followup_outcome__outcome_on__lt=period.start,
        )
    )


def people_in_training(cases: QuerySet[Case], period: DateRange) -> int:
    return cases_in_training(cases, period).values("person_id").distinct().count()


def _case_among(cases: QuerySet[Case]) -> Exists:
    """Rows whose case is in `cases`, as a correlated check: the database then starts from
    the rows' date index (few rows in a period) instead of probing every case in scope."""
    return Exists(cases.filter(pk=OuterRef("case_id")))


def contacts_done_in(cases: QuerySet[Case], period: DateRange) -> QuerySet[FollowUpContact]:
    return FollowUpContact.objects.filter(
        _case_among(cases), done_on__gte=period.start, done_on__lte=period.end
    )


def warnings_noted_in(cases: QuerySet[Case], period: DateRange) -> QuerySet[FollowUpWarning]:
    return FollowUpWarning.objects.filter(
        _case_among(cases), noted_on__gte=period.start, noted_on__lte=period.end
    )


def outcomes_recorded_in(cases: QuerySet[Case], period: DateRange) -> QuerySet[FollowUpOutcome]:
    return FollowUpOutcome.objects.filter(
        _case_among(cases), outcome_on__gte=period.start, outcome_on__lte=period.end
    )


# The outcome counts of a period, as aggregate or annotation arguments.
OUTCOME_COUNTS = {
    "dropouts_prevented": Count("id", filter=Q(dropout_prevented=True)),
    "dropouts": Count("id", filter=Q(outcome=TrainingOutcome.ENDED)),
    "company_changes": Count("id", filter=Q(outcome=TrainingOutcome.CHANGED_COMPANY)),
}


def followup_figures(cases: QuerySet[Case], period: DateRange) -> FollowUpFigures:
    """The follow-up figures of `cases` (scoped by the caller) in `period`. The date that
    decides the period: a contact's done date, a sign's noted date, an outcome's date."""
    contacts = contacts_done_in(cases, period)
    by_quarter = (
        contacts.annotate(year=ExtractYear("done_on"), quarter=ExtractQuarter("done_on"))
        .values("year", "quarter")
        .annotate(count=Count("id"))
        .order_by("year", "quarter")
    )
    warnings = warnings_noted_in(cases, period)
    by_sign = warnings.values("sign").annotate(count=Count("id")).order_by("sign")
    outcomes = outcomes_recorded_in(cases, period).aggregate(**OUTCOME_COUNTS)
    return FollowUpFigures(
        people_in_training=people_in_training(cases, period),
        contacts_done=contacts.count(),
        contacts_by_quarter={
            f"{row['year']}-Q{row['quarter']}": row["count"] for row in by_quarter
        },
        warnings=warnings.count(),
        warnings_by_sign={row["sign"]: row["count"] for row in by_sign},
        people_with_warnings=warnings.values("case__person_id").distinct().count(),
        dropouts_prevented=outcomes["dropouts_prevented"],
        dropouts=outcomes["dropouts"],
        company_changes=outcomes["company_changes"],
    )
