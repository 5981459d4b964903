"""Reads of apprenticeship places: shared by all offices of one organisation."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from kausa.core.models import User
from kausa.vacancies.models import Vacancy


def vacancies_visible_to(user: User) -> QuerySet[Vacancy]:
    return Vacancy.objects.filter(company__organisation_id=user.organisation_pk)


def vacancy_get_for_user(user: User, pk: int) -> Vacancy:
    queryset = vacancies_visible_to(user).select_related("company", "occupation", "district")
    return get_object_or_404(queryset, pk=pk)
