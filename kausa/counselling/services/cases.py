"""Writes of cases: open, stage, close, reopen, hand over. Each is one transaction with one
audit entry.

Every service takes an object that passed the chokepoint (`case_get_for_user(..., write=True)`)
and checks the write rule again first (`require_write`), because commands, the worker and the
API reach the services too.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.companies.models import Company
from kausa.core.access import require_write, require_write_for_office
from kausa.core.audit import audit_log
from kausa.core.models import Office, User
from kausa.counselling import audit_actions
from kausa.counselling.models import (
    Case,
    CaseHandover,
    CaseStageChange,
    CompanyStage,
    ConsentPurpose,
    PersonStage,
)
from kausa.counselling.selectors import consent_withdrawn
from kausa.counselling.services.followup import followup_on_stage
from kausa.people.models import Person


def require_open(case: Case) -> None:
    if case.closed_at is not None:
        raise ValidationError(_("This case is closed. Reopen it first."))


@transaction.atomic
def case_open_for_person(*, actor: User, person: Person, opened_on: datetime.date) -> Case:
    """Open a case in the person's office. Requires write access to that office."""
    require_write_for_office(actor, person.office_id)
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
    """Open a case for a company of the organisation in the actor's own office."""
    require_write_for_office(actor, actor.office_id)
    if company.organisation_id != actor.organisation_pk:
        raise ValidationError(_("This company belongs to another organisation."))
    office = actor.office
    assert office is not None  # require_write_for_office refused staff without an office
    if company.cases.filter(closed_at__isnull=True, office=office).exists():
        raise ValidationError(_("Your office already has an open case for this company."))
    return _case_create(
        actor=actor,
        office=office,
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
    audit_log(actor=actor, action=audit_actions.CASE_OPENED, obj=case, office=case.office)
    return case


@transaction.atomic
def case_set_stage(*, actor: User, case: Case, stage: str, end_reason: str = "") -> Case:
    """Move the case to another stage; "ended" needs a reason and closes the case."""
    require_write(actor, case)
    require_open(case)
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
    followup_on_stage(case=case)  # plans follow-up contacts when training starts
    audit_log(
        actor=actor,
        action=audit_actions.CASE_STAGE_CHANGED,
        obj=case,
        office=case.office,
        changed_fields=["stage", "end_reason"] if ended else ["stage"],
    )
    return case


@transaction.atomic
def case_close(*, actor: User, case: Case, end_reason: str) -> Case:
    """Close a case (e.g. after completed training) without losing its last stage."""
    require_write(actor, case)
    require_open(case)
    if not end_reason:
        raise ValidationError(_("Please give the reason for closing the case."))
    case.closed_at = timezone.now()
    case.end_reason = end_reason
    case.save(update_fields=["closed_at", "end_reason"])
    audit_log(actor=actor, action=audit_actions.CASE_CLOSED, obj=case, office=case.office)
    return case


@transaction.atomic
def case_reopen(*, actor: User, case: Case) -> Case:
    """Reopen a closed case (an ended one goes back to counselling)."""
    require_write(actor, case)
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
    audit_log(actor=actor, action=audit_actions.CASE_REOPENED, obj=case, office=case.office)
    return case


@transaction.atomic
def case_hand_over(*, actor: User, case: Case, counsellor: User) -> Case:
    """Make another counsellor of the same office responsible."""
    require_write(actor, case)
    if not counsellor.can_write_for(case.office_id):
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
        action=audit_actions.CASE_HANDED_OVER,
        obj=case,
        office=case.office,
        changed_fields=["counsellor"],
    )
    return case
