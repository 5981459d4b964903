"""Reads of the start page: the day's work of one office, built on the domain apps' scoped
selectors (`cases_visible_to`, `chain_run_list`, `people_visible_to`) and `office_scoped`.

Every section is a count (one aggregate query) plus its first rows (one query with a limit):
the page costs the same number of queries for 50 people as for 100,000.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TypeVar

from django.db.models import Count, Exists, F, Max, Model, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from kausa.chains.models import ChainRunStep, StepStatus
from kausa.chains.selectors import chain_run_list, open_run_steps_for
from kausa.core.access import office_scoped
from kausa.core.models import Office, User
from kausa.counselling.models import Case, Consent, CounsellingSession, NextStep
from kausa.counselling.selectors import cases_visible_to, open_tasks_for, through_visible_case
from kausa.events.models import EventStatus
from kausa.events.selectors import events_visible_to, with_registration_counts
from kausa.people.models import Person
from kausa.people.selectors import people_visible_to
from kausa.placements.models import Proposal, ProposalStatus

M = TypeVar("M", bound=Model)
ROWS = 10  # rows shown per section; the count says how many there are
# Long lists (consents to renew, cases without contact) count up to this many and then say
# "more than": counting every match made them the slowest part of the page at 100,000 people,
# and past a hundred the exact figure does not change what a counsellor does next.
COUNT_CAP = 100
NO_CONTACT_DAYS = 56  # eight weeks without a session in an open case
# Consents carry no expiry date. They are due for renewal two years after they were given
# (a common review period for counselling consents); the page warns a month ahead.
CONSENT_RENEWAL_YEARS = 2
CONSENT_WARNING_DAYS = 30
CONSENT_WITHDRAWN_DAYS = 30
OPEN_PROPOSAL_STATUSES = (
    ProposalStatus.PROPOSED,
    ProposalStatus.APPLICATION_SENT,
    ProposalStatus.INTERVIEW,
    ProposalStatus.TRIAL,
)
OPEN_STEP_STATUSES = (StepStatus.OPEN, StepStatus.IN_PROGRESS)


def dashboard_offices(user: User) -> QuerySet[Office]:
    """The offices whose day the user may look at: team leads every office of the
    organisation, everyone else their own."""
    offices = Office.objects.filter(organisation_id=user.organisation_pk).order_by("name", "pk")
    if user.sees_all_offices:
        return offices
    if user.office_id is None:
        return offices.none()
    return offices.filter(pk=user.office_id)


@dataclass(frozen=True)
class Task:
    kind: str  # "step" (a next step of a case) or "chain" (a process-chain step)
    pk: int
    due_on: datetime.date | None
    title: str
    subject: str
    url: str
    owner: str
    overdue: bool


# The start page lists the office's events this far ahead.
UPCOMING_EVENTS = datetime.timedelta(weeks=4)


@dataclass
class Section:
    """A count and the first rows of one part of the page."""

    count: int = 0
    rows: list[object] = field(default_factory=list)
    extra: dict[str, int] = field(default_factory=dict)
    capped: bool = False  # there are more than `count` rows

    @property
    def more(self) -> int:
        return max(self.count - len(self.rows), 0)


def first_rows(queryset: QuerySet[M], *order: str, extra: dict[str, Q] | None = None) -> Section:
    """The first rows in `order`, the total and the counts of the rows matching each of
    `extra`: one aggregate query and one query with a limit. (Window counts in the rows'
    query were measured slower on SQLite: the window makes it read every row in full.)"""
    counts = queryset.order_by().aggregate(
        total=Count("pk"),
        **{name: Count("pk", filter=condition) for name, condition in (extra or {}).items()},
    )
    rows = list(queryset.order_by(*order)[:ROWS]) if counts["total"] else []
    return Section(
        count=counts["total"],
        rows=list(rows),
        extra={name: counts[name] for name in extra or {}},
    )


def first_rows_capped(queryset: QuerySet[M], *order: str) -> Section:
    """The first rows in `order` and the count up to `COUNT_CAP` (then `capped`): the
    database stops after `COUNT_CAP + 1` matches instead of visiting every one."""
    total = queryset.order_by()[: COUNT_CAP + 1].count()
    rows: list[object] = list(queryset.order_by(*order)[:ROWS]) if total else []
    return Section(count=min(total, COUNT_CAP), rows=rows, capped=total > COUNT_CAP)


def _subject(person: object, company: object) -> str:
    if person is not None:
        return str(person)
    return str(getattr(company, "name", ""))


def _step_task(step: NextStep, today: datetime.date, *, done: bool = False) -> Task:
    return Task(
        kind="step",
        pk=step.pk,
        due_on=step.due_on,
        title=step.title,
        subject=_subject(step.case.person, step.case.company),
        url=reverse("counselling:case", args=[step.case_id]),
        owner=step.owner.get_full_name() or step.owner.username,
        overdue=not done and step.due_on < today,
    )


def _chain_task(item: ChainRunStep, today: datetime.date, *, done: bool = False) -> Task:
    return Task(
        kind="chain",
        pk=item.pk,
        due_on=item.due_on,
        title=item.step.title(),
        subject=_subject(item.run.person, item.run.company),
        url=reverse("chains:run", args=[item.run_id]),
        owner=item.run.counsellor.get_full_name() or item.run.counsellor.username,
        overdue=not done and item.due_on is not None and item.due_on < today,
    )


def _person_visible(people: QuerySet[Person]) -> Exists:
    """Rows whose person is in `people` (a scoped selector's queryset), as a correlated
    check: on SQLite far cheaper than `person__in=` over a large office."""
    return Exists(people.filter(pk=OuterRef("person_id")))


def _office_cases(user: User, office: Office) -> QuerySet[Case]:
    return cases_visible_to(user).filter(office=office)


def _due_steps(user: User, office: Office, *, mine: bool) -> QuerySet[NextStep]:
    if mine:
        return open_tasks_for(user).filter(case__office=office)
    return through_visible_case(
        NextStep.objects.filter(
            case__office=office, case__closed_at__isnull=True, done_at__isnull=True
        ),
        user,
    )


def _due_chain_steps(user: User, office: Office, *, mine: bool) -> QuerySet[ChainRunStep]:
    if mine:
        return open_run_steps_for(user).filter(run__office=office)
    return ChainRunStep.objects.filter(
        run__in=chain_run_list(user).filter(office=office),
        status__in=OPEN_STEP_STATUSES,
        due_on__isnull=False,
    )


def _due_counts(
    queryset: QuerySet[NextStep] | QuerySet[ChainRunStep], today: datetime.date
) -> dict[str, int]:
    """Overdue up to `COUNT_CAP + 1` (a long backlog is counted no further) and due today."""
    return {
        "overdue": queryset.filter(due_on__lt=today).order_by()[: COUNT_CAP + 1].count(),
        "today": queryset.filter(due_on=today).order_by().count(),
    }


def due_tasks(user: User, office: Office, *, mine: bool) -> Section:
    """Overdue and due-today next steps and chain steps, overdue first (oldest first).
    `mine`: the user's own (a counsellor's day); otherwise every owner's of the office."""
    today = timezone.localdate()
    steps = _due_steps(user, office, mine=mine).filter(due_on__lte=today)
    chain_steps = _due_chain_steps(user, office, mine=mine).filter(due_on__lte=today)
    step_counts = _due_counts(steps, today)
    chain_counts = _due_counts(chain_steps, today)
    rows = [
        _step_task(step, today)
        for step in steps.select_related("case__person", "case__company", "owner").order_by(
            "due_on", "id"
        )[:ROWS]
    ] + [
        _chain_task(item, today)
        for item in chain_steps.select_related(
            "run__person", "run__company", "run__counsellor", "step"
        )
        .defer("notes")
        .order_by("due_on", "id")[:ROWS]
    ]
    rows.sort(key=lambda task: (task.due_on or today, task.kind, task.pk))
    overdue = step_counts["overdue"] + chain_counts["overdue"]
    due_today = step_counts["today"] + chain_counts["today"]
    return Section(
        count=min(overdue, COUNT_CAP) + due_today,
        rows=list(rows[:ROWS]),
        extra={"overdue": min(overdue, COUNT_CAP), "today": due_today},
        capped=overdue > COUNT_CAP,  # more overdue than `extra["overdue"]`
    )


