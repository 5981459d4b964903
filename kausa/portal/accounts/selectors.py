"""Reads of company registrations for the office, scoped to the user's organisation, and
the registry's look-alikes of a registering company (to link it instead of a duplicate)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from rapidfuzz import fuzz

from kausa.companies.models import Company
from kausa.core.access import get_for_user
from kausa.core.models import User
from kausa.core.search import normalize
from kausa.portal.accounts.models import CompanyRegistration, RegistrationStatus

# Legal forms and filler words say nothing about which company it is.
_NOISE = {"gmbh", "co", "kg", "ag", "ug", "ohg", "gbr", "ek", "e", "k", "mbh", "haftungsbeschrankt"}
LOOKALIKE_MIN_SCORE = 70
LOOKALIKE_LIMIT = 5


def registrations_for_user(user: User) -> QuerySet[CompanyRegistration]:
    return CompanyRegistration.objects.filter(organisation_id=user.organisation_pk).select_related(
        "account", "company", "decided_by"
    )


def pending_registrations_for_user(user: User) -> QuerySet[CompanyRegistration]:
    """Registrations waiting for the office: only those whose address was confirmed."""
    return registrations_for_user(user).filter(
        status=RegistrationStatus.PENDING, account__email_verified_at__isnull=False
    )


def registration_get_for_user(user: User, pk: int, *, write: bool = False) -> CompanyRegistration:
    return get_for_user(registrations_for_user(user), pk, user=user, write=write)


def _key(name: str) -> str:
    return " ".join(word for word in normalize(name).split() if word not in _NOISE)


@dataclass(frozen=True)
class LookAlike:
    company: Company
    score: int
    same_postal_code: bool


def lookalike_companies(registration: CompanyRegistration) -> list[LookAlike]:
    """Companies of the organisation whose name resembles the registered one; the same
    postal code counts extra. Best first."""
    wanted = _key(registration.company_name)
    candidates = Company.objects.filter(
        organisation_id=registration.organisation_id, archived_at__isnull=True
    ).only("id", "name", "postal_code", "place", "organisation_id")
    found = []
    for company in candidates:
        score = fuzz.token_set_ratio(wanted, _key(company.name)) if wanted else 0
        same_place = company.postal_code == registration.postal_code
        if same_place:
            score = min(100, score + 10)
        if score >= LOOKALIKE_MIN_SCORE:
            found.append(LookAlike(company, int(score), same_place))
    found.sort(key=lambda hit: (-hit.score, hit.company.name))
    return found[:LOOKALIKE_LIMIT]
