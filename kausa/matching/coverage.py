"""Suggestions for everyone: an allocation that covers every person first, then ranks by score.

The batch of :func:`kausa.matching.topk.batch_best_places` limits how often a place is shown:
at most ``capacity[q] = floor(cap_multiple * seats[q])`` people (the exposure cap). Handing
places out greedily by score lets people with many good pairs fill the attractive places ten
times over while others get nothing. This allocation works in three steps:

1. **Coverage** under the cap: every person with candidates gets up to
   ``m = min(minimum, k, candidates)`` places, and the number of people served is maximised
   level by level: first the number of people with at least one suggestion, then with two,
   then with three (a b-matching on the candidate graph; each level is a maximum flow grown
   from the previous one by augmenting paths, which never take a suggestion away from a
   person). Level one starts from the greedy-by-score allocation, and augmenting paths look
   at every person's pairs best first, so the pairs kept are good ones; among the maximum
   allocations, scores decide only in that heuristic sense (no cost optimisation).
2. **Over-exposure, only for coverage**: people still short of ``m`` after step 1 have only
   candidates whose places are full. For them alone, a place may be shown beyond its cap, in
   steps of one more exposure per seat (``cap + 1``, ``cap + 2``, ... times seats, at most
   ``hard_capacity``), with the same level-by-level maximisation at each step (where a
   person with more than the level may hand a place on to one with fewer). A place thus goes
   over its cap only when the people who need it cannot be served otherwise, each exposure
   over a cap serves one person's minimum, and no place goes up a step while the step below
   can still serve someone. :func:`coverage_figures` reports the largest exposure per seat.
3. **Fill** to k: every person's remaining list is filled with their best remaining pairs
   under the cap (places over or at the cap take no more), greedily by score: the highest-
   scoring pairs first (person-proposing deferred acceptance, as before).

A person's final list is sorted best first. Every loop runs in a fixed order (person index;
the free-place pass of step 1 by number of candidates, then index), so the same input gives
the same output; ties between equal scores go to the lower person, then the lower place index.

Cost: each level of step 1 is a few Hopcroft-Karp phases of linear passes over the pairs; at
500,000 people and 99 million pairs the allocation takes a few seconds of CPU.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from kausa.matching import coverage_kernels, topk_kernels
from kausa.matching.candidates import Candidates

__all__ = ["DEFAULT_MINIMUM", "CoverageFigures", "allocate", "coverage_figures"]

#: Every person with candidates gets at least this many suggestions when the caps allow.
DEFAULT_MINIMUM = 3


def allocate(
    candidates: Candidates,
    ranked: npt.NDArray[np.signedinteger[Any]],
    scores: npt.NDArray[np.float32],
    capacity: npt.NDArray[np.int64],
    hard_capacity: npt.NDArray[np.int64],
    step: npt.NDArray[np.int64],
    *,
    k: int,
    minimum: int = DEFAULT_MINIMUM,
) -> npt.NDArray[np.int64]:
    """Rank indices (into ``ranked``) of the allocated pairs, ascending: person by person,
    each person's pairs best first.

    ``ranked`` is :func:`kausa.matching.topk.rank_candidates` of the scores; ``capacity`` the
    exposure cap per place, ``hard_capacity`` (>= ``capacity``) the most a place may be shown
    to give people their minimum, ``step`` the exposures added per over-exposure step (one per
    seat, at least one).
    """
    people = candidates.people_count
    indptr = np.ascontiguousarray(candidates.indptr, dtype=np.int64)
    capacity = np.ascontiguousarray(capacity, dtype=np.int64)
    hard_capacity = np.maximum(np.asarray(hard_capacity, dtype=np.int64), capacity)
    step = np.maximum(np.asarray(step, dtype=np.int64), 1)
    pair_place = np.ascontiguousarray(candidates.places[ranked], dtype=np.int32)
    scores = np.ascontiguousarray(scores, dtype=np.float32)
    degree = np.diff(indptr)
    levels = max(0, min(minimum, k))
    graph = _Graph(
        fill_order=np.argsort(degree, kind="stable"),
        starts=indptr[:-1],
        ends=indptr[1:],
        pair_place=pair_place,
        degree=degree,
    )

    taken = np.zeros(candidates.pair_count, dtype=np.bool_)
    assigned = np.zeros(people, dtype=np.int64)
    load = np.zeros(len(capacity), dtype=np.int64)
    slot_start = np.zeros(len(capacity) + 1, dtype=np.int64)
    in_degree = np.bincount(candidates.places, minlength=len(capacity))[: len(capacity)]
    np.cumsum(np.minimum(hard_capacity, in_degree), out=slot_start[1:])
    slot_person = np.empty(slot_start[-1], dtype=np.int64)
    slot_pair = np.empty(slot_start[-1], dtype=np.int64)
    state = (taken, assigned, load, slot_start, slot_person, slot_pair)

    if levels:
        # Level one starts from the greedy-by-score allocation of one place per person.
        first = topk_kernels.capped_top_k(
            indptr, ranked, pair_place, scores, capacity, np.ones(people, np.int64), taken
        )
        first.sort()
        coverage_kernels.take_pairs(first, indptr, pair_place, *state)
    _cover(graph, levels, capacity, state, fill=True)

    # Over-exposure, step by step, only while someone is still short of the minimum. A step
    # that serves nobody more means the places those people reach are at their hard caps.
    limit = capacity
    while levels and (assigned < np.minimum(degree, levels)).any():
        raised = np.minimum(limit + step, hard_capacity)
        if np.array_equal(raised, limit):
            break
        limit = raised
        before = _served(assigned, levels)
        _cover(graph, levels, limit, state, fill=False)
        if _served(assigned, levels) == before:
            break

    if k > levels:
        room = np.maximum(capacity - load, 0)
        wanted = np.where(degree > assigned, k - assigned, 0)
        more = topk_kernels.capped_top_k(indptr, ranked, pair_place, scores, room, wanted, taken)
        taken[more] = True
    return np.flatnonzero(taken).astype(np.int64)


def _served(assigned: npt.NDArray[np.int64], levels: int) -> list[int]:
    return [int(np.minimum(assigned, level).sum()) for level in range(1, levels + 1)]


@dataclass(frozen=True)
class _Graph:
    fill_order: npt.NDArray[np.int64]
    """People with fewer candidates take free places first (fewer augmenting paths later)."""
    starts: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]
    pair_place: npt.NDArray[np.int32]
    degree: npt.NDArray[np.int64]


def _cover(
    graph: _Graph,
    levels: int,
    capacity: npt.NDArray[np.int64],
    state: tuple[npt.NDArray[Any], ...],
    *,
    fill: bool,
) -> None:
    """Level by level, a maximum allocation for ``min(level, candidates)`` per person."""
    for level in range(1, levels + 1):
        target = np.minimum(graph.degree, level)
        if fill:
            coverage_kernels.fill_free(
                graph.fill_order,
                graph.starts,
                graph.ends,
                graph.pair_place,
                target,
                capacity,
                *state,
            )
        coverage_kernels.augment(
            graph.starts, graph.ends, graph.pair_place, target, capacity, *state
        )


@dataclass(frozen=True)
class CoverageFigures:
    """How well a batch covers people, and how hard it uses places."""

    people: int
    with_none: int
    with_one_or_two: int
    with_three_or_more: int
    with_candidates_but_none: int
    short_of_minimum: int
    """People with fewer than ``min(3, candidates)`` suggestions."""
    max_exposure_per_seat: float

    def as_dict(self) -> dict[str, int | float]:
        return {
            "people": self.people,
            "with_none": self.with_none,
            "with_one_or_two": self.with_one_or_two,
            "with_three_or_more": self.with_three_or_more,
            "with_candidates_but_none": self.with_candidates_but_none,
            "short_of_minimum": self.short_of_minimum,
            "max_exposure_per_seat": self.max_exposure_per_seat,
        }


def coverage_figures(
    suggestions_per_person: npt.NDArray[np.integer],
    candidates_per_person: npt.NDArray[np.integer],
    suggestions_per_place: npt.NDArray[np.integer],
    seats: npt.ArrayLike,
    minimum: int = DEFAULT_MINIMUM,
) -> CoverageFigures:
    """Counts of people by number of suggestions, and the largest exposure per seat."""
    counts = np.asarray(suggestions_per_person)
    degree = np.asarray(candidates_per_person)
    seat_counts = np.asarray(seats, dtype=np.float64)
    shown = np.asarray(suggestions_per_place, dtype=np.float64)
    with_seats = seat_counts > 0
    exposure = shown[with_seats] / seat_counts[with_seats]
    return CoverageFigures(
        people=len(counts),
        with_none=int((counts == 0).sum()),
        with_one_or_two=int(((counts >= 1) & (counts <= 2)).sum()),
        with_three_or_more=int((counts >= 3).sum()),
        with_candidates_but_none=int(((counts == 0) & (degree > 0)).sum()),
        short_of_minimum=int((counts < np.minimum(degree, minimum)).sum()),
        max_exposure_per_seat=float(exposure.max()) if len(exposure) else 0.0,
    )
