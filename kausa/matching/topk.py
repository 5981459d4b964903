"""Top-k suggestions: best places for a person, best candidates for a vacancy, and a batch of
best places for everyone with a congestion cap.

Ranking order everywhere: higher score first; ties by lower index (place for a person's
list, person for a vacancy's list). In the batch, ties between pairs go to the lower person
index, then the lower place index.

Congestion cap (batch only): a place is suggested to at most ``floor(cap_multiple * seats)``
people (default 3 x seats), so one attractive place is not shown to everyone while others go
unseen. Conflicts are resolved greedily by score: the highest-scoring pairs keep the place,
a person who loses a place gets their next best instead, still up to k. The result is unique
(computed by person-proposing deferred acceptance, which with one score per pair equals the
greedy rule) and therefore deterministic. A person can get fewer than k suggestions when the
places near them are taken by better-scoring pairs.

Single-person queries search only the grid cells around the person in the groups of the
person's wishes (``candidates.PlaceIndex``), score the few hundred pairs found and select with
``numpy.argpartition``: no work proportional to all places.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from kausa.matching import topk_kernels as kernels
from kausa.matching.candidates import (
    DEFAULT_CELL_KM,
    MAX_START_DELAY_DAYS,
    Candidates,
    PeopleIndex,
    PlaceIndex,
)
from kausa.matching.data import Market
from kausa.matching.scoring import FactorContribution, Scorer, Weights

__all__ = [
    "DEFAULT_CAP_MULTIPLE",
    "BatchSuggestions",
    "Matcher",
    "Ranking",
    "batch_best_places",
    "rank_candidates",
    "top_k",
]

#: A place is suggested to at most this many people per seat in a batch.
DEFAULT_CAP_MULTIPLE = 3.0


@dataclass(frozen=True)
class Ranking:
    """Best-first list: ``indices`` are places (for a person) or people (for a vacancy)."""

    indices: npt.NDArray[np.int32]
    scores: npt.NDArray[np.float32]
    fit: npt.NDArray[np.int8]

    def __len__(self) -> int:
        return len(self.indices)


@dataclass(frozen=True)
class BatchSuggestions:
    """Best places of every person as CSR over people, each person's list best first."""

    indptr: npt.NDArray[np.int64]
    places: npt.NDArray[np.int32]
    scores: npt.NDArray[np.float32]
    fit: npt.NDArray[np.int8]

    def for_person(self, person: int) -> Ranking:
        start, end = self.indptr[person], self.indptr[person + 1]
        return Ranking(self.places[start:end], self.scores[start:end], self.fit[start:end])

    def suggestions_per_place(self, places: int) -> npt.NDArray[np.int64]:
        """How many people each place is suggested to."""
        return np.bincount(self.places, minlength=places)


def top_k(
    indices: npt.NDArray[np.int32],
    scores: npt.NDArray[np.float32],
    fit: npt.NDArray[np.int8],
    k: int,
) -> Ranking:
    """The k best of a list: score descending, then index ascending (ties are deterministic)."""
    if k < 0:
        raise ValueError("k must not be negative")
    if len(scores) > k:
        # argpartition finds the k-th best score; everything tied with it goes to the sort so
        # that ties are decided by index, not by argpartition's internal order.
        kth = scores[np.argpartition(-scores, k - 1)[k - 1]] if k else np.inf
        keep = np.flatnonzero(scores >= kth)
        indices, scores, fit = indices[keep], scores[keep], fit[keep]
    order = np.lexsort((indices, -scores))[:k]
    return Ranking(indices[order], scores[order], fit[order])


def rank_candidates(
    candidates: Candidates, scores: npt.NDArray[np.float32]
) -> npt.NDArray[np.signedinteger[Any]]:
    """Pair positions, person by person, each person's pairs best first (ties: lower place)."""
    if len(scores) != candidates.pair_count:
        raise ValueError("scores must be aligned with candidates.places")
    scores = np.ascontiguousarray(scores, dtype=np.float32)
    if len(scores) and float(scores.min()) < 0.0:
        raise ValueError("scores must not be negative")  # the bit-pattern order needs >= 0
    dtype = np.int32 if len(scores) < np.iinfo(np.int32).max else np.int64
    ranked: npt.NDArray[np.signedinteger[Any]] = np.empty(len(scores), dtype=dtype)
    kernels.rank_segments(candidates.indptr, candidates.places, scores.view(np.uint32), ranked)
    return ranked