def done_today(user: User, office: Office) -> list[Task]:
    """The user's steps marked done today: each can be undone."""
    today = timezone.localdate()
    since = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    steps = through_visible_case(
        NextStep.objects.filter(owner=user, done_at__gte=since, case__office=office), user
    ).select_related("case__person", "case__company", "owner")
    chain_steps = (
        ChainRunStep.objects.filter(
            run__in=chain_run_list(user).filter(office=office, counsellor=user),
            status=StepStatus.DONE,
            completed_at__gte=since,
        )
        .select_related("run__person", "run__company", "run__counsellor", "step")
        .defer("notes")
    )
    return [
        _step_task(step, today, done=True) for step in steps.order_by("-done_at", "-id")[:ROWS]
    ] + [
        _chain_task(item, today, done=True)
        for item in chain_steps.order_by("-completed_at", "-id")[:ROWS]
    ]


def week_sessions(user: User, office: Office) -> Section:
    """Counselling sessions of the office held today and earlier this week, newest first."""
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    if not dashboard_offices(user).filter(pk=office.pk).exists():
        return Section()
    # The office (one the user may look at, checked above) compared as `office + 0`, which no
    # index can serve: the database then starts from the week's sessions (date index) instead
    # of probing every case of the office, or of every office for a team lead.
    sessions = CounsellingSession.objects.alias(session_office=F("case__office_id") + 0).filter(
        session_office=office.pk, held_on__gte=monday, held_on__lte=today
    )
    return first_rows(
        # the notes stay encrypted in the database: the page does not show them
        sessions.select_related("case__person", "case__company", "recorded_by").defer("notes"),
        "-held_on",
        "-id",
        extra={"today": Q(held_on=today)},
    )


