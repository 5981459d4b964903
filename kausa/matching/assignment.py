"""Global assignment of candidates to places with capacities: stable or maximum total score.

Data model (arrays, so the hot loops run in numba on 10^7 pairs):

- A candidate's list is one CSR row,
  ``candidate_places[candidate_indptr[c] : candidate_indptr[c + 1]]``, best first.
  A place's list is a CSR row of ``place_candidates`` the same way.
- ``scores`` (optional) is aligned with ``candidate_places``; NaN means "this pair has no score".
- A pair is *acceptable* only if each side lists the other.
- A side may have no explicit list (``candidate_ranked[c]`` / ``place_ranked[p]`` False). Its
  list is then every partner it has a score with, ordered by score descending; equal scores are
  ordered by a seeded lottery: ``numpy.random.default_rng(seed)`` draws one permutation of the
  candidates and then one of the places, and a lower lottery number ranks first (the single
  tie-breaking used in school choice). The same seed gives the same matching.

``solve_stable`` gives the candidate-optimal stable matching (candidate-proposing deferred
acceptance, as in the US residency match). ``solve_optimal`` maximises the total score of the
matched pairs; candidates may stay unassigned.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from kausa.matching.assignment_errors import AssignmentError

# The numba kernels (assignment_stable, assignment_optimal) are imported inside the solve
# functions: loading an instance, and reporting what is wrong with it, stays quick.

__all__ = [
    "Assignment",
    "AssignmentError",
    "Instance",
    "build_instance",
    "solve_optimal",
    "solve_optimal_monolithic",
    "solve_stable",
]


MAX_ABS_SCORE = 1e6


def _as(array: object, dtype: type[np.generic]) -> NDArray[np.generic]:
    return np.ascontiguousarray(array, dtype=dtype)


@dataclass(frozen=True, eq=False)
class Instance:
    candidate_ids: Sequence[str]
    place_ids: Sequence[str]
    capacities: NDArray[np.int32]
    candidate_indptr: NDArray[np.int64]
    candidate_places: NDArray[np.int32]
    place_indptr: NDArray[np.int64]
    place_candidates: NDArray[np.int32]
    scores: NDArray[np.float64] | None = None
    candidate_ranked: NDArray[np.bool_] | None = None  # None: every candidate has a list
    place_ranked: NDArray[np.bool_] | None = None  # None: every place has a list

    def __post_init__(self) -> None:
        # Normalise dtypes once so the numba kernels compile for one signature only.
        for name, dtype in (
            ("capacities", np.int32),
            ("candidate_indptr", np.int64),
            ("candidate_places", np.int32),
            ("place_indptr", np.int64),
            ("place_candidates", np.int32),
        ):
            object.__setattr__(self, name, _as(getattr(self, name), dtype))
        if self.scores is not None:
            object.__setattr__(self, "scores", _as(self.scores, np.float64))
        for name in ("candidate_ranked", "place_ranked"):
            if getattr(self, name) is not None:
                object.__setattr__(self, name, _as(getattr(self, name), np.bool_))
        self._check_shapes()

    def _check_shapes(self) -> None:
        n_c, n_p = self.n_candidates, self.n_places
        if self.capacities.shape != (n_p,) or (n_p and self.capacities.min() < 0):
            raise AssignmentError("capacities must be one non-negative integer per place")
        _check_csr("candidate", self.candidate_indptr, self.candidate_places, n_c, n_p)
        _check_csr("place", self.place_indptr, self.place_candidates, n_p, n_c)
        if self.scores is not None and self.scores.shape != self.candidate_places.shape:
            raise AssignmentError("scores must be aligned with candidate_places")
        for name, size in (("candidate_ranked", n_c), ("place_ranked", n_p)):
            mask = getattr(self, name)
            if mask is not None and mask.shape != (size,):
                raise AssignmentError(f"{name} must have one entry per {name.split('_')[0]}")
        unranked = self.candidate_ranked is not None and not self.candidate_ranked.all()
        unranked |= self.place_ranked is not None and not self.place_ranked.all()
        if unranked and self.scores is None:
            raise AssignmentError("a side without a preference list needs scores")

    @property
    def n_candidates(self) -> int:
        return len(self.candidate_ids)

    @property
    def n_places(self) -> int:
        return len(self.place_ids)


def _check_csr(
    side: str, indptr: NDArray[np.int64], indices: NDArray[np.int32], rows: int, cols: int
) -> None:
    if indptr.shape != (rows + 1,) or indptr[0] != 0 or indptr[-1] != indices.size:
        raise AssignmentError(f"{side} lists: indptr does not match the number of entries")
    if np.any(np.diff(indptr) < 0):
        raise AssignmentError(f"{side} lists: indptr must not decrease")
    if indices.size and (indices.min() < 0 or indices.max() >= cols):
        raise AssignmentError(f"{side} lists: an index is out of range")


@dataclass(frozen=True, eq=False)
class Assignment:
    place_of_candidate: NDArray[np.int32]  # place index per candidate, -1 = unassigned
    total_score: float  # sum of the scores of the matched pairs (unscored pairs count 0)
    scaled_total: int = field(default=0)  # optimal only: the integer objective that was solved

    @property
    def matched(self) -> int:
        return int(np.count_nonzero(self.place_of_candidate >= 0))

    @property
    def unmatched(self) -> int:
        return int(self.place_of_candidate.size) - self.matched


def build_instance(
    candidate_ids: Sequence[str],
    place_ids: Sequence[str],
    capacities: Sequence[int],
    candidate_preferences: Sequence[Sequence[int] | None],
    place_preferences: Sequence[Sequence[int] | None],
    scores: Sequence[tuple[int, int, float]] | None = None,
) -> Instance:
    """An Instance from index lists (None = no list: order by score); for small inputs."""
    score_of = {(c, p): s for c, p, s in scores} if scores is not None else {}
    scored_places: list[list[int]] = [[] for _ in candidate_ids]
    for c, p, _ in scores or ():
        scored_places[c].append(p)
    cand_rows = [
        list(prefs) if prefs is not None else scored_places[c]
        for c, prefs in enumerate(candidate_preferences)
    ]
    place_rows = [list(prefs) if prefs is not None else [] for prefs in place_preferences]
    cand_flat = [p for row in cand_rows for p in row]
    cand_of_edge = [c for c, row in enumerate(cand_rows) for _ in row]
    return Instance(
        candidate_ids=tuple(candidate_ids),
        place_ids=tuple(place_ids),
        capacities=np.asarray(capacities, dtype=np.int32),
        candidate_indptr=np.cumsum([0] + [len(r) for r in cand_rows], dtype=np.int64),
        candidate_places=np.asarray(cand_flat, dtype=np.int32),
        place_indptr=np.cumsum([0] + [len(r) for r in place_rows], dtype=np.int64),
        place_candidates=np.asarray([c for row in place_rows for c in row], dtype=np.int32),
        scores=(
            np.array(
                [
                    score_of.get((c, p), math.nan)
                    for c, p in zip(cand_of_edge, cand_flat, strict=True)
                ],
                dtype=np.float64,
            )
            if scores is not None
            else None
        ),
        candidate_ranked=np.array([p is not None for p in candidate_preferences], np.bool_),
        place_ranked=np.array([p is not None for p in place_preferences], np.bool_),
    )


@dataclass(frozen=True, eq=False)
class _Edges:
    """Candidate CSR in final preference order, with the place's rank of each pair."""

    indptr: NDArray[np.int64]
    places: NDArray[np.int32]
    scores: NDArray[np.float64] | None
    place_rank: NDArray[np.int32]  # -1: not acceptable


