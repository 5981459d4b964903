"""Audit codes of proposals and matching runs (see core.audit_registry)."""

from django.utils.translation import gettext_lazy as _

from kausa.core.audit_registry import register

PROPOSAL = "placements.proposal"
PROPOSAL_CREATED = register("placements.proposal.created", _("Proposal made"), PROPOSAL)
PROPOSAL_CREATED_MANUALLY = register(
    "placements.proposal.created_manually", _("Proposal made by hand"), PROPOSAL
)
PROPOSAL_CREATED_FROM_RUN = register(
    "placements.proposal.created_from_run", _("Proposal accepted from a matching run"), PROPOSAL
)
PROPOSAL_STATUS_CHANGED = register(
    "placements.proposal.status_changed", _("Proposal status changed"), PROPOSAL
)
WEIGHTS_UPDATED = register(
    "placements.weights.updated", _("Matching weights changed"), "placements.matchingweights"
)
MATCHING_RUN_STARTED = register(
    "placements.matching_run.started", _("Matching run started"), "placements.matchingrun"
)
