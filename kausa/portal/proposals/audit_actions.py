"""Audit codes of the companies' answers to proposals (see core.audit_registry)."""

from django.utils.translation import gettext_lazy as _

from kausa.core.audit_registry import register

PROPOSAL = "placements.proposal"
ACCEPTED = register(
    "portal.proposal.accepted_by_company",
    _("Company invited the candidate to an interview (portal)"),
    PROPOSAL,
)
DECLINED = register(
    "portal.proposal.declined_by_company", _("Company declined the proposal (portal)"), PROPOSAL
)
