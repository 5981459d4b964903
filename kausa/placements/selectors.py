"""Reads of proposals, matching runs and weights, scoped like the people they concern.

Access goes through `core.access`: an invisible object answers 404, `write=True` answers 403
for one the user may see but not change.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from kausa.core.access import get_for_user, may_write, office_scoped, require_configure
from kausa.core.health import worker_missing_since
from kausa.core.models import Office, User
from kausa.core.search import normalize
from kausa.counselling.models import Case
from kausa.counselling.selectors import cases_visible_to
from kausa.people.selectors import people_visible_to
from kausa.placements.models import MatchingRun, MatchingWeights, Proposal, ProposalStatus
from kausa.vacancies.models import Vacancy


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


# Stages a case may still be in when the contract is signed (offer "training started").
BEFORE_TRAINING = ("first_contact", "in_counselling", "applying", "entry_qualification")


def case_awaiting_training_start(user: User, proposal: Proposal) -> Case | None:
    """After a signed contract: the person's open case the user may move to "training
    started" (a counsellor's decision, never automatic), if it is still before training."""
    if proposal.status != ProposalStatus.CONTRACT_SIGNED:
        return None
    case = (
        cases_visible_to(user)
        .filter(person_id=proposal.person_id, closed_at__isnull=True, stage__in=BEFORE_TRAINING)
        .first()
    )
    return case if case is not None and may_write(user, case) else None


def run_start_offices(user: User) -> QuerySet[Office]:
    """Offices the user may start a matching run for: a counsellor their own, a team lead
    every office of the organisation (see `services.may_start_run`)."""
    offices = Office.objects.filter(organisation_id=user.organisation_pk).order_by("name")
    if user.office_id is not None and user.can_write_for(user.office_id):
        return offices.filter(pk=user.office_id)
    if user.is_active and user.sees_all_offices:
        return offices
    return offices.none()


# A queued run waiting this long while the queue shows no worker activity means no worker.
WORKER_WAIT = datetime.timedelta(minutes=2)


def worker_missing(run: MatchingRun, now: datetime.datetime | None = None) -> bool:
    """True if the run has waited over `WORKER_WAIT` and the queue shows no worker at work
    meanwhile (database queue: no task started or finished; Redis: no live worker)."""
    now = now or timezone.now()
    if run.state != MatchingRun.State.QUEUED or run.created_at > now - WORKER_WAIT:
        return False
    return worker_missing_since(now - WORKER_WAIT)


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


PLACE_SEARCH_LIMIT = 20


def open_places_search(organisation_id: int, query: str) -> list[Vacancy]:
    """Up to `PLACE_SEARCH_LIMIT` open places of the organisation whose company, occupation,
    postal code or town contain every word of ``query`` (a postal code from its start)."""
    terms = query.split()[:5]
    if not terms:
        return []
    places = Vacancy.objects.filter(
        company__organisation_id=organisation_id,
        status="open",
        archived_at__isnull=True,
        company__archived_at__isnull=True,
    )
    for term in terms:
        places = places.filter(
            Q(company__search_text__contains=normalize(term))
            | Q(company__name__icontains=term)
            | Q(occupation__name__icontains=term)
            | Q(postal_code__startswith=term)
            | Q(place__icontains=term)
        )
    return list(
        places.select_related("company", "occupation").order_by(
            "company__name", "occupation__name", "postal_code", "start_date", "pk"
        )[:PLACE_SEARCH_LIMIT]
    )
