"""Reads of the company portal's proposals: always scoped to the signed-in company, and the
candidate only as a pseudonymised profile.

A proposal reaches the company when the counsellor sends the application
(`ProposalStatus.APPLICATION_SENT`); every later step of the pipeline passes through that
status, so its history tells which proposals the company has received. Proposals still at
"proposed" (the counsellor's internal decision) or declined before sending stay invisible.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.companies.models import Company
from kausa.counselling.models import Consent, ConsentPurpose
from kausa.placements.models import Proposal, ProposalStatus, ProposalStatusChange
from kausa.reference.gazetteer import haversine_km

# Statuses only reachable after the application went out (for rows without a history).
_AFTER_SENDING = (
    ProposalStatus.APPLICATION_SENT,
    ProposalStatus.INTERVIEW,
    ProposalStatus.TRIAL,
    ProposalStatus.CONTRACT_SIGNED,
)
# The step at which the company answers in the portal.
AWAITING_ANSWER = ProposalStatus.APPLICATION_SENT


def company_proposals(company: Company) -> QuerySet[Proposal]:
    """The proposals the company has received, newest first."""
    sent = ProposalStatusChange.objects.filter(
        proposal=OuterRef("pk"), status=ProposalStatus.APPLICATION_SENT
    )
    latest_matching_consent = Consent.objects.filter(
        person=OuterRef("person_id"), purpose=ConsentPurpose.MATCHING
    ).order_by("-given_on", "-id")
    return (
        Proposal.objects.filter(
            vacancy__company=company,
            office__organisation_id=company.organisation_id,
            person__archived_at__isnull=True,
        )
        .filter(Q(Exists(sent)) | Q(status__in=_AFTER_SENDING))
        # Like the matching engine (placements.snapshot.matchable): a person who withdrew
        # the consent to matching with companies is shown to no company any more.
        .annotate(
            matching_withdrawn_on=Subquery(latest_matching_consent.values("withdrawn_on")[:1])
        )
        .filter(matching_withdrawn_on__isnull=True)
        .select_related("vacancy__occupation", "person")
        .order_by("-created_at", "-id")
    )


def company_proposal_get(company: Company, pk: int) -> Proposal:
    """One received proposal of the company; any other (another company's, not sent yet,
    missing) answers 404."""
    proposal = company_proposals(company).filter(pk=pk).first()
    if proposal is None:
        raise Http404
    return proposal


def company_status(proposal: Proposal) -> str:
    """The proposal's step in the company's words (the staff labels are office jargon)."""
    labels = {
        ProposalStatus.APPLICATION_SENT: _("Waiting for your answer"),
        ProposalStatus.INTERVIEW: _("Invited to an interview"),
        ProposalStatus.TRIAL: _("Trial work"),
        ProposalStatus.CONTRACT_SIGNED: _("Contract signed"),
        ProposalStatus.DECLINED_BY_COMPANY: _("Declined by your company"),
        ProposalStatus.DECLINED_BY_PERSON: _("The candidate withdrew"),
    }
    return str(labels.get(ProposalStatus(proposal.status), proposal.get_status_display()))


def age_band(birth_date: datetime.date | None, today: datetime.date | None = None) -> str:
    """An age range instead of the birth date."""
    if birth_date is None:
        return _("not known")
    today = today or timezone.localdate()
    age = (
        today.year
        - birth_date.year
        - ((today.month, today.day) < (birth_date.month, birth_date.day))
    )
    if age < 16:
        return _("under 16")
    if age <= 17:
        return "16–17"
    if age <= 20:
        return "18–20"
    if age <= 24:
        return "21–24"
    return "25+"


@dataclass(frozen=True)
class PseudonymisedProfile:
    """What a company may see of a candidate before the candidate agreed to share contact
    data with it: never the name, birth date, contact, address, residence status, nationality
    or the country of the school certificate."""

    initial: str
    age_band: str
    german_level: str
    school_certificate: str
    languages: list[str]
    wishes: list[str]
    distance_km: int | None


def contact_shared_with_company(proposal: Proposal) -> bool:
    """Whether the candidate agreed to share contact data with this company.

    The consent records (kausa.counselling.Consent) have no purpose that names a company
    ("matching with companies" allows matching, not passing on contact data), so no proposal
    shows contact data in the portal yet: the office passes it on outside the portal.
    """
    return False


def pseudonymised_profile(proposal: Proposal) -> PseudonymisedProfile:
    person = proposal.person
    vacancy = proposal.vacancy
    initial = (person.first_name.strip()[:1] or "?").upper()
    languages = [
        f"{item.get_language_display()} ({item.get_level_display()})"
        for item in person.languages.order_by("language")
    ]
    wishes = [
        str(item.occupation.name)
        for item in person.desired_occupations.select_related("occupation").order_by("rank")
    ]
    distance = None
    if (
        not person.lives_abroad
        and person.latitude is not None
        and person.longitude is not None
        and vacancy.latitude is not None
        and vacancy.longitude is not None
    ):
        distance = round(
            haversine_km(person.latitude, person.longitude, vacancy.latitude, vacancy.longitude)
        )
    return PseudonymisedProfile(
        initial=f"{initial}.",
        age_band=age_band(person.birth_date),
        german_level=str(person.get_german_level_display()),
        school_certificate=str(person.get_school_certificate_display()),
        languages=languages,
        wishes=wishes,
        distance_km=distance,
    )


def sent_on(proposal: Proposal) -> datetime.datetime | None:
    """When the application went to the company."""
    change = (
        proposal.history.filter(status=ProposalStatus.APPLICATION_SENT)
        .order_by("changed_at")
        .first()
    )
    return change.changed_at if change is not None else None