def waiting_proposals(user: User, office: Office) -> Section:
    """The office's proposals still waiting for an answer, the longest-waiting first."""
    proposals = (
        office_scoped(Proposal.objects.all(), user)
        .filter(office=office, status__in=OPEN_PROPOSAL_STATUSES)
        .filter(_person_visible(people_visible_to(user)))
    )
    # Counted up to the cap, and the first rows picked without their joins (the database
    # then sorts keys, not every open proposal joined to its person, place and company).
    total = proposals.order_by()[: COUNT_CAP + 1].count()
    first = list(proposals.order_by("updated_at", "id").values_list("pk", flat=True)[:ROWS])
    rows = (
        Proposal.objects.filter(pk__in=first)
        .select_related("person", "vacancy__company", "vacancy__occupation")
        .order_by("updated_at", "id")
    )
    return Section(count=min(total, COUNT_CAP), rows=list(rows), capped=total > COUNT_CAP)


def no_contact_cases(user: User, office: Office) -> Section:
    """Open cases of people without a session for more than eight weeks (a case opened
    more than eight weeks ago that never had one counts too), the longest-silent first."""
    cutoff = timezone.localdate() - datetime.timedelta(days=NO_CONTACT_DAYS)
    recent = CounsellingSession.objects.filter(case=OuterRef("pk"), held_on__gte=cutoff)
    cases = _office_cases(user, office).filter(
        closed_at__isnull=True,
        person__isnull=False,
        person__archived_at__isnull=True,
        opened_on__lt=cutoff,
    )
    cases = cases.filter(~Exists(recent))
    section = first_rows_capped(cases.select_related("person", "counsellor"), "opened_on", "id")
    shown = [case for case in section.rows if isinstance(case, Case)]
    last = dict(
        CounsellingSession.objects.filter(case__in=[case.pk for case in shown])
        .values("case")
        .annotate(last=Max("held_on"))
        .values_list("case", "last")
    )
    for case in shown:
        case.last_session_on = last.get(case.pk)  # type: ignore[attr-defined]
    return section


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def consents_to_review(user: User, office: Office) -> tuple[Section, Section]:
    """Consents due for renewal soon (or overdue) and consents withdrawn in the last 30
    days, of the office's people. Only the office's own staff read consents."""
    if not user.works_in(office):
        return Section(), Section()
    today = timezone.localdate()
    consents = Consent.objects.filter(
        _person_visible(people_visible_to(user).filter(office=office, archived_at__isnull=True))
    ).select_related("person", "partner")
    renewed = (
        Consent.objects.filter(
            person=OuterRef("person"),
            purpose=OuterRef("purpose"),
            given_on__gt=OuterRef("given_on"),
        )
        .annotate(partner_key=Coalesce("partner_id", Value(0)))
        .filter(partner_key=Coalesce(OuterRef("partner_id"), Value(0)))
    )
    due_by = _years_before(
        today + datetime.timedelta(days=CONSENT_WARNING_DAYS), CONSENT_RENEWAL_YEARS
    )
    expiring = consents.filter(withdrawn_on__isnull=True, given_on__lte=due_by).filter(
        ~Exists(renewed)
    )
    withdrawn = consents.filter(
        withdrawn_on__gte=today - datetime.timedelta(days=CONSENT_WITHDRAWN_DAYS)
    )
    expiring_section = first_rows_capped(expiring, "given_on", "id")
    for consent in expiring_section.rows:
        assert isinstance(consent, Consent)
        consent.renew_by = _years_before(consent.given_on, -CONSENT_RENEWAL_YEARS)  # type: ignore[attr-defined]
    return expiring_section, first_rows(withdrawn, "-withdrawn_on", "-id")


