"""Whose portal this is: one organisation's public face per installation.

PORTAL_ORGANISATION_ID names it; without it, the only organisation there is. With several
organisations and none named, public pages show no tenant's records rather than mixing them.
"""

from __future__ import annotations

from django.conf import settings

from kausa.core.models import Office, Organisation


def portal_organisation() -> Organisation | None:
    if settings.PORTAL_ORGANISATION_ID:
        return Organisation.objects.filter(pk=settings.PORTAL_ORGANISATION_ID).first()
    first_two = list(Organisation.objects.order_by("pk")[:2])
    return first_two[0] if len(first_two) == 1 else None


def portal_offices() -> list[Office]:
    organisation = portal_organisation()
    if organisation is None:
        return []
    return list(Office.objects.filter(organisation=organisation).order_by("name"))
