"""Reads of network partners: shared by all offices of one organisation."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from kausa.core.models import User
from kausa.partners.models import Partner


def partners_visible_to(user: User) -> QuerySet[Partner]:
    return Partner.objects.filter(organisation_id=user.organisation_pk)


def partner_get_for_user(user: User, pk: int) -> Partner:
    return get_object_or_404(partners_visible_to(user), pk=pk)