@dataclass(frozen=True)
class OfficeFigures:
    office: Office
    open_cases: int
    new_cases_quarter: int
    contracts_year: int


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _per_office(cases: QuerySet[Case]) -> dict[int, int]:
    """Separate counts use the (office, closed_at) index where they can."""
    rows = cases.values("office").annotate(total=Count("pk")).order_by()
    return dict(rows.values_list("office", "total"))


def office_figures(user: User, offices: QuerySet[Office]) -> list[OfficeFigures]:
    """Per office: open cases, cases opened this quarter, proposals that reached a signed
    contract this year. Two aggregate queries for all offices (team leads only)."""
    if not user.sees_all_offices:
        return []
    today = timezone.localdate()
    year_start = timezone.make_aware(datetime.datetime(today.year, 1, 1))
    open_cases = _per_office(cases_visible_to(user).filter(closed_at__isnull=True))
    new_cases = _per_office(cases_visible_to(user).filter(opened_on__gte=quarter_start(today)))
    # counted by the office that made the proposal (its owner), not by the person's office
    contracts = dict(
        office_scoped(Proposal.objects.all(), user)
        .filter(
            status=ProposalStatus.CONTRACT_SIGNED,
            history__status=ProposalStatus.CONTRACT_SIGNED,
            history__changed_at__gte=year_start,
        )
        .values("office")
        .annotate(total=Count("pk", distinct=True))
        .order_by()
        .values_list("office", "total")
    )
    return [
        OfficeFigures(
            office=office,
            open_cases=open_cases.get(office.pk, 0),
            new_cases_quarter=new_cases.get(office.pk, 0),
            contracts_year=contracts.get(office.pk, 0),
        )
        for office in offices
    ]


def upcoming_events(user: User, office: Office) -> Section:
    """The office's events of the next four weeks that are not drafts or cancelled, with
    their confirmed and waiting registrations."""
    now = timezone.now()
    events = with_registration_counts(
        events_visible_to(user)
        .filter(office=office, starts_at__gte=now, starts_at__lt=now + UPCOMING_EVENTS)
        .exclude(status__in=(EventStatus.DRAFT, EventStatus.CANCELLED))
    )
    return first_rows(events, "starts_at", "id")


# The task page shows this many tasks per group (overdue, today, upcoming) and counts the
# rest: a counsellor with thousands of open steps got a page of several megabytes.
TASK_PAGE_ROWS = 30


def _task_group_conditions(today: datetime.date) -> dict[str, Q]:
    return {
        "overdue": Q(due_on__lt=today),
        "due_today": Q(due_on=today),
        "upcoming": Q(due_on__gt=today),
    }


def my_task_groups(
    user: User, today: datetime.date, *, rows: int = TASK_PAGE_ROWS
) -> dict[str, Section]:
    """The user's open next steps and process-chain steps by group (overdue, due today,
    upcoming): per group the first `rows` tasks of both kinds together by due date (the
    oldest overdue first) and the count up to `COUNT_CAP` (then `capped`), as on the start
    page: counting thousands of open steps was the slowest part of the page."""
    steps = open_tasks_for(user).select_related("owner")
    chain_steps = open_run_steps_for(user).select_related("run__counsellor")
    groups = {}
    for name, condition in _task_group_conditions(today).items():
        total = sum(
            queryset.filter(condition).order_by()[: COUNT_CAP + 1].count()
            for queryset in (steps, chain_steps)
        )
        tasks = (
            [_step_task(step, today) for step in steps.filter(condition)[:rows]]
            + [_chain_task(item, today) for item in chain_steps.filter(condition)[:rows]]
            if total
            else []
        )
        tasks.sort(key=lambda task: (task.due_on or today, task.kind, task.pk))
        groups[name] = Section(
            count=min(total, COUNT_CAP), rows=list(tasks[:rows]), capped=total > COUNT_CAP
        )
    return groups
