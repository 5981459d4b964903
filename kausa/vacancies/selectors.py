"""Reads of apprenticeship places: shared by all offices of one organisation."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from kausa.core.access import get_for_user
from kausa.core.listing import filter_list
from kausa.core.models import District, Occupation, User
from kausa.vacancies.models import Vacancy


def vacancies_visible_to(user: User) -> QuerySet[Vacancy]:
    return Vacancy.objects.filter(company__organisation_id=user.organisation_pk)


def vacancy_get_for_user(user: User, pk: int, *, write: bool = False) -> Vacancy:
    """404 outside the user's organisation; with `write`, 403 for read-only colleagues."""
    queryset = vacancies_visible_to(user).select_related("company", "occupation", "district")
    return get_for_user(queryset, pk, user=user, write=write)


@dataclass(frozen=True)
class VacancyFilters:
    """The list of places' filters (the cleaned filter form)."""

    q: str = ""
    include_archived: bool = False
    status: str = ""
    occupation: Occupation | None = None
    district: District | None = None
    start_from: datetime.date | None = None
    start_until: datetime.date | None = None


def vacancy_list(user: User, filters: VacancyFilters) -> QuerySet[Vacancy]:
    """Places matching `filters`; hidden with their company; the text searches its name."""
    return filter_list(
        vacancies_visible_to(user).select_related("company", "occupation"),
        q=filters.q,
        include_archived=filters.include_archived,
        archived_fields=("archived_at", "company__archived_at"),
        search_field="company__search_text",
        lookups={
            "status": filters.status,
            "occupation": filters.occupation,
            "district": filters.district,
            "start_date__gte": filters.start_from,
            "start_date__lte": filters.start_until,
        },
    )


def open_places(organisation_id: int) -> QuerySet[Vacancy]:
    """The places of an organisation that can be proposed and matched: open, not archived,
    at a company that is not archived (with what the matching engine reads)."""
    return (
        Vacancy.objects.filter(
            company__organisation_id=organisation_id,
            status="open",
            archived_at__isnull=True,
            company__archived_at__isnull=True,
        )
        .select_related("company", "occupation")
        .prefetch_related("company__languages")
        .order_by("pk")
    )
