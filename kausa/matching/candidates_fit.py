"""Occupation fit of a place for a person: which wish it meets, or how closely it is related.

Relatedness follows ``kausa.reference.occupations.relatedness``: two occupations whose KldB
2010 codes share the first four digits (the Berufsuntergruppe) are closely related, those
sharing the first three (the Berufsgruppe) related with a lower fit. The fifth digit (skill
level) is ignored. An exact wish always beats a related occupation, whatever the wish's rank.
"""

from __future__ import annotations

from enum import IntEnum

import numba
import numpy as np
import numpy.typing as npt

__all__ = [
    "OccupationFit",
    "fit_levels_of_pairs",
    "occupation_fit_level",
    "three_digit_groups",
]

# Plain ints for the compiled code; OccupationFit names them for Python callers.
UNRELATED = 0
SAME_3_DIGIT_GROUP = 1
SAME_4_DIGIT_GROUP = 2
WISH_3 = 3
WISH_2 = 4
WISH_1 = 5


class OccupationFit(IntEnum):
    """Fit level of a pair; higher is better. Candidates never have ``UNRELATED``."""

    UNRELATED = UNRELATED
    SAME_3_DIGIT_GROUP = SAME_3_DIGIT_GROUP
    SAME_4_DIGIT_GROUP = SAME_4_DIGIT_GROUP
    WISH_3 = WISH_3
    WISH_2 = WISH_2
    WISH_1 = WISH_1


@numba.njit(cache=True)
def occupation_fit_level(
    place_occupation: int, wishes: npt.NDArray[np.int32], kldb_codes: npt.NDArray[np.int32]
) -> int:
    """The :class:`OccupationFit` value of a place's occupation for a person's three wishes."""
    for rank in range(3):
        if wishes[rank] == place_occupation:
            return WISH_1 - rank
    code = kldb_codes[place_occupation]
    best = UNRELATED
    for rank in range(3):
        wish = wishes[rank]
        if wish < 0:
            continue
        if kldb_codes[wish] // 10 == code // 10:
            return SAME_4_DIGIT_GROUP
        if kldb_codes[wish] // 100 == code // 100:
            best = SAME_3_DIGIT_GROUP
    return best


@numba.njit(cache=True)
def fit_levels_of_pairs(
    persons: npt.NDArray[np.int64],
    places: npt.NDArray[np.int64],
    wishes: npt.NDArray[np.int32],
    place_occupation: npt.NDArray[np.int32],
    kldb_codes: npt.NDArray[np.int32],
) -> npt.NDArray[np.int8]:
    """:func:`occupation_fit_level` of pairs given as parallel index arrays."""
    out = np.empty(len(persons), dtype=np.int8)
    for k in range(len(persons)):
        out[k] = occupation_fit_level(place_occupation[places[k]], wishes[persons[k]], kldb_codes)
    return out


def three_digit_groups(
    kldb_codes: npt.NDArray[np.int32],
) -> tuple[npt.NDArray[np.int64], int]:
    """Index of each occupation's KldB 3-digit group (0..groups-1) and the number of groups.

    Candidate search runs per 3-digit group: every candidate of a person lies in the group of
    one of the person's wishes, so one index lookup per distinct wish group finds exact and
    related places at once.
    """
    _codes, group = np.unique(np.asarray(kldb_codes) // 100, return_inverse=True)
    return group.astype(np.int64), len(_codes)
