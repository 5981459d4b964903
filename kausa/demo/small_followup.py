"""Demo follow-up during training: the person cases at "training started" with a believable
year of follow-up contacts, warning signs and outcomes.

The counselling demo leaves only a few cases at "training started"; some cases at "entry
qualification" or "applying" move on until about `TRAINING_SHARE` of the person cases are in
training. Each training case gets a start of training in the past year (mostly the usual
1 August or 1 September), a stage history dated accordingly, the contacts the office's plan
gives (`kausa.counselling.services.followup.planned_dates`), most past ones done, warning signs
on some cases and an outcome where one would have been recorded: mostly "continues", a few
company changes, some prevented drop-outs and a few early ends (those cases are closed, as
`case_close` would). Nothing is dated after `ctx.today`, as the services refuse future dates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from kausa.core.models import Office
from kausa.counselling.followup_selectors import followup_plan_for_office
from kausa.counselling.models import (
    Case,
    CaseStageChange,
    EndReason,
    FollowUpContact,
    FollowUpKind,
    FollowUpOutcome,
    FollowUpPlan,
    FollowUpWarning,
    PersonStage,
    TrainingOutcome,
    WarningSign,
)
from kausa.counselling.services.followup import planned_dates
from kausa.demo.context import DemoContext
from kausa.demo.profiles import probabilities

TRAINING_SHARE = 0.12  # of the person cases are in training after the load
# Cases that move on to training: entry qualification is the usual way in.
PROMOTE_FROM: dict[str, float] = {PersonStage.ENTRY_QUALIFICATION: 2.0, PersonStage.APPLYING: 1.0}
PROMOTE_MIN_AGE_DAYS = 60  # a case opened more recently has not got that far
TRAINING_STARTS = ((8, 1), (9, 1))  # (month, day): the usual starts of a training year
SEASONAL_SHARE = 0.75
START_WINDOW_DAYS = (14, 360)  # training started this many days before today
# Of the contacts due by today: older ones were nearly all held, the latest are still open
# (the counsellors' task lists show a few overdue, not a backlog).
CONTACT_DONE_SHARE = (0.96, 0.7)  # (due more than RECENT_DAYS ago, due more recently)
RECENT_DAYS = 21
CONTACT_JITTER_DAYS = (-3, 12)
WARNING_SHARE = 0.4
WARNING_SIGNS = (
    (WarningSign.LANGUAGE, 3.0),
    (WarningSign.SCHOOL, 2.5),
    (WarningSign.COMPANY_CONFLICT, 2.0),
    (WarningSign.MONEY, 1.5),
    (WarningSign.RESIDENCE, 1.0),
    (WarningSign.OTHER, 0.5),
)
# How a training with warning signs went on; None: no outcome recorded yet.
OUTCOMES_AFTER_WARNINGS: tuple[tuple[str | None, float], ...] = (
    (TrainingOutcome.CONTINUES, 4.5),  # drop-out prevented
    (TrainingOutcome.CHANGED_COMPANY, 2.0),  # drop-out prevented with another company
    (TrainingOutcome.ENDED, 1.5),
    (None, 1.0),
)
CHANGED_COMPANY_SHARE = 0.06  # of the trainings without warning signs
# An office that saved its own plan (index into the offices; the others use the defaults).
SAVED_PLAN = (1, {"first_contact_weeks": 6, "settling_in_months": 2, "probation_months": 3})


@dataclass
class _Rows:
    stage_changes: list[CaseStageChange] = field(default_factory=list)
    contacts: list[FollowUpContact] = field(default_factory=list)
    warnings: list[FollowUpWarning] = field(default_factory=list)
    outcomes: list[FollowUpOutcome] = field(default_factory=list)
    closed: list[Case] = field(default_factory=list)


@dataclass(frozen=True)
class _Training:
    started_on: date
    recorded_on: date  # when the case reached "training started" (not before it was opened)


def create_followup(ctx: DemoContext, offices: list[Office]) -> list[Case]:
    """Follow-up for the person cases in training; returns those cases."""
    plans = _plans(offices)
    cases = list(
        Case.objects.filter(office__in=offices, person__isnull=False)
        .select_related("counsellor")
        .order_by("pk")
    )
    training, promoted = _training_cases(ctx, cases)
    history = _history(training)
    rows = _Rows()
    for case in training:
        dates = _training_dates(ctx, case, promoted=case.pk in promoted)
        _date_history(history[case.pk], case, dates, rows)
        _follow(ctx, rows, case, plans[case.office_id], dates)
    _write(rows)
    return training


def _plans(offices: list[Office]) -> dict[int, FollowUpPlan]:
    index, values = SAVED_PLAN
    if index < len(offices):
        FollowUpPlan.objects.create(office=offices[index], **values)
    return {office.pk: followup_plan_for_office(office) for office in offices}


def _training_cases(ctx: DemoContext, cases: list[Case]) -> tuple[list[Case], set[int]]:
    """The open cases in training, after moving some on to reach `TRAINING_SHARE`, and the
    keys of those moved on."""
    training = [c for c in cases if c.stage == PersonStage.TRAINING_STARTED and not c.closed_at]
    missing = round(TRAINING_SHARE * len(cases)) - len(training)
    weights = PROMOTE_FROM
    latest_opening = ctx.today - timedelta(days=PROMOTE_MIN_AGE_DAYS)
    candidates = [
        c
        for c in cases
        if c.stage in weights and c.closed_at is None and c.opened_on <= latest_opening
    ]
    if missing <= 0 or not candidates:
        return training, set()
    p = probabilities([weights[c.stage] for c in candidates])
    picks = ctx.rng.choice(len(candidates), size=min(missing, len(candidates)), replace=False, p=p)
    promoted = [candidates[int(i)] for i in sorted(picks)]
    for case in promoted:
        case.stage = PersonStage.TRAINING_STARTED
    Case.objects.bulk_update(promoted, ["stage"], batch_size=500)
    CaseStageChange.objects.bulk_create(
        [CaseStageChange(case=case, stage=PersonStage.TRAINING_STARTED) for case in promoted],
        batch_size=500,
    )
    return sorted(training + promoted, key=lambda case: case.pk), {case.pk for case in promoted}


def _history(cases: list[Case]) -> dict[int, list[CaseStageChange]]:
    history: dict[int, list[CaseStageChange]] = {case.pk: [] for case in cases}
    for change in CaseStageChange.objects.filter(case__in=cases).order_by("case_id", "pk"):
        history[change.case_id].append(change)
    return history


def _training_dates(ctx: DemoContext, case: Case, *, promoted: bool) -> _Training:
    """A start in the past year. A moved-on case started training after it was opened; a
    case opened at "training started" may have come to the office during training."""
    earliest = ctx.today - timedelta(days=START_WINDOW_DAYS[1])
    latest = ctx.today - timedelta(days=START_WINDOW_DAYS[0])
    if promoted:
        earliest = max(earliest, case.opened_on + timedelta(days=30))
    seasonal = [
        day
        for year in (ctx.today.year - 1, ctx.today.year)
        for month, day_of_month in TRAINING_STARTS
        if earliest <= (day := date(year, month, day_of_month)) <= latest
    ]
    if seasonal and ctx.chance(SEASONAL_SHARE):
        started = ctx.pick(seasonal)
    else:
        started = earliest + timedelta(days=int(ctx.rng.integers((latest - earliest).days + 1)))
    return _Training(started_on=started, recorded_on=max(started, case.opened_on))


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def _date_history(
    changes: list[CaseStageChange], case: Case, dates: _Training, rows: _Rows
) -> None:
    """First contact on the opening day, "training started" when it was recorded, any stage
    between them half-way."""
    opened, recorded = case.opened_on, dates.recorded_on
    for position, change in enumerate(changes):
        if position == 0:
            day = opened
        elif position == len(changes) - 1:
            day = recorded
        else:
            day = opened + (recorded - opened) * position // (len(changes) - 1)
        change.changed_at = _moment(day)
        rows.stage_changes.append(change)


def _follow(
    ctx: DemoContext, rows: _Rows, case: Case, plan: FollowUpPlan, dates: _Training
) -> None:
    warnings = _warnings(ctx, case, dates)
    outcome = _outcome_after_warnings(ctx, case, warnings) if warnings else None
    ended_on = outcome.outcome_on if outcome and outcome.outcome == TrainingOutcome.ENDED else None
    if ended_on is not None:
        warnings = [warning for warning in warnings if warning.noted_on <= ended_on]
    probation_done = _contacts(ctx, rows, case, plan, dates, until=ended_on or ctx.today)
    if outcome is None and not warnings and probation_done is not None:
        # After the contact before the end of probation the counsellor notes how it goes on.
        changed = ctx.chance(CHANGED_COMPANY_SHARE)
        outcome = FollowUpOutcome(
            case=case,
            outcome=TrainingOutcome.CHANGED_COMPANY if changed else TrainingOutcome.CONTINUES,
            outcome_on=probation_done,
            recorded_by=case.counsellor,
        )
    rows.warnings += warnings
    if outcome is not None:
        rows.outcomes.append(outcome)
    if ended_on is not None:
        closed_on = ended_on + timedelta(days=int(ctx.rng.integers(3, 22)))
        if closed_on <= ctx.today:
            case.closed_at = _moment(closed_on)
            case.end_reason = EndReason.TRAINING_TERMINATED
            rows.closed.append(case)


def _warnings(ctx: DemoContext, case: Case, dates: _Training) -> list[FollowUpWarning]:
    first = max(dates.started_on + timedelta(days=14), dates.recorded_on)
    if first > ctx.today or not ctx.chance(WARNING_SHARE):
        return []
    count = 2 if ctx.chance(0.4) else 1
    warnings = []
    signs: list[str] = []
    for _ in range(count):
        sign = ctx.weighted(WARNING_SIGNS)
        noted = first + timedelta(days=int(ctx.rng.integers((ctx.today - first).days + 1)))
        if sign not in signs:
            signs.append(sign)
            warnings.append(
                FollowUpWarning(case=case, sign=sign, noted_on=noted, recorded_by=case.counsellor)
            )
    return sorted(warnings, key=lambda warning: warning.noted_on)


def _outcome_after_warnings(
    ctx: DemoContext, case: Case, warnings: list[FollowUpWarning]
) -> FollowUpOutcome | None:
    """A prevented drop-out needs a warning noted by the outcome's date (as the service
    checks), so the outcome follows the first sign."""
    outcome = ctx.weighted(OUTCOMES_AFTER_WARNINGS)
    if outcome is None:
        return None
    after = timedelta(days=int(ctx.rng.integers(14, 61)))
    return FollowUpOutcome(
        case=case,
        outcome=outcome,
        outcome_on=min(warnings[0].noted_on + after, ctx.today),
        dropout_prevented=outcome != TrainingOutcome.ENDED,
        recorded_by=case.counsellor,
    )


def _contacts(
    ctx: DemoContext,
    rows: _Rows,
    case: Case,
    plan: FollowUpPlan,
    dates: _Training,
    *,
    until: date,
) -> date | None:
    """The planned contacts, those due by `until` mostly done; returns the day the contact
    before the end of probation was held, if it was."""
    probation_done = None
    for kind, due_on in planned_dates(plan, dates.started_on).items():
        contact = FollowUpContact(case=case, kind=kind, due_on=due_on)
        recent = due_on > until - timedelta(days=RECENT_DAYS)
        if due_on <= until and ctx.chance(CONTACT_DONE_SHARE[recent]):
            jitter = timedelta(days=int(ctx.rng.integers(*CONTACT_JITTER_DAYS)))
            contact.done_on = min(max(due_on + jitter, dates.recorded_on), until)
            contact.done_by = case.counsellor
            if kind == FollowUpKind.PROBATION_END:
                probation_done = contact.done_on
        rows.contacts.append(contact)
    return probation_done


def _write(rows: _Rows) -> None:
    CaseStageChange.objects.bulk_update(rows.stage_changes, ["changed_at"], batch_size=500)
    Case.objects.bulk_update(rows.closed, ["closed_at", "end_reason"], batch_size=500)
    FollowUpContact.objects.bulk_create(rows.contacts, batch_size=500)
    FollowUpWarning.objects.bulk_create(rows.warnings, batch_size=500)
    FollowUpOutcome.objects.bulk_create(rows.outcomes, batch_size=500)
    # The time stamps are set on insert; the demo's rows were written when they happened.
    recorded = {
        change.case_id: change.changed_at
        for change in rows.stage_changes
        if change.stage == PersonStage.TRAINING_STARTED
    }
    for contact in rows.contacts:
        contact.planned_at = recorded[contact.case_id]
    for warning in rows.warnings:
        warning.recorded_at = _moment(warning.noted_on)
    for outcome in rows.outcomes:
        outcome.recorded_at = _moment(outcome.outcome_on)
    FollowUpContact.objects.bulk_update(rows.contacts, ["planned_at"], batch_size=500)
    FollowUpWarning.objects.bulk_update(rows.warnings, ["recorded_at"], batch_size=500)
    FollowUpOutcome.objects.bulk_update(rows.outcomes, ["recorded_at"], batch_size=500)
