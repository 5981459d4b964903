"""Writes of follow-up during training: planned contacts, warning signs, the outcome and an
office's plan. Each user action is one transaction with one audit entry.

When a person's case reaches "training started", `followup_on_stage` plans the contacts
from the office's plan (inside the stage change, whose audit entry covers it). Planning is
idempotent: a case that already has contacts is not planned again.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.core.access import WriteDenied, require_configure, require_write
from kausa.core.audit import audit_log
from kausa.core.models import User
from kausa.core.services import model_update
from kausa.counselling import audit_actions
from kausa.counselling.followup_selectors import (
    followup_plan_for_office,
    in_training,
    warnings_recorded,
)
from kausa.counselling.models import (
    Case,
    FollowUpContact,
    FollowUpKind,
    FollowUpOutcome,
    FollowUpPlan,
    FollowUpWarning,
    TrainingOutcome,
    WarningSign,
)

PLAN_FIELDS = (
    "first_contact_weeks",
    "settling_in_months",
    "probation_months",
    "intermediate_exam_months",
    "lead_days",
)
# (lowest, highest) per plan field; probation lasts 1 to 4 months (§ 20 BBiG).
PLAN_LIMITS = {
    "first_contact_weeks": (1, 26),
    "settling_in_months": (1, 12),
    "probation_months": (1, 4),
    "intermediate_exam_months": (6, 36),
    "lead_days": (0, 60),
}


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months later (the 31st becomes the month's last day)."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return day.replace(year=year, month=month, day=min(day.day, last_day))


def planned_dates(plan: FollowUpPlan, started_on: datetime.date) -> dict[str, datetime.date]:
    """When each contact is due for a training that started on `started_on`."""
    lead = datetime.timedelta(days=plan.lead_days)
    return {
        FollowUpKind.FIRST_WEEKS: started_on + datetime.timedelta(weeks=plan.first_contact_weeks),
        FollowUpKind.SETTLING_IN: add_months(started_on, plan.settling_in_months),
        FollowUpKind.PROBATION_END: add_months(started_on, plan.probation_months) - lead,
        FollowUpKind.INTERMEDIATE_EXAM: add_months(started_on, plan.intermediate_exam_months)
        - lead,
    }


def _plan_contacts(case: Case, started_on: datetime.date) -> list[FollowUpContact]:
    plan = followup_plan_for_office(case.office_id)
    return FollowUpContact.objects.bulk_create(
        FollowUpContact(case=case, kind=kind, due_on=due_on)
        for kind, due_on in planned_dates(plan, started_on).items()
    )


def followup_on_stage(*, case: Case) -> None:
    """Called by the stage change: plan the contacts when a person's case reaches
    "training started" for the first time (a second time keeps the first plan)."""
    if in_training(case) and not case.followup_contacts.exists():
        _plan_contacts(case, timezone.localdate())


def _require_followup(actor: User, case: Case) -> None:
    """The write rule first, then: an open person's case in training."""
    require_write(actor, case)
    if case.closed_at is not None:
        raise ValidationError(_("This case is closed. Reopen it first."))
    if not in_training(case):
        raise ValidationError(
            _('Follow-up is recorded while the case is at the stage "training started".')
        )


def _not_in_future(day: datetime.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("The date cannot lie in the future.")})


@transaction.atomic
def followup_plan_contacts(
    *, actor: User, case: Case, started_on: datetime.date
) -> list[FollowUpContact]:
    """Plan the contacts by hand (for a case that was in training before follow-up
    existed, or with the real start of the training)."""
    _require_followup(actor, case)
    if case.followup_contacts.exists():
        raise ValidationError(_("The follow-up contacts are already planned."))
    today = timezone.localdate()
    if not today.replace(year=today.year - 4) <= started_on <= add_months(today, 12):
        raise ValidationError({"started_on": _("Please give a start of training near today.")})
    contacts = _plan_contacts(case, started_on)
    audit_log(actor=actor, action=audit_actions.FOLLOWUP_PLANNED, obj=case, office=case.office)
    return contacts


@transaction.atomic
def followup_contact_done(
    *, actor: User, contact: FollowUpContact, done_on: datetime.date
) -> FollowUpContact:
    """Record that a planned contact took place."""
    require_write(actor, contact)
    _require_followup(actor, contact.case)
    if contact.done_on is not None:
        raise ValidationError(_("This contact is already recorded as done."))
    _not_in_future(done_on, "done_on")
    contact.done_on = done_on
    contact.done_by = actor
    contact.save(update_fields=["done_on", "done_by"])
    audit_log(
        actor=actor,
        action=audit_actions.FOLLOWUP_CONTACT_DONE,
        obj=contact,
        office=contact.case.office,
        changed_fields=["done_on"],
    )
    return contact


