"""Top-k suggestions: best places for a person, best candidates for a vacancy, and a batch of
places for everyone under an exposure cap.

Ranking order everywhere: higher score first; ties by lower index (place for a person's
list, person for a vacancy's list). In the batch, ties between pairs go to the lower person
index, then the lower place index.

Exposure cap (batch only): a place is suggested to at most ``floor(cap_multiple * seats)``
people (default 3 x seats, at least 1 for a place with seats), so one attractive place is not
shown to everyone while others go unseen. Within the cap, the batch first serves everyone:
each person with candidates gets ``min(3, k, candidates)`` places whenever the caps allow
(the number of people with at least one, two, three suggestions is maximised in that order),
then every list is filled up to k greedily by score. Only where the caps make that minimum
impossible may a place be shown more often, step by step up to ``DEFAULT_HARD_CAP_FACTOR``
times its cap. See ``coverage.py``; the result is deterministic.

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

from kausa.matching import coverage
from kausa.matching import topk_kernels as kernels
from kausa.matching.candidates import (
    DEFAULT_CELL_KM,
    MAX_START_DELAY_DAYS,
    Candidates,
    PeopleIndex,
    PlaceIndex,
)
from kausa.matching.data import Market, People, Places
from kausa.matching.scoring import FactorContribution, Scorer, Weights

__all__ = [
    "DEFAULT_CAP_MULTIPLE",
    "DEFAULT_HARD_CAP_FACTOR",
    "BatchSuggestions",
    "Matcher",
    "Ranking",
    "batch_best_places",
    "exposure_limits",
    "rank_candidates",
    "top_k",
]

#: A place is suggested to at most this many people per seat in a batch.
DEFAULT_CAP_MULTIPLE = 3.0
#: Only to give people their minimum, a place may go up to this factor times its cap.
DEFAULT_HARD_CAP_FACTOR = 2.0


def exposure_limits(
    seats: npt.ArrayLike, cap_multiple: float, hard_cap_multiple: float | None = None
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Per place: the exposure cap, the hard cap and the over-exposure step (see above).

    The cap is ``floor(cap_multiple x seats)``, at least 1 for a place with seats; the hard
    cap the same with ``hard_cap_multiple`` (never below the cap); the step one exposure per
    seat.
    """
    if cap_multiple <= 0 or not np.isfinite(cap_multiple):
        raise ValueError("cap_multiple must be positive (or None for no cap)")
    if hard_cap_multiple is None:
        hard_cap_multiple = DEFAULT_HARD_CAP_FACTOR * cap_multiple
    if not np.isfinite(hard_cap_multiple):
        raise ValueError("hard_cap_multiple must be finite")
    seat_counts = np.asarray(seats, dtype=np.float64)
    has_seats = seat_counts > 0
    capacity = np.floor(cap_multiple * seat_counts + 1e-9).astype(np.int64)
    capacity = np.where(has_seats, np.maximum(capacity, 1), 0)
    hard = np.floor(hard_cap_multiple * seat_counts + 1e-9).astype(np.int64)
    hard = np.where(has_seats, np.maximum(hard, capacity), 0)
    step = np.where(has_seats, np.maximum(np.ceil(seat_counts), 1), 0).astype(np.int64)
    return capacity, hard, step


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
    minimum: int = coverage.DEFAULT_MINIMUM,
    hard_cap_multiple: float | None = None,
) -> BatchSuggestions:
    """Up to k places for every person; with ``cap_multiple``, the exposure cap applies and
    every person with candidates first gets ``min(minimum, k, candidates)`` places when the
    caps allow (see the module docstring).

    ``seats`` is the seat count of every place (``Places.seats``). ``cap_multiple=None``
    switches the cap off (plain per-person top-k). ``hard_cap_multiple`` (default
    ``DEFAULT_HARD_CAP_FACTOR x cap_multiple``) bounds the exposure per seat that the minimum
    may use.
    """
    if k < 0:
        raise ValueError("k must not be negative")
    ranked = rank_candidates(candidates, scores)
    if cap_multiple is None:
        indptr, positions = kernels.first_k_per_segment(candidates.indptr, ranked, k)
    else:
        capacity, hard_capacity, step = exposure_limits(seats, cap_multiple, hard_cap_multiple)
        kept = coverage.allocate(
            candidates, ranked, scores, capacity, hard_capacity, step, k=k, minimum=minimum
        )
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

    The place index (cheap: one sort) and the people index for vacancy queries are built on
    first use. A long-lived matcher of a whole market answers for people or places from
    outside it with :meth:`with_people` and :meth:`with_places`, which reuse its indexes.
    """

    def __init__(
        self,
        market: Market,
        weights: Weights | None = None,
        *,
        max_start_delay_days: int = MAX_START_DELAY_DAYS,
        cell_km: float = DEFAULT_CELL_KM,
        like: Matcher | None = None,
    ) -> None:
        self.market = market
        self._max_start_delay_days = max_start_delay_days
        self._cell_km = cell_km
        self.scorer: Scorer = Scorer(
            market,
            weights,
            start_horizon_days=max_start_delay_days,
            like=like.scorer if like is not None else None,
        )

    @cached_property
    def place_index(self) -> PlaceIndex:
        return PlaceIndex(
            self.market, max_start_delay_days=self._max_start_delay_days, cell_km=self._cell_km
        )

    @cached_property
    def people_index(self) -> PeopleIndex:
        return PeopleIndex(
            self.market, max_start_delay_days=self._max_start_delay_days, cell_km=self._cell_km
        )

    def _derived(self, market: Market, weights: Weights | None) -> Matcher:
        return Matcher(
            market,
            weights,
            max_start_delay_days=self._max_start_delay_days,
            cell_km=self._cell_km,
            like=self,
        )

    def with_people(self, people: People, weights: Weights | None = None) -> Matcher:
        """A matcher of these places for other people (say one person read fresh): the place
        index is reused, not rebuilt. Person indices refer to ``people``."""
        market = Market(
            people=people, places=self.market.places, occupations=self.market.occupations
        )
        matcher = self._derived(market, weights)
        matcher.__dict__["place_index"] = self.place_index.with_people(market)
        return matcher

    def with_places(self, places: Places, weights: Weights | None = None) -> Matcher:
        """A matcher of these people for other places (say one vacancy read fresh): the
        people index is reused, not rebuilt. Place indices refer to ``places``."""
        market = Market(
            people=self.market.people, places=places, occupations=self.market.occupations
        )
        matcher = self._derived(market, weights)
        matcher.__dict__["people_index"] = self.people_index.with_places(market)
        return matcher

    def best_places(self, person: int, k: int = 10) -> Ranking:
        """The k best places for one person."""
        places, fits = self.place_index.places_for_person(person)
        scores = self.scorer.score_pairs(np.full(len(places), person), places, fits)
        return top_k(places, scores, fits, k)

    def best_candidates(
        self, place: int, k: int = 10, *, among: npt.NDArray[np.bool_] | None = None
    ) -> Ranking:
        """The k best candidates (people) for one vacancy; with ``among`` (a flag per person),
        only people flagged, filtered before the top k are chosen."""
        people, fits = self.people_index.people_for_place(place)
        if among is not None:
            keep = among[people]
            people, fits = people[keep], fits[keep]
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
