"""Resolve a postal code to the place, district and coordinates stored on a record.

A postal code can span several districts (39638 Gardelegen also covers Calvörde in the
Landkreis Börde). The district stored is, in this order: the one chosen (it must belong to the
code), the one the entered place lies in, or the code's main district.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kausa.core.models import District
from kausa.core.search import normalize
from kausa.reference import gazetteer

DISTRICT_NOT_OF_POSTAL_CODE = _("The chosen district does not belong to the postal code %(code)s.")


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


def district_keys_for(postal_code: str) -> tuple[str, ...]:
    """The districts a postal code touches, the main one first (empty if unknown)."""
    entry = gazetteer.lookup(postal_code)
    return entry.district_keys if entry is not None else ()


def district_of_place(postal_code: str, place: str) -> str | None:
    """The district of a code that the entered place lies in, if exactly one fits it."""
    fitting = [
        span.district.key
        for span in gazetteer.districts_for(postal_code)
        if place_fits(place, span.places)
    ]
    return fitting[0] if len(fitting) == 1 else None


def location_for_postal_code(
    postal_code: str, place: str = "", district_key: str | None = None
) -> Location:
    """The location of a known postal code, keeping an entered place that fits it.

    ``district_key`` chooses among the districts the code spans; a district the code does not
    touch is refused (`ValidationError` on ``district``). Without it, the entered place decides,
    else the main district.
    """
    entry = gazetteer.lookup(postal_code)
    if entry is None:
        raise ValueError("unknown postal code")
    place = place.strip()
    if district_key is not None and district_key not in entry.district_keys:
        raise ValidationError(
            {
                "district": ValidationError(
                    DISTRICT_NOT_OF_POSTAL_CODE,
                    code="district_not_of_postal_code",
                    params={"code": entry.postal_code},
                )
            }
        )
    chosen_key = district_key or district_of_place(entry.postal_code, place) or entry.district_key
    chosen_place = place if place_fits(place, entry.places) else entry.places[0]
    return Location(
        postal_code=entry.postal_code,
        place=chosen_place,
        district=District.objects.get(pk=chosen_key),
        latitude=entry.latitude,
        longitude=entry.longitude,
    )
