"""Reads of counselling requests for staff: only those of the user's office (team leads: every
office of their organisation), and only once they reached the office."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from kausa.core.access import get_for_user
from kausa.core.models import Occupation, User
from kausa.portal.enquiries.models import STAFF_VISIBLE, Enquiry, EnquiryStatus
from kausa.workbench.selectors import COUNT_CAP, Section

CARD_ROWS = 5


def _scoped(user: User) -> QuerySet[Enquiry]:
    """Like kausa.core.access.office_scoped, without the join: an enquiry's organisation is
    its office's (the office is chosen among the organisation's own)."""
    if user.sees_all_offices:
        return Enquiry.objects.filter(organisation_id=user.organisation_pk, office__isnull=False)
    if user.office_id is None:
        return Enquiry.objects.none()
    return Enquiry.objects.filter(organisation_id=user.organisation_pk, office_id=user.office_id)


def enquiries_visible(user: User) -> QuerySet[Enquiry]:
    return _scoped(user).filter(status__in=STAFF_VISIBLE)


def enquiry_get_for_user(user: User, pk: Any, *, write: bool = False) -> Enquiry:
    queryset = enquiries_visible(user).select_related(
        "office", "person", "assigned_to", "district", "place__company", "consent_text"
    )
    return get_for_user(queryset, pk, user=user, write=write)


def enquiry_list(user: User, *, status: str = "") -> QuerySet[Enquiry]:
    queryset = enquiries_visible(user).select_related("office", "assigned_to")
    if status in STAFF_VISIBLE:
        queryset = queryset.filter(status=status)
    else:  # by default the requests still to be dealt with
        queryset = queryset.filter(status__in=[EnquiryStatus.OPEN, EnquiryStatus.IN_PROGRESS])
    return queryset.order_by("-opened_at", "-id")


def new_enquiries_section(user: User) -> Section:
    """The start page card: new requests of the user's office(s), a capped count and 5 rows."""
    queryset = _scoped(user).filter(status=EnquiryStatus.OPEN)
    total = queryset.order_by()[: COUNT_CAP + 1].count()
    rows: list[object] = []
    if total:
        rows = list(queryset.select_related("office").order_by("-opened_at", "-id")[:CARD_ROWS])
    return Section(count=min(total, COUNT_CAP), rows=rows, capped=total > COUNT_CAP)


def enquiry_wishes(enquiry: Enquiry) -> list[Occupation]:
    by_pk = Occupation.objects.in_bulk(enquiry.occupation_ids)
    return [by_pk[pk] for pk in enquiry.occupation_ids if pk in by_pk]
