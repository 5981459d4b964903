"""solve_stable when both sides rank by score (the app's matching run) and solve_optimal on a
real candidate graph: the fast paths against the general ones and against the definitions."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from kausa.matching import assignment
from kausa.matching.assignment import Instance, solve_optimal, solve_optimal_monolithic
from kausa.matching.assignment_stable import deferred_acceptance, seats_needed


def _score_instance(
    rng: np.random.Generator, n_cands: int, n_places: int, per_cand: int, levels: int
) -> Instance:
    """Random instance without lists: few score levels (ties), some NaN pairs, empty places."""
    rows = [
        rng.choice(n_places, size=min(per_cand, n_places), replace=False) for _ in range(n_cands)
    ]
    lengths = rng.integers(0, per_cand + 1, n_cands)
    rows = [row[:length] for row, length in zip(rows, lengths, strict=True)]
    places = np.concatenate(rows).astype(np.int32) if rows else np.empty(0, np.int32)
    scores = rng.integers(1, levels + 1, places.size) / levels
    scores[rng.random(places.size) < 0.05] = np.nan
    indptr = np.concatenate([[0], np.cumsum([len(row) for row in rows])]).astype(np.int64)
    return Instance(
        candidate_ids=[f"c{i}" for i in range(n_cands)],
        place_ids=[f"p{i}" for i in range(n_places)],
        capacities=rng.integers(0, 3, n_places).astype(np.int32),
        candidate_indptr=indptr,
        candidate_places=places,
        place_indptr=np.zeros(n_places + 1, np.int64),  # no place lists: scores only
        place_candidates=np.empty(0, np.int32),
        scores=scores,
        candidate_ranked=np.zeros(n_cands, np.bool_),
        place_ranked=np.zeros(n_places, np.bool_),
    )


def _general_path(instance: Instance, seed: int) -> np.ndarray:
    edges = assignment._resolve(instance, seed)
    seats = seats_needed(edges.places, edges.place_rank, instance.capacities)
    matched = deferred_acceptance(edges.indptr, edges.places, edges.place_rank, seats)
    place_of = np.full(instance.n_candidates, -1, np.int32)
    owner = np.searchsorted(edges.indptr, matched[matched >= 0], side="right") - 1
    place_of[owner] = edges.places[matched[matched >= 0]]
    return place_of


def _blocking_pairs(instance: Instance, place_of: np.ndarray, seed: int) -> list[tuple[int, int]]:
    """Scored pairs (c, p) where c prefers p to its match and p would take c (definition)."""
    rng = np.random.default_rng(seed)
    cand_lottery = rng.permutation(instance.n_candidates)
    place_lottery = rng.permutation(instance.n_places)
    assert instance.scores is not None
    score = {}
    for c in range(instance.n_candidates):
        for e in range(instance.candidate_indptr[c], instance.candidate_indptr[c + 1]):
            if not np.isnan(instance.scores[e]):
                score[(c, int(instance.candidate_places[e]))] = float(instance.scores[e])
    held: dict[int, list[int]] = {}
    for c, p in enumerate(place_of.tolist()):
        if p >= 0:
            assert (c, p) in score
            held.setdefault(p, []).append(c)
    blocking = []
    for (c, p), s in score.items():
        mine = int(place_of[c])
        if mine == p:
            continue
        if mine >= 0 and (score[(c, mine)], -place_lottery[mine]) >= (s, -place_lottery[p]):
            continue
        holders = held.get(p, [])
        if instance.capacities[p] == 0:
            continue
        if len(holders) < instance.capacities[p]:
            blocking.append((c, p))
            continue
        worst = min(holders, key=lambda d: (score[(d, p)], -cand_lottery[d]))
        if (s, -cand_lottery[c]) > (score[(worst, p)], -cand_lottery[worst]):
            blocking.append((c, p))
    return blocking


@pytest.mark.parametrize(
    ("n_cands", "n_places", "per_cand", "levels"),
    [(8, 5, 4, 2), (40, 25, 12, 3), (120, 40, 40, 5), (300, 90, 60, 1000)],
)
def test_score_path_equals_general_path_and_is_stable(
    n_cands: int, n_places: int, per_cand: int, levels: int
) -> None:
    rng = np.random.default_rng(n_cands)
    for round_ in range(15):
        instance = _score_instance(rng, n_cands, n_places, per_cand, levels)
        for seed in (0, round_ + 1):
            fast = assignment.solve_stable(instance, seed=seed)
            assert fast.place_of_candidate.tolist() == _general_path(instance, seed).tolist()
            assert _blocking_pairs(instance, fast.place_of_candidate, seed) == []
            held = np.bincount(
                fast.place_of_candidate[fast.place_of_candidate >= 0], minlength=n_places
            )
            assert (held <= instance.capacities).all()


def test_long_lists_under_competition_reach_the_sorted_rest() -> None:
    """Few seats, long lists: many candidates are refused beyond the first two batches."""
    rng = np.random.default_rng(5)
    instance = _score_instance(rng, n_cands=2000, n_places=150, per_cand=120, levels=50)
    fast = assignment.solve_stable(instance, seed=3)
    assert fast.unmatched > 1000  # most candidates ran through their whole list
    assert fast.place_of_candidate.tolist() == _general_path(instance, 3).tolist()
    assert _blocking_pairs(instance, fast.place_of_candidate, 3) == []


def test_optimal_on_a_real_candidate_graph_equals_one_monolithic_flow(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """National demo data (one large component): the same integer total as one flow."""
    from kausa.demo.national import generate_national
    from kausa.matching.data import load_national
    from kausa.matching.topk import Matcher

    generate_national(
        seed=2026, people=3000, seats=3000, output_dir=tmp_path, today=date(2026, 11, 22)
    )
    market = load_national(tmp_path)
    matcher = Matcher(market)
    candidates = matcher.candidates()
    scores = matcher.score(candidates).astype(np.float64)
    people, places = candidates.people_count, len(market.places)
    instance = Instance(
        candidate_ids=[str(i) for i in range(people)],
        place_ids=[str(i) for i in range(places)],
        capacities=np.asarray(market.places.seats, np.int32),
        candidate_indptr=candidates.indptr,
        candidate_places=candidates.places,
        place_indptr=np.zeros(places + 1, np.int64),
        place_candidates=np.empty(0, np.int32),
        scores=scores,
        candidate_ranked=np.zeros(people, np.bool_),
        place_ranked=np.zeros(places, np.bool_),
    )
    split = solve_optimal(instance)
    whole = solve_optimal_monolithic(instance)
    assert split.matched > 1000
    assert split.scaled_total == whole.scaled_total
    held = np.bincount(split.place_of_candidate[split.place_of_candidate >= 0], minlength=places)
    assert (held <= instance.capacities).all()
    stable = assignment.solve_stable(instance, seed=1)
    assert stable.place_of_candidate.tolist() == _general_path(instance, 1).tolist()