def _resolve(instance: Instance, seed: int) -> _Edges:
    """Apply the score orders (with the seeded lottery) and compute each pair's place rank."""
    inst = instance
    indptr, places, scores = inst.candidate_indptr, inst.candidate_places, inst.scores
    cand_unranked = _unranked(inst.candidate_ranked)
    place_unranked = _unranked(inst.place_ranked)
    lottery_rng = np.random.default_rng(seed)
    cand_lottery = lottery_rng.permutation(inst.n_candidates)
    place_lottery = lottery_rng.permutation(inst.n_places)
    if cand_unranked is None and place_unranked is None:
        return _Edges(indptr, places, scores, _place_ranks(inst, indptr, places))
    owner = np.repeat(np.arange(inst.n_candidates, dtype=np.int32), np.diff(indptr))

    if cand_unranked is not None:
        assert scores is not None  # checked by Instance
        by_score = cand_unranked[owner]
        # Ranked rows keep their order (key = position); unranked rows sort by score, lottery.
        primary = np.where(by_score, -np.nan_to_num(scores, nan=-np.inf), 0.0)
        secondary = np.where(by_score, place_lottery[places], np.arange(places.size))
        order = np.lexsort((secondary, primary, owner))
        places, scores = places[order], scores[order]
        unscored = by_score[order] & np.isnan(scores)
        if unscored.any():  # a row without a list only holds scored pairs
            places, scores, owner, indptr = _drop_edges(
                ~unscored, places, scores, owner, inst.n_candidates
            )

    place_rank = _place_ranks(inst, indptr, places)
    if place_unranked is not None:
        assert scores is not None
        place_rank[place_unranked[places]] = -1  # such a place's list comes from scores only
        by_score = place_unranked[places] & ~np.isnan(scores)
        idx = np.flatnonzero(by_score)
        order = np.lexsort((cand_lottery[owner[idx]], -scores[idx], places[idx]))
        sorted_places = places[idx[order]]
        group_start = np.searchsorted(sorted_places, sorted_places, side="left")
        place_rank[idx[order]] = (np.arange(idx.size) - group_start).astype(np.int32)
    return _Edges(indptr, places, scores, place_rank)


