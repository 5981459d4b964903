"""Resolve a postal code to the place, district and coordinates stored on a record."""

from __future__ import annotations

from dataclasses import dataclass

from kausa.core.models import District
from kausa.core.search import normalize
from kausa.reference import gazetteer


@dataclass(frozen=True)
class Location:
    postal_code: str
    place: str
    district: District
    latitude: float
    longitude: float


def place_fits(place: str, places: tuple[str, ...]) -> bool:
    """Does an entered place name belong to one of the postal code's places?

    "Magdeburg-Stadtfeld" or "Halle" fit 39104 Magdeburg / 06108 Halle (Saale); "Magdeburg"
    does not fit 06108, so a changed postal code never keeps the old town's name.
    """
    entered = normalize(place)
    return any(
        entered in normalize(known) or normalize(known) in entered for known in places if entered
    )


def location_for_postal_code(postal_code: str, place: str = "") -> Location:
    """The location of a known postal code, keeping an entered place that fits it."""
    entry = gazetteer.lookup(postal_code)
    if entry is None:
        raise ValueError("unknown postal code")
    place = place.strip()
    chosen_place = place if place_fits(place, entry.places) else entry.places[0]
    return Location(
        postal_code=entry.postal_code,
        place=chosen_place,
        district=District.objects.get(pk=entry.district_key),
        latitude=entry.latitude,
        longitude=entry.longitude,
    )
