"""Reads of companies: shared by all offices of one organisation."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from kausa.companies.models import Company
from kausa.core.access import get_for_user
from kausa.core.listing import filter_list
from kausa.core.models import District, User


def companies_visible_to(user: User) -> QuerySet[Company]:
    return Company.objects.filter(organisation_id=user.organisation_pk)


def company_get_for_user(user: User, pk: int, *, write: bool = False) -> Company:
    """404 outside the user's organisation; with `write`, 403 for read-only colleagues."""
    queryset = companies_visible_to(user).select_related("district")
    return get_for_user(queryset, pk, user=user, write=write)


@dataclass(frozen=True)
class CompanyFilters:
    """The company list's filters (the cleaned filter form)."""

    q: str = ""
    include_archived: bool = False
    district: District | None = None
    training_status: str = ""
    size: str = ""
    sector: str = ""
    migrant_led: bool = False


def company_list(user: User, filters: CompanyFilters) -> QuerySet[Company]:
    return filter_list(
        companies_visible_to(user).select_related("district"),
        q=filters.q,
        include_archived=filters.include_archived,
        lookups={
            "district": filters.district,
            "training_status": filters.training_status,
            "size": filters.size,
            "sector": filters.sector,
            "migrant_led": True if filters.migrant_led else None,
        },
    )
