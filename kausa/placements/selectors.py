"""Reads of proposals, matching runs and weights, scoped like the people they concern.

Access goes through `core.access`: an invisible object answers 404, `write=True` answers 403
for one the user may see but not change.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from kausa.core.access import get_for_user, office_scoped, require_configure
from kausa.core.models import Office, User
from kausa.people.selectors import people_visible_to
from kausa.placements.models import MatchingRun, MatchingWeights, Proposal, ProposalStatus


def proposals_visible_to(user: User) -> QuerySet[Proposal]:
    return Proposal.objects.filter(person__in=people_visible_to(user)).select_related(
        "person", "vacancy__company", "vacancy__occupation", "office"
    )


@dataclass(frozen=True)
class ProposalFilters:
    status: str = ""


def proposal_list(user: User, filters: ProposalFilters) -> QuerySet[Proposal]:
    proposals = proposals_visible_to(user)
    if filters.status in ProposalStatus.values:
        proposals = proposals.filter(status=filters.status)
    return proposals


def proposal_get_for_user(user: User, pk: int, *, write: bool = False) -> Proposal:
    return get_for_user(proposals_visible_to(user), pk, user=user, write=write)


def matching_run_list(user: User) -> QuerySet[MatchingRun]:
    return office_scoped(MatchingRun.objects.all(), user).select_related("office", "started_by")


def matching_run_get_for_user(user: User, pk: int, *, write: bool = False) -> MatchingRun:
    return get_for_user(matching_run_list(user), pk, user=user, write=write)


def weights_offices(user: User) -> QuerySet[Office]:
    """The offices whose weights the user configures: team leads and administrators every
    office of their organisation, nobody else any."""
    offices = Office.objects.filter(organisation_id=user.organisation_pk).order_by("name")
    return offices if user.can_configure else offices.none()


def weights_office_for_user(user: User, office_id: str | None, *, write: bool = False) -> Office:
    """The office named in the request (404 for one of another organisation), else the first
    office of the organisation; `write`: 403 unless the user configures weights."""
    if write:
        require_configure(user)
    offices = weights_offices(user)
    if not office_id:
        first = offices.first()
        office_id = str(first.pk if first is not None else 0)
    pk = int(office_id) if office_id.isascii() and office_id.isdigit() else 0
    return get_for_user(offices, pk, user=user)


def matching_weights_for_office(office: Office) -> MatchingWeights:
    """The office's saved weights, or the defaults unsaved (a GET never writes)."""
    return MatchingWeights.objects.filter(office=office).first() or MatchingWeights(office=office)
