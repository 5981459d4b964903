"""The naive all-pairs candidate filter as a set of (person, place) pairs, to compare with the
engine's candidates pair by pair (equal counts alone could hide a missing and an extra pair).

    from matching_naive import same_pair_sets
    same, naive_count, engine_count = same_pair_sets(market, candidates, people)

``people`` is an array of person indices (e.g. ``np.arange(1000)``); ``candidates`` is
``Matcher(market).candidates()``. The filter applies the same rules as the engine's candidate
generation (wished or related occupation group, commute, start-date window) with plain numpy
over all places, so it needs no index.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kausa.matching.candidates import MAX_START_DELAY_DAYS, Candidates  # noqa: E402
from kausa.matching.candidates_fit import three_digit_groups  # noqa: E402
from kausa.matching.data import Market  # noqa: E402
from kausa.reference.gazetteer import haversine_km_array  # noqa: E402


def naive_pair_keys(
    market: Market, people: npt.NDArray[np.integer], chunk: int = 16
) -> npt.NDArray[np.int64]:
    """Sorted keys ``person * places + place`` of every pair the all-pairs filter keeps."""
    p, q = market.people, market.places
    n_places = len(q)
    group, groups = three_digit_groups(market.occupations.kldb_codes)
    place_group = group[q.occupation]
    keys = []
    for start in range(0, len(people), chunk):
        rows = np.asarray(people[start : start + chunk])
        distance = haversine_km_array(
            p.latitude[rows, None], p.longitude[rows, None], q.latitude, q.longitude
        )
        delay = q.start_date[None, :].astype(np.int64) - p.available_from[rows, None]
        wanted = np.zeros((len(rows), groups), dtype=bool)
        wishes = p.occupations[rows]
        for rank in range(wishes.shape[1]):
            valid = wishes[:, rank] >= 0
            wanted[np.flatnonzero(valid), group[wishes[valid, rank]]] = True
        keep = (distance <= p.max_commute_km[rows, None]) & (delay >= 0)
        keep &= delay <= MAX_START_DELAY_DAYS
        keep &= wanted[:, place_group]
        row, place = np.nonzero(keep)
        keys.append(rows[row].astype(np.int64) * n_places + place)
    return np.sort(np.concatenate(keys)) if keys else np.empty(0, np.int64)


def engine_pair_keys(
    candidates: Candidates, people: npt.NDArray[np.integer], n_places: int
) -> npt.NDArray[np.int64]:
    """Sorted keys ``person * places + place`` of the engine's candidates of these people."""
    keys = [
        int(person) * n_places + candidates.for_person(int(person))[0].astype(np.int64)
        for person in people
    ]
    return np.sort(np.concatenate(keys)) if keys else np.empty(0, np.int64)


def same_pair_sets(
    market: Market, candidates: Candidates, people: npt.NDArray[np.integer]
) -> tuple[bool, int, int]:
    """Whether the naive filter and the engine find exactly the same pairs for these people,
    and how many pairs each found."""
    naive = naive_pair_keys(market, people)
    engine = engine_pair_keys(candidates, people, len(market.places))
    return bool(np.array_equal(naive, engine)), int(naive.size), int(engine.size)
