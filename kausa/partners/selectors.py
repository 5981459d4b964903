"""Reads of network partners: shared by all offices of one organisation."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from kausa.core.access import get_for_user
from kausa.core.listing import filter_list
from kausa.core.models import District, User
from kausa.partners.models import Partner, Topic


def partners_visible_to(user: User) -> QuerySet[Partner]:
    return Partner.objects.filter(organisation_id=user.organisation_pk)


def partner_get_for_user(user: User, pk: int, *, write: bool = False) -> Partner:
    """404 outside the user's organisation; with `write`, 403 for read-only colleagues."""
    return get_for_user(partners_visible_to(user), pk, user=user, write=write)


@dataclass(frozen=True)
class PartnerFilters:
    """The partner directory's filters (the cleaned filter form)."""

    q: str = ""
    include_archived: bool = False
    partner_type: str = ""
    district: District | None = None
    topic: Topic | None = None


def partner_list(user: User, filters: PartnerFilters) -> QuerySet[Partner]:
    partners = filter_list(
        partners_visible_to(user),
        q=filters.q,
        include_archived=filters.include_archived,
        lookups={
            "partner_type": filters.partner_type,
            "districts": filters.district,
            "topics": filters.topic,
        },
    )
    return partners.distinct()


def partners_for(
    *, organisation_id: int, district: District | None, topic: Topic | None
) -> QuerySet[Partner]:
    """Active partners of an organisation serving the district and topic (for referrals)."""
    partners = Partner.objects.filter(organisation_id=organisation_id, archived_at__isnull=True)
    if topic is not None:
        partners = partners.filter(topics=topic)
    if district is not None:
        partners = partners.filter(districts=district)
    return partners.distinct().order_by("partner_type", "name")
