"""This sub-domain's rows of the portal permission matrix (kausa/portal/tests/test_portal_matrix.py)
and of the staff permission matrix (kausa/core/tests/test_permission_matrix.py)."""

from __future__ import annotations

from typing import Any

# route -> (record kind its args name, or None; {method: policy}); see the portal matrix.
PORTAL_MATRIX: dict[str, tuple[str | None, dict[str, str]]] = {
    "portal_proposals:list": (None, {"get": "company"}),
    "portal_proposals:detail": ("company_proposal", {"get": "company_object"}),
    "portal_proposals:respond": ("company_proposal", {"post": "company_object"}),
}
# Routes whose only key is a signed token in the URL, tested in this app's own tests.
TOKEN_ROUTES: set[str] = set()
# Staff routes: same format as kausa/core/tests/test_permission_matrix.py's MATRIX.
STAFF_MATRIX: dict[str, tuple[str | None, dict[str, str]]] = {}


def sent_proposal(person: Any, vacancy: Any, counsellor: Any) -> Any:
    """A proposal the counsellor has sent to the company (its application went out)."""
    from kausa.placements.models import Proposal, ProposalStatus, ProposalStatusChange

    proposal = Proposal.objects.create(
        office=person.office,
        person=person,
        vacancy=vacancy,
        source=Proposal.Source.MANUAL,
        status=ProposalStatus.APPLICATION_SENT,
        created_by=counsellor,
    )
    for status in (ProposalStatus.PROPOSED, ProposalStatus.APPLICATION_SENT):
        ProposalStatusChange.objects.create(proposal=proposal, status=status, changed_by=counsellor)
    return proposal


def portal_records(world: Any) -> dict[str, list[Any]]:
    """URL args per record kind of PORTAL_MATRIX, built fresh for one route."""
    from kausa.placements.models import Proposal

    proposal = Proposal.objects.filter(person=world.person, vacancy=world.vacancy).first()
    if proposal is None:
        proposal = sent_proposal(world.person, world.vacancy, world.counsellor)
    return {"company_proposal": [proposal.pk]}


def staff_records(world: Any) -> dict[str, list[Any]]:
    """URL args per record kind of STAFF_MATRIX. `world` carries the staff matrix's records as
    lists of URL args (world.person == [pk], world.company, world.vacancy, …) and the objects
    world.organisation, world.office_a and world.counsellor_a."""
    return {}
