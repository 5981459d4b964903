"""The score's factors, one small function each, every value in [0, 1].

These compiled (numba) functions are the single definition of each factor: the vectorised
scoring of all pairs and the per-pair explanation both call them, so what a counsellor reads
is what ranked the suggestion. The integer conventions are those of ``data.py``.
"""

from __future__ import annotations

import numba
import numpy as np

from kausa.matching.candidates_fit import (
    SAME_3_DIGIT_GROUP,
    SAME_4_DIGIT_GROUP,
    WISH_1,
    WISH_2,
    WISH_3,
)
from kausa.matching.candidates_grid import chord_to_km

__all__ = [
    "FACTORS",
    "commute",
    "driving_licence",
    "german_level",
    "occupation_fit",
    "school_certificate",
    "shared_language",
    "start_date",
]

#: Stable factor keys, in the order of every factor vector (the UI translates them).
FACTORS = (
    "occupation_fit",
    "commute",
    "german_level",
    "school_certificate",
    "start_date",
    "driving_licence",
    "shared_language",
)

#: Requirement one level above what the person has: partly met.
ONE_LEVEL_BELOW = 0.5


@numba.njit(cache=True)
def occupation_fit(level: int) -> float:
    """First wish 1.0, second 0.85, third 0.7; same 4-digit group 0.5, 3-digit group 0.25."""
    if level == WISH_1:
        return 1.0
    if level == WISH_2:
        return 0.85
    if level == WISH_3:
        return 0.7
    if level == SAME_4_DIGIT_GROUP:
        return 0.5
    if level == SAME_3_DIGIT_GROUP:
        return 0.25
    return 0.0


@numba.njit(cache=True)
def commute(distance_km: float, limit_km: float) -> float:
    """1 at the door, falling linearly to 0 at the person's limit, 0 beyond it."""
    if distance_km > limit_km:
        return 0.0
    if limit_km <= 0.0:
        return 1.0
    return 1.0 - distance_km / limit_km


@numba.njit(cache=True)
def _requirement(level: int, required: int) -> float:
    if level >= required:
        return 1.0
    if level == required - 1:
        return ONE_LEVEL_BELOW
    return 0.0


@numba.njit(cache=True)
def german_level(level: int, required: int) -> float:
    """Meets or exceeds the place's requirement 1; one level below 0.5; further below 0."""
    return _requirement(level, required)


@numba.njit(cache=True)
def school_certificate(certificate: int, required: int) -> float:
    """As :func:`german_level`, on the ordered school certificates (0 none ... 4 Abitur)."""
    return _requirement(certificate, required)


@numba.njit(cache=True)
def start_date(delay_days: int, horizon_days: int) -> float:
    """1 when the place starts the day the person is available, linearly 0 at the horizon.

    A start before the person is available, or after the horizon, is 0.
    """
    if delay_days < 0 or delay_days > horizon_days:
        return 0.0
    if horizon_days == 0:
        return 1.0
    return 1.0 - delay_days / horizon_days


@numba.njit(cache=True)
def driving_licence(holds: bool, required: bool) -> float:
    """1 unless the place needs a driving licence the person does not hold."""
    return 0.0 if required and not holds else 1.0


@numba.njit(cache=True)
def shared_language(person_languages: np.uint64, place_languages: np.uint64) -> float:
    """1 when the company speaks at least one of the person's languages (besides German)."""
    return 1.0 if (person_languages & place_languages) != 0 else 0.0


@numba.njit(cache=True)
def distance_km(ax: float, ay: float, az: float, bx: float, by: float, bz: float) -> float:
    """Great-circle distance in km between two unit vectors (see ``candidates_grid``).

    Takes scalars rather than array rows: a row view per pair would cost reference counting.
    """
    dx = ax - bx
    dy = ay - by
    dz = az - bz
    return chord_to_km(dx * dx + dy * dy + dz * dz)
