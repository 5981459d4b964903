"""Writes of cases, sessions and next steps. Each is one transaction with an audit entry."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.companies.models import Company
from kausa.core.audit import audit_log
from kausa.core.models import Office, User
from kausa.counselling.consents import consent_withdrawn
from kausa.counselling.models import (
    Case,
    CaseHandover,
    CaseStageChange,
    CompanyStage,
    ConsentPurpose,
    CounsellingSession,
    NextStep,
    PersonStage,
)
from kausa.partners.models import Topic
from kausa.people.models import Person

MAX_SESSION_MINUTES = 600
OLDEST_SESSION_YEARS = 5


def _require_office_staff(actor: User, office: Office) -> None:
    """Cases are written only by staff of the office that owns them."""
    if not actor.can_write or actor.office_id != office.pk:
        raise ValidationError(_("Only staff of the owning office can change this case."))


def _require_open(case: Case) -> None:
    if case.closed_at is not None:
        raise ValidationError(_("This case is closed. Reopen it first."))


@transaction.atomic
def case_open_for_person(*, actor: User, person: Person, opened_on: datetime.date) -> Case:
    _require_office_staff(actor, person.office)
    if person.cases.filter(closed_at__isnull=True).exists():
        raise ValidationError(_("This person already has an open case."))
    if consent_withdrawn(person, ConsentPurpose.COUNSELLING):
        raise ValidationError(_("The person has withdrawn consent to counselling."))
    return _case_create(
        actor=actor,
        office=person.office,
        opened_on=opened_on,
        person=person,
        stage=PersonStage.FIRST_CONTACT,
    )


@transaction.atomic
def case_open_for_company(*, actor: User, company: Company, opened_on: datetime.date) -> Case:
    if actor.office is None or not actor.can_write:
        raise ValidationError(_("Only counsellors of an office can open cases."))
    if company.organisation_id != actor.organisation_pk:
        raise ValidationError(_("This company belongs to another organisation."))
    if company.cases.filter(closed_at__isnull=True, office=actor.office).exists():
        raise ValidationError(_("Your office already has an open case for this company."))
    return _case_create(
        actor=actor,
        office=actor.office,
        opened_on=opened_on,
        company=company,
        stage=CompanyStage.FIRST_CONTACT,
    )


def _case_create(
    *, actor: User, office: Office, opened_on: datetime.date, stage: str, **subject: Any
) -> Case:
    case = Case.objects.create(
        office=office, counsellor=actor, stage=stage, opened_on=opened_on, **subject
    )
    CaseStageChange.objects.create(case=case, stage=case.stage, changed_by=actor)
    audit_log(actor=actor, action="counselling.case.opened", obj=case, office=case.office)
    return case


@transaction.atomic
def case_set_stage(*, actor: User, case: Case, stage: str, end_reason: str = "") -> Case:
    """Move the case to another stage; "ended" needs a reason and closes the case."""
    _require_office_staff(actor, case.office)
    _require_open(case)
    if stage not in case.stage_choices.values:
        raise ValidationError(_("Unknown stage."))
    if stage == case.stage:
        raise ValidationError(_("The case is already at this stage."))
    ended = stage == PersonStage.ENDED
    if ended and not end_reason:
        raise ValidationError(_("Please give the reason for ending the case."))
    case.stage = stage
    case.end_reason = end_reason if ended else ""
    if ended:
        case.closed_at = timezone.now()
    case.save(update_fields=["stage", "end_reason", "closed_at"])
    CaseStageChange.objects.create(
        case=case, stage=stage, end_reason=case.end_reason, changed_by=actor
    )
    audit_log(
        actor=actor,
        action="counselling.case.stage_changed",
        obj=case,
        office=case.office,
        changed_fields=["stage", "end_reason"] if ended else ["stage"],
    )
    return case


@transaction.atomic
def case_close(*, actor: User, case: Case, end_reason: str) -> Case:
    """Close a case (e.g. after completed training) without losing its last stage."""
    _require_office_staff(actor, case.office)
    _require_open(case)
    if not end_reason:
        raise ValidationError(_("Please give the reason for closing the case."))
    case.closed_at = timezone.now()
    case.end_reason = end_reason
    case.save(update_fields=["closed_at", "end_reason"])
    audit_log(actor=actor, action="counselling.case.closed", obj=case, office=case.office)
    return case


@transaction.atomic
def case_reopen(*, actor: User, case: Case) -> Case:
    _require_office_staff(actor, case.office)
    if case.closed_at is None:
        raise ValidationError(_("This case is open."))
    if case.person is not None and case.person.cases.filter(closed_at__isnull=True).exists():
        raise ValidationError(_("This person already has an open case."))
    case.closed_at = None
    case.end_reason = ""
    if case.stage == PersonStage.ENDED:
        case.stage = PersonStage.IN_COUNSELLING if case.person_id else CompanyStage.COUNSELLING
        CaseStageChange.objects.create(case=case, stage=case.stage, changed_by=actor)
    case.save(update_fields=["closed_at", "end_reason", "stage"])
    audit_log(actor=actor, action="counselling.case.reopened", obj=case, office=case.office)
    return case


@transaction.atomic
def case_hand_over(*, actor: User, case: Case, counsellor: User) -> Case:
    _require_office_staff(actor, case.office)
    if counsellor.office_id != case.office_id or not counsellor.can_write:
        raise ValidationError(_("Cases can only be handed over to counsellors of the same office."))
    if counsellor.pk == case.counsellor_id:
        raise ValidationError(_("This counsellor is already responsible."))
    CaseHandover.objects.create(
        case=case,
        from_counsellor_id=case.counsellor_id,
        to_counsellor=counsellor,
        handed_over_by=actor,
    )
    case.counsellor = counsellor
    case.save(update_fields=["counsellor"])
    audit_log(
        actor=actor,
        action="counselling.case.handed_over",
        obj=case,
        office=case.office,
        changed_fields=["counsellor"],
    )
    return case


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
    _require_office_staff(actor, case.office)
    _require_open(case)
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
    if case.stage == PersonStage.FIRST_CONTACT and case.person_id:
        case.stage = PersonStage.IN_COUNSELLING
        case.save(update_fields=["stage"])
        CaseStageChange.objects.create(case=case, stage=case.stage, changed_by=actor)
    elif case.stage == CompanyStage.FIRST_CONTACT and case.company_id:
        case.stage = CompanyStage.COUNSELLING
        case.save(update_fields=["stage"])
        CaseStageChange.objects.create(case=case, stage=case.stage, changed_by=actor)
    audit_log(actor=actor, action="counselling.session.recorded", obj=session, office=case.office)
    return session


@transaction.atomic
def next_step_add(
    *, actor: User, case: Case, title: str, due_on: datetime.date, owner: User
) -> NextStep:
    _require_office_staff(actor, case.office)
    _require_open(case)
    if owner.office_id != case.office_id or not owner.can_write:
        raise ValidationError({"owner": _("The owner must be a counsellor of the same office.")})
    if due_on < timezone.localdate() - datetime.timedelta(days=1):
        raise ValidationError({"due_on": _("The due date lies in the past.")})
    step = NextStep.objects.create(case=case, title=title, due_on=due_on, owner=owner)
    audit_log(actor=actor, action="counselling.next_step.added", obj=step, office=case.office)
    return step


@transaction.atomic
def next_step_complete(*, actor: User, step: NextStep) -> NextStep:
    _require_office_staff(actor, step.case.office)
    if step.done_at is not None:
        raise ValidationError(_("This step is already done."))
    step.done_at = timezone.now()
    step.save(update_fields=["done_at"])
    audit_log(
        actor=actor, action="counselling.next_step.completed", obj=step, office=step.case.office
    )
    return step