def _place_ranks(
    instance: Instance, indptr: NDArray[np.int64], places: NDArray[np.int32]
) -> NDArray[np.int32]:
    from kausa.matching.assignment_stable import place_ranks_of_edges

    return place_ranks_of_edges(
        indptr, places, instance.place_indptr, instance.place_candidates, instance.n_places
    )


def _unranked(ranked: NDArray[np.bool_] | None) -> NDArray[np.bool_] | None:
    if ranked is None or ranked.all():
        return None
    return ~ranked


def _drop_edges(
    keep: NDArray[np.bool_],
    places: NDArray[np.int32],
    scores: NDArray[np.float64],
    owner: NDArray[np.int32],
    n_candidates: int,
) -> tuple[NDArray[np.int32], NDArray[np.float64], NDArray[np.int32], NDArray[np.int64]]:
    owner = owner[keep]
    counts = np.bincount(owner, minlength=n_candidates)
    indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    return places[keep], scores[keep], owner, indptr


def _assignment_from_edges(
    n_candidates: int, edges: _Edges, chosen: NDArray[np.int64], scaled_total: int = 0
) -> Assignment:
    chosen = np.sort(chosen)  # candidate order: the float total does not depend on the solver
    owner_of_chosen = np.searchsorted(edges.indptr, chosen, side="right") - 1
    place_of_candidate = np.full(n_candidates, -1, np.int32)
    place_of_candidate[owner_of_chosen] = edges.places[chosen]
    total = 0.0
    if edges.scores is not None and chosen.size:
        total = float(np.nansum(edges.scores[chosen]))
    return Assignment(place_of_candidate, total, scaled_total)


def solve_stable(instance: Instance, seed: int = 0) -> Assignment:
    """The candidate-optimal stable matching (no candidate and place both prefer each other
    to what they got); ``seed`` only matters where a list is derived from tied scores."""
    from kausa.matching.assignment_stable import deferred_acceptance, seats_needed

    if _ranked_by_scores_only(instance):
        return _solve_stable_by_scores(instance, seed)
    edges = _resolve(instance, seed)
    seats = seats_needed(edges.places, edges.place_rank, instance.capacities)
    matched_edge = deferred_acceptance(edges.indptr, edges.places, edges.place_rank, seats)
    return _assignment_from_edges(instance.n_candidates, edges, matched_edge[matched_edge >= 0])


