"""Writes of proposals, weights and matching runs. A proposal is always a counsellor's
decision, and always audited.

Every function calls `require_write*` first (the same rule as the views' `*_get_for_user(...,
write=True)`), because views, the worker, commands and the API all reach them.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kausa.core.access import (
    WriteDenied,
    require_configure,
    require_write,
    require_write_for_office,
)
from kausa.core.audit import audit_log
from kausa.core.models import Office, User
from kausa.core.services import model_update
from kausa.people.models import Person
from kausa.placements import audit_actions
from kausa.placements.adapter import suggestions_for_person
from kausa.placements.models import (
    DECLINED,
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
def matching_run_start(*, actor: User, office: Office) -> MatchingRun:
    """Queue an office-wide matching run for the worker (after this transaction commits)."""
    require_write_for_office(actor, office.pk)
    run = MatchingRun.objects.create(office=office, started_by=actor)
    audit_log(actor=actor, action=audit_actions.MATCHING_RUN_STARTED, obj=run, office=office)
    transaction.on_commit(lambda: matching_run_execute.enqueue(run.pk))
    return run


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
