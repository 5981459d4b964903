"""Writes of chain runs: starting a chain for a person or company, following its steps.

A run belongs to the office that started it. Every function calls `require_write*` first
(the same rule as the views' `chain_run_get_for_user(..., write=True)`), because views,
commands, the demo loader and the API all reach it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.chains import audit_actions
from kausa.chains.models import (
    HANDOUT_LANGUAGES,
    Audience,
    ChainRun,
    ChainRunStep,
    ChainTemplate,
    StepStatus,
    TemplateStatus,
)
from kausa.companies.models import Company
from kausa.core.access import require_write, require_write_for_office
from kausa.core.audit import audit_log
from kausa.core.models import User
from kausa.counselling.models import Case
from kausa.people.models import Person, PersonSensitive


def condition_applies(condition: dict[str, Any] | None, context: dict[str, Any]) -> bool:
    """Does a step's condition hold for the subject? No condition: always."""
    if not condition:
        return True
    statuses = condition.get("residence_status_in")
    if statuses is not None and context.get("residence_status") not in statuses:
        return False
    abroad = condition.get("lives_abroad")
    return abroad is None or bool(context.get("lives_abroad")) == bool(abroad)


def person_context(person: Person) -> dict[str, Any]:
    sensitive = PersonSensitive.objects.filter(person=person).first()
    return {
        "residence_status": sensitive.residence_status if sensitive else "unknown",
        "lives_abroad": person.lives_abroad,
    }


def _check_start(
    actor: User, template: ChainTemplate, person: Person | None, company: Company | None
) -> None:
    if template.status != TemplateStatus.PUBLISHED:
        raise ValidationError(_("Only a published process chain can be started."))
    if template.organisation_id != actor.organisation_pk:
        raise ValidationError(_("This process chain belongs to another organisation."))
    if (person is None) == (company is None):
        raise ValidationError(_("A process chain is for one person or one company."))
    expected = Audience.PERSON if person is not None else Audience.COMPANY
    if template.audience != expected:
        raise ValidationError(_("This process chain is meant for another audience."))


def _run_steps(run: ChainRun, template: ChainTemplate) -> list[ChainRunStep]:
    """One row per step: conditional steps that do not apply are marked so, due dates add up
    the typical durations, the partner is the district's."""
    partners = {
        row.partner_type: row.partner
        for row in template.district_partners.filter(district=run.district).select_related(
            "partner"
        )
    }
    due = run.started_on
    rows = []
    for step in template.steps.all():
        applies = condition_applies(step.condition, run.context)
        if applies and step.typical_duration_days:
            due = due + datetime.timedelta(days=step.typical_duration_days)
        rows.append(
            ChainRunStep(
                run=run,
                step=step,
                status=StepStatus.OPEN if applies else StepStatus.NOT_APPLICABLE,
                due_on=due if applies else None,
                partner=partners.get(step.partner_type),
            )
        )
    return rows


@transaction.atomic
def chain_run_start(
    *,
    actor: User,
    template: ChainTemplate,
    person: Person | None = None,
    company: Company | None = None,
    case: Case | None = None,
    language: str = "de",
    context: dict[str, Any] | None = None,
    started_on: datetime.date | None = None,
) -> ChainRun:
    """Start the chain for a person or company in the actor's office: the district variant
    comes from their address. A person's chain is started by the person's office; a
    company's (shared by the organisation) by any office."""
    require_write_for_office(actor, person.office_id if person is not None else actor.office_id)
    office = actor.office
    assert office is not None  # only an office's staff write for it
    _check_start(actor, template, person, company)
    subject: Any = person if person is not None else company
    if person is not None:
        context = {**person_context(person), **(context or {})}
    run = ChainRun.objects.create(
        template=template,
        office=office,
        person=person,
        company=company,
        case=case,
        district=subject.district,
        language=language,
        context=context or {},
        counsellor=actor,
        started_on=started_on or timezone.localdate(),
    )
    ChainRunStep.objects.bulk_create(_run_steps(run, template))
    audit_log(actor=actor, action=audit_actions.RUN_STARTED, obj=run, office=run.office)
    return run


@transaction.atomic
def chain_run_step_update(
    *,
    actor: User,
    run_step: ChainRunStep,
    status: str,
    due_on: datetime.date | None,
    notes: str,
) -> ChainRunStep:
    """Record progress on one step of a run (its office only)."""
    require_write(actor, run_step)
    run_step.status = status
    run_step.due_on = due_on
    run_step.notes = notes
    run_step.completed_at = timezone.now() if status == StepStatus.DONE else None
    run_step.save(update_fields=["status", "due_on", "notes", "completed_at"])
    audit_log(
        actor=actor,
        action=audit_actions.RUN_STEP_UPDATED,
        obj=run_step,
        office=run_step.run.office,
        changed_fields=["status", "due_on", "notes"],
    )
    return run_step


OPEN_STEP_STATUSES = (StepStatus.OPEN, StepStatus.IN_PROGRESS)


@transaction.atomic
def chain_run_step_complete(*, actor: User, run_step: ChainRunStep) -> ChainRunStep:
    """Mark an open step of a run done (the task list's button); notes stay as they are."""
    require_write(actor, run_step)
    if run_step.status not in OPEN_STEP_STATUSES:
        raise ValidationError(_("This step is not open."))
    run_step.status = StepStatus.DONE
    run_step.completed_at = timezone.now()
    run_step.save(update_fields=["status", "completed_at"])
    audit_log(
        actor=actor,
        action=audit_actions.RUN_STEP_COMPLETED,
        obj=run_step,
        office=run_step.run.office,
        changed_fields=["status"],
    )
    return run_step


@transaction.atomic
def chain_run_step_reopen(*, actor: User, run_step: ChainRunStep) -> ChainRunStep:
    """Undo "done": the step is open again."""
    require_write(actor, run_step)
    if run_step.status != StepStatus.DONE:
        raise ValidationError(_("This step is not done."))
    run_step.status = StepStatus.OPEN
    run_step.completed_at = None
    run_step.save(update_fields=["status", "completed_at"])
    audit_log(
        actor=actor,
        action=audit_actions.RUN_STEP_REOPENED,
        obj=run_step,
        office=run_step.run.office,
        changed_fields=["status"],
    )
    return run_step


@transaction.atomic
def chain_run_language_set(*, actor: User, run: ChainRun, language: str) -> ChainRun:
    """Choose the second language of the run's hand-out (its office only)."""
    require_write(actor, run)
    if language not in dict(HANDOUT_LANGUAGES):
        raise ValidationError({"language": _("Choose one of the hand-out languages.")})
    if run.language == language:
        return run
    run.language = language
    run.save(update_fields=["language"])
    audit_log(
        actor=actor,
        action=audit_actions.RUN_LANGUAGE_CHANGED,
        obj=run,
        office=run.office,
        changed_fields=["language"],
    )
    return run