def _ranked_by_scores_only(instance: Instance) -> bool:
    return (
        instance.scores is not None
        and instance.candidate_ranked is not None
        and instance.place_ranked is not None
        and not instance.candidate_ranked.any()
        and not instance.place_ranked.any()
    )


def _solve_stable_by_scores(instance: Instance, seed: int) -> Assignment:
    """Both sides rank by score: the same matching as the general path, without sorting the
    lists first (the place lists of the instance are not read)."""
    from kausa.matching.assignment_stable import deferred_acceptance_by_scores

    assert instance.scores is not None
    lottery_rng = np.random.default_rng(seed)  # drawn exactly as in _resolve
    cand_lottery = lottery_rng.permutation(instance.n_candidates).astype(np.int64)
    place_lottery = lottery_rng.permutation(instance.n_places).astype(np.int64)
    matched_edge = deferred_acceptance_by_scores(
        instance.candidate_indptr,
        instance.candidate_places,
        instance.scores,
        instance.capacities,
        cand_lottery,
        place_lottery,
    )
    edges = _Edges(
        instance.candidate_indptr,
        instance.candidate_places,
        instance.scores,
        np.empty(0, np.int32),
    )
    return _assignment_from_edges(instance.n_candidates, edges, matched_edge[matched_edge >= 0])


def _useful_pairs(instance: Instance) -> tuple[_Edges, NDArray[np.int64]]:
    if instance.scores is None:
        raise AssignmentError('the "optimal" method needs scores')
    edges = _resolve(instance, seed=0)  # order is irrelevant here, only acceptability
    assert edges.scores is not None
    acceptable = (edges.place_rank >= 0) & np.isfinite(edges.scores)
    if acceptable.any() and np.abs(edges.scores[acceptable]).max() > MAX_ABS_SCORE:
        # Scaled costs times the node count must stay inside OR-Tools' int64 cost range.
        raise AssignmentError(f"scores must lie within +-{MAX_ABS_SCORE:g} for this method")
    return edges, np.flatnonzero(acceptable)


def solve_optimal(instance: Instance) -> Assignment:
    """A maximum-total-score assignment; pairs scoring <= 0 (after scaling) stay unmatched."""
    from kausa.matching.assignment_optimal import scaled_weights, solve_by_components

    edges, acceptable = _useful_pairs(instance)
    assert edges.scores is not None
    weights = scaled_weights(edges.scores[acceptable])
    owner = np.repeat(np.arange(instance.n_candidates, dtype=np.int32), np.diff(edges.indptr))
    useful = (weights > 0) & (instance.capacities[edges.places[acceptable]] > 0)
    kept = acceptable[useful]
    counts = np.bincount(owner[kept], minlength=instance.n_candidates)
    indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    chosen_local = solve_by_components(
        instance.n_candidates, indptr, edges.places[kept], weights[useful], instance.capacities
    )
    chosen = kept[chosen_local]
    scaled_total = int(weights[useful][chosen_local].sum())
    return _assignment_from_edges(instance.n_candidates, edges, chosen, scaled_total)


def solve_optimal_monolithic(instance: Instance) -> Assignment:
    """Reference: the same optimum from one OR-Tools min-cost flow over the whole instance."""
    from kausa.matching.assignment_optimal import min_cost_flow_assignment, scaled_weights

    edges, acceptable = _useful_pairs(instance)
    assert edges.scores is not None
    weights = scaled_weights(edges.scores[acceptable])
    owner = np.repeat(np.arange(instance.n_candidates, dtype=np.int32), np.diff(edges.indptr))
    used = min_cost_flow_assignment(
        instance.n_candidates,
        owner[acceptable],
        edges.places[acceptable],
        weights,
        instance.capacities,
    )
    chosen = acceptable[used]
    return _assignment_from_edges(instance.n_candidates, edges, chosen, int(weights[used].sum()))
