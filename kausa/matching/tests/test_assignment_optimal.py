"""solve_optimal: the largest total score, against brute force, expanded-seat assignment and
one monolithic OR-Tools min-cost flow."""

from __future__ import annotations

import random

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from kausa.matching.assignment import (
    AssignmentError,
    Instance,
    build_instance,
    solve_optimal,
    solve_optimal_monolithic,
)
from kausa.matching.tests.test_assignment_support import (
    SmallCase,
    brute_force_best_total,
    check_capacities_and_acceptability,
    random_case,
    scaled,
)


def expanded_seats_best_total(case: SmallCase) -> int:
    """Optimum by linear_sum_assignment on one column per seat; a zero cost stands for "not
    this pair", so leaving candidates or seats empty is free."""
    seat_place = [p for p, cap in enumerate(case.capacities) for _ in range(cap)]
    cost = np.zeros((len(case.cand_prefs), max(1, len(seat_place))))
    for c in range(len(case.cand_prefs)):
        for s, p in enumerate(seat_place):
            if case.acceptable(c, p) and (c, p) in case.scores:
                cost[c, s] = -max(0, scaled(case.scores[(c, p)]))
    rows, cols = linear_sum_assignment(cost)
    return -int(cost[rows, cols].sum())


def test_tiny_instances_equal_brute_force_and_expanded_seats() -> None:
    rng = random.Random(11)
    for _ in range(200):
        case = random_case(rng, max_cands=5, max_places=3)
        result = solve_optimal(case.instance())
        check_capacities_and_acceptability(case, result)
        best = brute_force_best_total(case)
        assert result.scaled_total == best == expanded_seats_best_total(case)
        assert result.total_score == pytest.approx(best / 1e6, abs=1e-5)


def test_random_instances_equal_expanded_seats_and_the_monolithic_flow() -> None:
    rng = random.Random(12)
    for _ in range(40):
        case = random_case(rng, max_cands=40, max_places=20)
        instance = case.instance()
        result = solve_optimal(instance)
        check_capacities_and_acceptability(case, result)
        assert result.scaled_total == expanded_seats_best_total(case)
        assert result.scaled_total == solve_optimal_monolithic(instance).scaled_total


def _districts_instance(n_districts: int, per_district: int, seed: int) -> Instance:
    """Candidates apply only within their district: many components of mixed shapes."""
    rng = np.random.default_rng(seed)
    cand_prefs: list[list[int]] = []
    place_prefs: list[list[int]] = []
    scores: list[tuple[int, int, float]] = []
    places_per_district = per_district // 2
    for d in range(n_districts):
        first_place = d * places_per_district
        for local in range(per_district):
            c = len(cand_prefs)
            k = int(rng.integers(1, places_per_district + 1))
            chosen = rng.choice(places_per_district, size=k, replace=False) + first_place
            cand_prefs.append(chosen.tolist())
            scores.extend((c, int(p), float(rng.random())) for p in chosen)
            del local
        place_prefs.extend([] for _ in range(places_per_district))
    for c, prefs in enumerate(cand_prefs):
        for p in prefs:
            place_prefs[p].append(c)
    n_p = len(place_prefs)
    return build_instance(
        [f"c{i}" for i in range(len(cand_prefs))],
        [f"p{i}" for i in range(n_p)],
        rng.integers(0, 4, n_p).tolist(),
        cand_prefs,
        place_prefs,
        scores,
    )


def test_componentwise_total_equals_one_monolithic_min_cost_flow() -> None:
    for seed in range(3):
        instance = _districts_instance(n_districts=30, per_district=12, seed=seed)
        split = solve_optimal(instance)
        whole = solve_optimal_monolithic(instance)
        assert split.scaled_total == whole.scaled_total
        assert split.total_score == pytest.approx(whole.total_score, abs=1e-9)
        seats = np.bincount(
            split.place_of_candidate[split.place_of_candidate >= 0], minlength=instance.n_places
        )
        assert np.all(seats <= instance.capacities)


def test_unmatched_is_allowed_and_nonpositive_scores_stay_unmatched() -> None:
    instance = build_instance(
        ["a", "b", "c"],
        ["x", "y"],
        [1, 1],
        [[0, 1], [0], [1]],
        [[0, 1], [0, 2]],
        [(0, 0, 0.9), (0, 1, 0.8), (1, 0, 0.5), (2, 1, -0.3)],
    )
    result = solve_optimal(instance)
    # a takes y (0.8) so b can take x (0.5): 1.3 beats a on x alone (0.9). c's only pair
    # scores below zero anyway: unmatched is a valid outcome.
    assert result.place_of_candidate.tolist() == [1, 0, -1]
    assert (result.matched, result.unmatched) == (2, 1)
    assert result.total_score == pytest.approx(1.3)


def test_a_negative_score_is_never_taken_even_with_a_free_seat() -> None:
    instance = build_instance(["a"], ["x"], [1], [[0]], [[0]], [(0, 0, -0.1)])
    result = solve_optimal(instance)
    assert result.place_of_candidate.tolist() == [-1]
    assert (result.matched, result.unmatched, result.total_score) == (0, 1, 0.0)


def test_prefers_the_larger_total_over_a_greedy_first_choice() -> None:
    instance = build_instance(
        ["a", "b"], ["x", "y"], [1, 1], [None, None], [None, None],
        [(0, 0, 1.0), (0, 1, 0.9), (1, 0, 0.8)],
    )  # fmt: skip
    result = solve_optimal(instance)
    assert result.place_of_candidate.tolist() == [1, 0]
    assert result.total_score == pytest.approx(1.7)


def test_needs_scores_and_bounded_scores() -> None:
    case = SmallCase([[0]], [[0]], [1], {(0, 0): 1.0})
    with pytest.raises(AssignmentError, match="needs scores"):
        solve_optimal(case.instance(with_scores=False))
    huge = SmallCase([[0]], [[0]], [1], {(0, 0): 1e12})
    with pytest.raises(AssignmentError, match="within"):
        solve_optimal(huge.instance())