@transaction.atomic
def followup_warning_record(
    *, actor: User, case: Case, sign: str, noted_on: datetime.date
) -> FollowUpWarning:
    """Record a warning sign of a possible drop-out."""
    _require_followup(actor, case)
    if sign not in WarningSign.values:
        raise ValidationError({"sign": _("Unknown warning sign.")})
    _not_in_future(noted_on, "noted_on")
    warning = FollowUpWarning.objects.create(
        case=case, sign=sign, noted_on=noted_on, recorded_by=actor
    )
    audit_log(
        actor=actor,
        action=audit_actions.FOLLOWUP_WARNING_RECORDED,
        obj=warning,
        office=case.office,
    )
    return warning


@transaction.atomic
def followup_outcome_record(
    *,
    actor: User,
    case: Case,
    outcome: str,
    outcome_on: datetime.date,
    dropout_prevented: bool = False,
) -> FollowUpOutcome:
    """Record how the training goes on. "Drop-out prevented" needs warning signs noted up
    to that date and a training that goes on (continues or with another company)."""
    _require_followup(actor, case)
    if outcome not in TrainingOutcome.values:
        raise ValidationError({"outcome": _("Unknown outcome.")})
    _not_in_future(outcome_on, "outcome_on")
    if dropout_prevented and outcome == TrainingOutcome.ENDED:
        raise ValidationError(
            {"dropout_prevented": _("A training that ended is not a prevented drop-out.")}
        )
    if dropout_prevented and not warnings_recorded(case, until=outcome_on):
        raise ValidationError(
            {
                "dropout_prevented": _(
                    "A drop-out counts as prevented only when warning signs were recorded."
                )
            }
        )
    record = FollowUpOutcome.objects.filter(case=case).first() or FollowUpOutcome(case=case)
    data = {"outcome": outcome, "outcome_on": outcome_on, "dropout_prevented": dropout_prevented}
    changed = model_update(record, fields=list(data), data=data)
    if record.pk is not None and not changed:
        return record
    record.recorded_by = actor
    record.save()
    audit_log(
        actor=actor,
        action=audit_actions.FOLLOWUP_OUTCOME_RECORDED,
        obj=record,
        office=case.office,
        changed_fields=changed,
    )
    return record


@transaction.atomic
def followup_plan_update(*, actor: User, plan: FollowUpPlan, data: dict[str, Any]) -> FollowUpPlan:
    """Save an office's plan (the defaults are stored on the first change); unchanged values
    leave no audit entry. Plans apply to cases that reach training afterwards."""
    require_configure(actor)
    if not actor.can_write_shared(plan.office.organisation_id):
        raise WriteDenied
    for name, (lowest, highest) in PLAN_LIMITS.items():
        value = data.get(name, getattr(plan, name))
        if not isinstance(value, int) or not lowest <= value <= highest:
            raise ValidationError(
                {
                    name: _("Enter a number from %(low)s to %(high)s.")
                    % {"low": lowest, "high": highest}
                }
            )
    changed = model_update(plan, fields=PLAN_FIELDS, data=data)
    if changed:
        plan.save()
        audit_log(
            actor=actor,
            action=audit_actions.FOLLOWUP_PLAN_UPDATED,
            obj=plan,
            office=plan.office,
            changed_fields=changed,
        )
    return plan


def followup_export(case: Case) -> dict[str, Any]:
    """The follow-up of a case for the person's data export (Art. 15)."""
    outcome = FollowUpOutcome.objects.filter(case=case).first()
    return {
        "contacts": [
            {
                "contact": contact.get_kind_display(),
                "due_on": contact.due_on.isoformat(),
                "done_on": contact.done_on.isoformat() if contact.done_on else None,
            }
            for contact in case.followup_contacts.all()
        ],
        "warning_signs": [
            {"sign": warning.get_sign_display(), "noted_on": warning.noted_on.isoformat()}
            for warning in case.followup_warnings.all()
        ],
        "outcome": None
        if outcome is None
        else {
            "outcome": outcome.get_outcome_display(),
            "as_of": outcome.outcome_on.isoformat(),
            "dropout_prevented": outcome.dropout_prevented,
        },
    }
