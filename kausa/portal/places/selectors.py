"""The places the public sees: open, not archived, not started long ago, approved by the
office, of the portal's organisation. Nothing else of a company is read here."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from kausa.core.access import get_for_user
from kausa.core.models import User
from kausa.portal.places.models import PlacePublication, PublicationStatus
from kausa.portal.places.search import DEFAULT_RADIUS, Point, bounding_box, distance_km
from kausa.portal.tenancy import portal_organisation
from kausa.vacancies.models import Vacancy, VacancyStatus


def public_places() -> QuerySet[Vacancy]:
    organisation = portal_organisation()
    if organisation is None:
        return Vacancy.objects.none()
    # A place whose start lies a few weeks back may still take someone (late starts happen).
    earliest_start = timezone.localdate() - datetime.timedelta(days=60)
    return Vacancy.objects.filter(
        company__organisation=organisation,
        status=VacancyStatus.OPEN,
        archived_at__isnull=True,
        company__archived_at__isnull=True,
        start_date__gte=earliest_start,
        publication__status=PublicationStatus.APPROVED,
    )


# --- the public search ------------------------------------------------------------------------

MAX_PK = 2**63 - 1


@dataclass(frozen=True)
class PlaceRow:
    """One public place in a result list: the place and its distance (None without a postal
    code). Templates show only the place's public fields, never the company's contacts."""

    place: Vacancy
    distance_km: float | None = None


def place_search(
    *,
    occupation_keys: list[str] | None = None,
    point: Point | None = None,
    radius_km: int = DEFAULT_RADIUS,
    start_from: datetime.date | None = None,
) -> list[PlaceRow]:
    """Public places matching the filters; with a postal code only those within the radius,
    nearest first, otherwise by start date."""
    places = public_places().select_related("company", "occupation")
    if occupation_keys is not None:
        places = places.filter(occupation__key__in=occupation_keys)
    if start_from is not None:
        places = places.filter(start_date__gte=start_from)
    if point is None:
        return [PlaceRow(place) for place in places.order_by("start_date", "pk")]
    south, north, west, east = bounding_box(point, radius_km)
    places = places.filter(latitude__range=(south, north), longitude__range=(west, east))
    rows = [
        PlaceRow(place, distance_km(point, place.latitude, place.longitude)) for place in places
    ]
    rows = [row for row in rows if row.distance_km is not None and row.distance_km <= radius_km]
    return sorted(
        rows, key=lambda row: (row.distance_km or 0.0, row.place.start_date, row.place.pk)
    )


def public_place_get(pk: int) -> Vacancy:
    """A public place, or 404 (not approved, filled, archived, another organisation's, …)."""
    if pk > MAX_PK:
        raise Http404
    return get_object_or_404(public_places().select_related("company", "occupation"), pk=pk)


# --- the office's side ------------------------------------------------------------------------


def publications_visible_to(user: User) -> QuerySet[PlacePublication]:
    return PlacePublication.objects.filter(
        vacancy__company__organisation_id=user.organisation_pk
    ).select_related("vacancy__company", "vacancy__occupation", "requested_by", "decided_by")


def pending_publications(user: User) -> QuerySet[PlacePublication]:
    """Places companies submitted that wait for the office, oldest request first."""
    return (
        publications_visible_to(user)
        .filter(status=PublicationStatus.PENDING)
        .order_by("requested_at", "pk")
    )


def publication_get_for_user(user: User, pk: int, *, write: bool = False) -> PlacePublication:
    """404 outside the user's organisation; with `write`, 403 for read-only colleagues."""
    if pk > MAX_PK:
        raise Http404
    return get_for_user(publications_visible_to(user), pk, user=user, write=write)


def publication_of(vacancy: Vacancy) -> PlacePublication | None:
    return PlacePublication.objects.filter(vacancy=vacancy).first()