def batch_best_places(
    candidates: Candidates,
    scores: npt.NDArray[np.float32],
    seats: npt.ArrayLike,
    *,
    k: int = 10,
    cap_multiple: float | None = DEFAULT_CAP_MULTIPLE,
) -> BatchSuggestions:
    """Top-k places of every person; with ``cap_multiple``, the congestion cap applies.

    ``seats`` is the seat count of every place (``Places.seats``). ``cap_multiple=None``
    switches the cap off (plain per-person top-k).
    """
    if k < 0:
        raise ValueError("k must not be negative")
    ranked = rank_candidates(candidates, scores)
    if cap_multiple is None:
        indptr, positions = kernels.first_k_per_segment(candidates.indptr, ranked, k)
    else:
        if cap_multiple <= 0 or not np.isfinite(cap_multiple):
            raise ValueError("cap_multiple must be positive (or None for no cap)")
        seat_counts = np.asarray(seats, dtype=np.float64)
        capacity = np.floor(cap_multiple * seat_counts + 1e-9).astype(np.int64)
        kept = kernels.capped_top_k(
            candidates.indptr,
            ranked,
            candidates.places,
            np.ascontiguousarray(scores, dtype=np.float32),
            capacity,
            k,
        )
        kept.sort()  # ranked order: person by person, best first
        positions = ranked[kept]
        person_of_kept = np.searchsorted(candidates.indptr, kept, side="right") - 1
        indptr = np.zeros(candidates.people_count + 1, dtype=np.int64)
        np.cumsum(np.bincount(person_of_kept, minlength=candidates.people_count), out=indptr[1:])
    return BatchSuggestions(
        indptr=indptr,
        places=candidates.places[positions],
        scores=np.asarray(scores, dtype=np.float32)[positions],
        fit=candidates.fit[positions],
    )


class Matcher:
    """The engine's front door for one market and one office's weights.

    Builds the place index once (cheap: one sort); the people index for vacancy queries is
    built on first use.
    """

    def __init__(
        self,
        market: Market,
        weights: Weights | None = None,
        *,
        max_start_delay_days: int = MAX_START_DELAY_DAYS,
        cell_km: float = DEFAULT_CELL_KM,
    ) -> None:
        self.market = market
        self._max_start_delay_days = max_start_delay_days
        self._cell_km = cell_km
        self.scorer = Scorer(market, weights, start_horizon_days=max_start_delay_days)
        self.place_index = PlaceIndex(
            market, max_start_delay_days=max_start_delay_days, cell_km=cell_km
        )

    @cached_property
    def people_index(self) -> PeopleIndex:
        return PeopleIndex(
            self.market, max_start_delay_days=self._max_start_delay_days, cell_km=self._cell_km
        )

    def best_places(self, person: int, k: int = 10) -> Ranking:
        """The k best places for one person."""
        places, fits = self.place_index.places_for_person(person)
        scores = self.scorer.score_pairs(np.full(len(places), person), places, fits)
        return top_k(places, scores, fits, k)

    def best_candidates(self, place: int, k: int = 10) -> Ranking:
        """The k best candidates (people) for one vacancy."""
        people, fits = self.people_index.people_for_place(place)
        scores = self.scorer.score_pairs(people, np.full(len(people), place), fits)
        return top_k(people, scores, fits, k)

    def explain(self, person: int, place: int) -> list[FactorContribution]:
        """The factor contributions of one pair (they add up to its score)."""
        return self.scorer.explain(person, place)

    def candidates(self) -> Candidates:
        return self.place_index.candidates()

    def score(self, candidates: Candidates) -> npt.NDArray[np.float32]:
        return self.scorer.score_candidates(candidates)

    def batch_best_places(
        self,
        k: int = 10,
        cap_multiple: float | None = DEFAULT_CAP_MULTIPLE,
        *,
        candidates: Candidates | None = None,
        scores: npt.NDArray[np.float32] | None = None,
    ) -> BatchSuggestions:
        """Top-k places for everyone under the congestion cap (see the module docstring)."""
        if candidates is None:
            candidates = self.candidates()
            scores = None
        if scores is None:
            scores = self.score(candidates)
        return batch_best_places(
            candidates, scores, self.market.places.seats, k=k, cap_multiple=cap_multiple
        )
