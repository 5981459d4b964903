"""Reads of companies: shared by all offices of one organisation."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from kausa.companies.models import Company
from kausa.core.models import User


def companies_visible_to(user: User) -> QuerySet[Company]:
    return Company.objects.filter(organisation_id=user.organisation_pk)


def company_get_for_user(user: User, pk: int) -> Company:
    return get_object_or_404(companies_visible_to(user).select_related("district"), pk=pk)
