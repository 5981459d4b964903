"""Writes of proposals, weights and matching runs. A proposal is always a counsellor's
decision, and always audited.

Every function calls `require_write*` first (the same rule as the views' `*_get_for_user(...,
write=True)`), because views, the worker, commands and the API all reach them.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.core.access import (
    WriteDenied,
    require_configure,
    require_write,
)
from kausa.core.audit import audit_log
from kausa.core.models import Office, User
from kausa.core.services import model_update
from kausa.people.models import Person
from kausa.placements import audit_actions
from kausa.placements.adapter import suggestions_for_person
from kausa.placements.models import (
    DECLINED,
    RUN_STALL_TIMEOUT,
    MatchingRun,
    MatchingRunPair,
    MatchingWeights,
    Proposal,
    ProposalStatusChange,
)
from kausa.placements.tasks import matching_run_execute
from kausa.vacancies.models import Vacancy

SUGGESTIONS_CHECKED = 50  # a place among a person's best 50 counts as suggested


@transaction.atomic
def proposal_create(
    *, actor: User, person: Person, vacancy: Vacancy, source: str = Proposal.Source.SUGGESTION
) -> Proposal:
    """Propose `person` for `vacancy`. The score and its factors are computed here, never taken
    from the request; a place that is not among the person's suggestions is a manual proposal
    (an override of the engine) and is marked and audited as such."""
    require_write(actor, person)
    if Proposal.objects.filter(person=person, vacancy=vacancy).exists():
        raise ValidationError(_("This person has already been proposed for this place."))
    if vacancy.company.organisation_id != person.office.organisation_id:
        raise ValidationError(_("This place belongs to another organisation."))
    suggestion = next(
        (
            item
            for item in suggestions_for_person(person, k=SUGGESTIONS_CHECKED)
            if item.vacancy.pk == vacancy.pk
        ),
        None,
    )
    if suggestion is None:
        source = Proposal.Source.MANUAL
    proposal = Proposal.objects.create(
        office=person.office,
        person=person,
        vacancy=vacancy,
        source=source,
        score=suggestion.score if suggestion else None,
        factors=suggestion.factors_json() if suggestion else [],
        created_by=actor,
    )
    ProposalStatusChange.objects.create(proposal=proposal, status=proposal.status, changed_by=actor)
    action = audit_actions.PROPOSAL_CREATED
    if source == Proposal.Source.MANUAL:
        action = audit_actions.PROPOSAL_CREATED_MANUALLY
    audit_log(actor=actor, action=action, obj=proposal, office=person.office)
    return proposal


@transaction.atomic
def proposal_set_status(
    *, actor: User, proposal: Proposal, status: str, decline_reason: str = ""
) -> Proposal:
    """Move a proposal one step on, or decline it (with a reason) while it is open: the only
    validator of `Proposal.next_statuses()`."""
    require_write(actor, proposal)
    if status not in proposal.next_statuses():
        raise ValidationError(_("This step is not possible from the current status."))
    if status in DECLINED and not decline_reason:
        raise ValidationError(_("Please give the reason for the decline."))
    proposal.status = status
    proposal.decline_reason = decline_reason if status in DECLINED else ""
    proposal.save(update_fields=["status", "decline_reason", "updated_at"])
    ProposalStatusChange.objects.create(
        proposal=proposal, status=status, decline_reason=proposal.decline_reason, changed_by=actor
    )
    audit_log(
        actor=actor,
        action=audit_actions.PROPOSAL_STATUS_CHANGED,
        obj=proposal,
        office=proposal.office,
        changed_fields=["status", "decline_reason"] if proposal.decline_reason else ["status"],
    )
    return proposal


def _require_weights_write(actor: User, weights: MatchingWeights) -> None:
    """Weights are configuration: team leads and administrators, for the offices of their
    own organisation."""
    require_configure(actor)
    if not actor.can_write_shared(weights.office.organisation_id):
        raise WriteDenied


@transaction.atomic
def matching_weights_update(
    *, actor: User, weights: MatchingWeights, data: dict[str, Any]
) -> MatchingWeights:
    """Save the weights (the defaults are stored on the first change); unchanged values
    leave no audit entry."""
    _require_weights_write(actor, weights)
    changed = model_update(weights, fields=list(data), data=data)
    if changed:
        weights.full_clean()
        weights.save()
        audit_log(
            actor=actor,
            action=audit_actions.WEIGHTS_UPDATED,
            obj=weights,
            office=weights.office,
            changed_fields=changed,
        )
    return weights


@transaction.atomic
def matching_run_start(*, actor: User, office: Office, reason: str = "") -> MatchingRun:
    """Queue an office-wide matching run for the worker (after this transaction commits).

    Counsellors start runs for their own office; a team lead may start one for any office of
    the organisation and says why. One run per office at a time.
    """
    require_start_run(actor, office)
    reason = reason.strip()
    if not actor.can_write_for(office.pk) and not reason:
        raise ValidationError({"reason": _("Say why you start a run for this office.")})
    matching_runs_fail_stalled(office=office)
    unfinished = MatchingRun.objects.select_for_update().filter(
        office=office, state__in=UNFINISHED_RUN_STATES
    )
    if unfinished.exists():
        raise ValidationError(
            _("A matching run of this office is already waiting or running. Wait until it ends.")
        )
    run = MatchingRun.objects.create(office=office, started_by=actor, reason=reason)
    audit_log(actor=actor, action=audit_actions.MATCHING_RUN_STARTED, obj=run, office=office)
    transaction.on_commit(lambda: matching_run_execute.enqueue(run.pk))
    return run


def require_start_run(actor: User, office: Office) -> None:
    if not may_start_run(actor, office):
        raise WriteDenied


def may_start_run(user: User, office: Office) -> bool:
    """Writing members of the office, or a team lead of its organisation (with a reason)."""
    if user.can_write_for(office.pk):
        return True
    return (
        user.is_active
        and user.sees_all_offices
        and user.organisation_id is not None
        and user.organisation_id == office.organisation_id
    )


UNFINISHED_RUN_STATES = (MatchingRun.State.QUEUED, MatchingRun.State.RUNNING)


# A run without a sign of life from the worker this long is given up (the worker died or a
# task was lost); the office can start a new one.
@transaction.atomic
def matching_runs_fail_stalled(
    *, office: Office | None = None, now: datetime.datetime | None = None
) -> int:
    """Mark runs failed that made no progress within `RUN_STALL_TIMEOUT` (housekeeping)."""
    cutoff = (now or timezone.now()) - RUN_STALL_TIMEOUT
    runs = MatchingRun.objects.filter(state__in=UNFINISHED_RUN_STATES).filter(
        Q(progressed_at__lt=cutoff) | Q(progressed_at__isnull=True, created_at__lt=cutoff)
    )
    if office is not None:
        runs = runs.filter(office=office)
    return runs.update(state=MatchingRun.State.FAILED, finished_at=now or timezone.now())


@transaction.atomic
def proposal_from_run(*, actor: User, pair: MatchingRunPair) -> Proposal:
    """Accept one pair of a matching run as a proposal (the counsellor's decision)."""
    require_write(actor, pair.person)
    if Proposal.objects.filter(person=pair.person, vacancy=pair.vacancy).exists():
        raise ValidationError(_("This person has already been proposed for this place."))
    proposal = Proposal.objects.create(
        office=pair.person.office,
        person=pair.person,
        vacancy=pair.vacancy,
        source=Proposal.Source.MATCHING_RUN,
        score=pair.score,
        factors=pair.factors,
        created_by=actor,
    )
    ProposalStatusChange.objects.create(proposal=proposal, status=proposal.status, changed_by=actor)
    audit_log(
        actor=actor,
        action=audit_actions.PROPOSAL_CREATED_FROM_RUN,
        obj=proposal,
        office=proposal.office,
    )
    return proposal
