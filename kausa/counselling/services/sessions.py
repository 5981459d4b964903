"""Writes of what happens in counselling: sessions and the next steps agreed in them.

Services take a case that passed the chokepoint and check the write rule again first.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.core.access import require_write
from kausa.core.audit import audit_log
from kausa.core.models import User
from kausa.counselling import audit_actions
from kausa.counselling.models import (
    Case,
    CaseStageChange,
    CompanyStage,
    ConsentPurpose,
    CounsellingSession,
    NextStep,
    PersonStage,
)
from kausa.counselling.selectors import consent_withdrawn
from kausa.counselling.services.cases import require_open
from kausa.partners.models import Topic

MAX_SESSION_MINUTES = 600
OLDEST_SESSION_YEARS = 5


def _validate_session(held_on: datetime.date, duration_minutes: int) -> None:
    today = timezone.localdate()
    if held_on > today:
        raise ValidationError(
            {"held_on": _("A session cannot lie in the future. Plan it as a next step.")}
        )
    if held_on < today.replace(year=today.year - OLDEST_SESSION_YEARS):
        raise ValidationError({"held_on": _("This date is more than five years ago.")})
    if not 1 <= duration_minutes <= MAX_SESSION_MINUTES:
        raise ValidationError(
            {"duration_minutes": _("The duration must be between 1 and 600 minutes.")}
        )


@transaction.atomic
def session_record(
    *,
    actor: User,
    case: Case,
    held_on: datetime.date,
    duration_minutes: int,
    channel: str,
    language: str,
    interpreter: bool,
    topics: Sequence[Topic],
    notes: str,
) -> CounsellingSession:
    """Record a session of an open case (the notes are stored encrypted)."""
    require_write(actor, case)
    require_open(case)
    _validate_session(held_on, duration_minutes)
    if case.person is not None and consent_withdrawn(case.person, ConsentPurpose.COUNSELLING):
        raise ValidationError(_("The person has withdrawn consent to counselling."))
    session = CounsellingSession.objects.create(
        case=case,
        held_on=held_on,
        duration_minutes=duration_minutes,
        channel=channel,
        language=language,
        interpreter=interpreter,
        notes=notes,
        recorded_by=actor,
    )
    session.topics.set(topics)
    # The first session moves the case into counselling (both paths start at "first_contact").
    if case.stage == PersonStage.FIRST_CONTACT:
        case.stage = (
            PersonStage.IN_COUNSELLING if case.person_id is not None else CompanyStage.COUNSELLING
        )
        case.save(update_fields=["stage"])
        CaseStageChange.objects.create(case=case, stage=case.stage, changed_by=actor)
    audit_log(actor=actor, action=audit_actions.SESSION_RECORDED, obj=session, office=case.office)
    return session


@transaction.atomic
def next_step_add(
    *, actor: User, case: Case, title: str, due_on: datetime.date, owner: User
) -> NextStep:
    """Add a task with a due date for a writing member of the case's office."""
    require_write(actor, case)
    require_open(case)
    if not owner.can_write_for(case.office_id):
        raise ValidationError({"owner": _("The owner must be a counsellor of the same office.")})
    if due_on < timezone.localdate() - datetime.timedelta(days=1):
        raise ValidationError({"due_on": _("The due date lies in the past.")})
    step = NextStep.objects.create(case=case, title=title, due_on=due_on, owner=owner)
    audit_log(actor=actor, action=audit_actions.NEXT_STEP_ADDED, obj=step, office=case.office)
    return step


@transaction.atomic
def next_step_complete(*, actor: User, step: NextStep) -> NextStep:
    """Mark a step done."""
    require_write(actor, step)
    if step.done_at is not None:
        raise ValidationError(_("This step is already done."))
    step.done_at = timezone.now()
    step.save(update_fields=["done_at"])
    audit_log(
        actor=actor, action=audit_actions.NEXT_STEP_COMPLETED, obj=step, office=step.case.office
    )
    return step


@transaction.atomic
def next_step_reopen(*, actor: User, step: NextStep) -> NextStep:
    """Undo "done": the step is open again (of an open case only)."""
    require_write(actor, step)
    if step.done_at is None:
        raise ValidationError(_("This step is still open."))
    require_open(step.case)
    step.done_at = None
    step.save(update_fields=["done_at"])
    audit_log(
        actor=actor, action=audit_actions.NEXT_STEP_REOPENED, obj=step, office=step.case.office
    )
    return step
