"""What the place search understands: occupation names typed in any of the portal's languages
("cook", "кухар", "طباخ" → Koch/Köchin), postal codes with their coordinates, distances, and
the occupation's name in the visitor's language (German where no translation exists).

Plain reads of the reference data (kausa.reference); nothing here touches the database.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from kausa.reference import gazetteer
from kausa.reference import occupations as reference
from kausa.reference.occupation_search import LANGUAGES, OccupationMatch, names

# Matches this close to the best one count as well: "Mechatroniker" finds the plain
# Mechatroniker/-in and the one for refrigeration, "cook" the cook and the kitchen helper.
CLOSE_SCORE = 5.0
MAX_OCCUPATIONS = 12
RADIUS_CHOICES = (10, 25, 50, 100)
DEFAULT_RADIUS = 25


def _language(language: str | None) -> str:
    code = (language or "de").split("-")[0]
    return code if code in LANGUAGES else "de"


def occupation_matches(text: str, language: str | None) -> list[OccupationMatch]:
    """The best match per occupation over all portal languages, the visitor's own first."""
    own = _language(language)
    best: dict[str, OccupationMatch] = {}
    for searched in (own, *(code for code in LANGUAGES if code != own)):
        for match in reference.search(text, searched, limit=20):
            key = match.occupation.key
            if key not in best or match.score > best[key].score:
                best[key] = match
    return sorted(best.values(), key=lambda match: (-match.score, match.occupation.name))


def occupation_keys(text: str, language: str | None) -> list[str]:
    """Keys of the occupations `text` names: the best match and all close to it (several
    occupations may fit one word), plus the occupations these replaced (old places keep
    their old occupation). Empty if the text names no training occupation."""
    matches = occupation_matches(text, language)
    if not matches:
        return []
    floor = matches[0].score - CLOSE_SCORE
    keys = [match.occupation.key for match in matches if match.score >= floor]
    keys = keys[:MAX_OCCUPATIONS]
    for key in list(keys):
        keys += [old.key for old in reference.predecessors_of(key) if old.key not in keys]
    return keys


def occupation_notes(text: str, language: str | None) -> list[str]:
    """Explanations for wishes that are no dual training (nursing, medicine, …)."""
    return reference.notes(text, _language(language))


@cache
def _official_names() -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    for row in names():
        if row.kind == "official":
            found.setdefault((row.key, row.language), row.name)
    return found


def occupation_name(key: str, language: str | None) -> str | None:
    """The occupation's official name in `language`, or None (then the German one is shown)."""
    code = _language(language)
    if code == "de":
        return None
    return _official_names().get((key, code))


@dataclass(frozen=True)
class Point:
    postal_code: str
    place: str
    latitude: float
    longitude: float


def postal_code_point(postal_code: str) -> Point | None:
    entry = gazetteer.lookup(postal_code)
    if entry is None:
        return None
    place = entry.places[0] if entry.places else ""
    return Point(entry.postal_code, place, entry.latitude, entry.longitude)


def distance_km(point: Point, latitude: float, longitude: float) -> float:
    return gazetteer.haversine_km(point.latitude, point.longitude, latitude, longitude)


def bounding_box(point: Point, radius_km: float) -> tuple[float, float, float, float]:
    """A generous box around the circle (south, north, west, east), to narrow the query."""
    lat_delta = radius_km / 110.0 + 0.05
    cos = max(math.cos(math.radians(point.latitude)), 0.1)
    lon_delta = radius_km / (111.0 * cos) + 0.05
    return (
        point.latitude - lat_delta,
        point.latitude + lat_delta,
        point.longitude - lon_delta,
        point.longitude + lon_delta,
    )
