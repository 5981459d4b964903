"""solve_stable: stability, capacities, agreement with the `matching` package, tie-breaking."""

from __future__ import annotations

import random
import warnings

import numpy as np
import pytest

from kausa.matching.assignment import (
    AssignmentError,
    Instance,
    build_instance,
    solve_stable,
)
from kausa.matching.tests.test_assignment_support import (
    SmallCase,
    blocking_pairs,
    check_capacities_and_acceptability,
    random_case,
)


def _package_matching(case: SmallCase) -> list[int]:
    """Candidate-optimal stable matching from the PyPI `matching` package (HospitalResident)."""
    from matching.games import HospitalResident

    # The package wants mutual lists and seats everywhere (its cleaning of capacity-0
    # hospitals crashes); such entries never matter for stability, so leave them out.
    def usable(c: int, p: int) -> bool:
        return case.acceptable(c, p) and case.capacities[p] > 0

    residents = {c: [p for p in prefs if usable(c, p)] for c, prefs in enumerate(case.cand_prefs)}
    hospitals = {p: [c for c in prefs if usable(c, p)] for p, prefs in enumerate(case.place_prefs)}
    residents = {c: prefs for c, prefs in residents.items() if prefs}
    hospitals = {p: prefs for p, prefs in hospitals.items() if prefs}
    place_of = [-1] * len(case.cand_prefs)
    if not residents:
        return place_of
    capacities = {p: case.capacities[p] for p in hospitals}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        game = HospitalResident.create_from_dictionaries(residents, hospitals, capacities)
        matching = game.solve(optimal="resident")
    for hospital, matched in matching.items():
        for resident in matched:
            place_of[resident.name] = hospital.name
    return place_of


def test_random_instances_are_stable_and_match_the_matching_package() -> None:
    rng = random.Random(20240611)
    for _ in range(300):
        case = random_case(rng)
        result = solve_stable(case.instance(with_scores=False))
        check_capacities_and_acceptability(case, result)
        assert blocking_pairs(case, result) == []
        assert result.place_of_candidate.tolist() == _package_matching(case)
        assert result.matched + result.unmatched == len(case.cand_prefs)
        assert result.total_score == 0.0


def test_larger_random_instances_match_the_matching_package() -> None:
    rng = random.Random(7)
    for _ in range(10):
        case = random_case(rng, max_cands=60, max_places=25)
        result = solve_stable(case.instance())
        assert blocking_pairs(case, result) == []
        assert result.place_of_candidate.tolist() == _package_matching(case)


def test_textbook_example_gives_candidates_their_first_choices() -> None:
    # Gale-Shapley's cyclic example: proposers get their first choices although every
    # receiver ranks its proposer last; the receiver-optimal matching is the other cycle.
    case = SmallCase(
        cand_prefs=[[0, 1, 2], [1, 2, 0], [2, 0, 1]],
        place_prefs=[[1, 2, 0], [2, 0, 1], [0, 1, 2]],
        capacities=[1, 1, 1],
        scores={},
    )
    assert solve_stable(case.instance(with_scores=False)).place_of_candidate.tolist() == [0, 1, 2]


def test_capacity_example_with_an_eviction_chain() -> None:
    # x holds two seats: c0 and c1 get in, c2 (x's favourite) evicts c1 (x's worst), who
    # then takes y and pushes out c3, who has nothing left.
    case = SmallCase(
        cand_prefs=[[0], [0, 1], [0, 1], [1]],
        place_prefs=[[2, 0, 1], [1, 3]],
        capacities=[2, 1],
        scores={(0, 0): 0.5, (1, 1): 0.25, (2, 0): 1.0, (3, 1): 2.0},
    )
    result = solve_stable(case.instance())
    assert result.place_of_candidate.tolist() == [0, 1, 0, -1]
    assert (result.matched, result.unmatched) == (3, 1)
    assert result.total_score == pytest.approx(1.75)


def _tied_case() -> tuple[SmallCase, Instance]:
    """Six candidates, three places, no lists at all, every score equal: ties everywhere."""
    scores = {(c, p): 0.5 for c in range(6) for p in range(3)}
    case = SmallCase([[]] * 6, [[]] * 3, [1, 2, 1], scores)
    instance = build_instance(
        [f"c{i}" for i in range(6)],
        ["x", "y", "z"],
        case.capacities,
        [None] * 6,
        [None] * 3,
        [(c, p, s) for (c, p), s in scores.items()],
    )
    return case, instance


def test_same_seed_same_result_and_seeds_matter_on_ties() -> None:
    _, instance = _tied_case()
    by_seed = {seed: solve_stable(instance, seed).place_of_candidate.tolist() for seed in range(8)}
    assert by_seed[3] == solve_stable(instance, 3).place_of_candidate.tolist()
    assert len({tuple(v) for v in by_seed.values()}) > 1
    for result in by_seed.values():
        assert sorted(result).count(-1) == 2  # 4 seats, 6 candidates


def test_tie_breaking_follows_the_documented_lottery() -> None:
    """Lists from scores: score descending, ties by numpy.random.default_rng(seed) drawing a
    permutation of the candidates, then one of the places; a lower number ranks first."""
    rng = random.Random(5)
    for seed in range(20):
        case = random_case(rng, score_levels=3)  # few score levels: many ties
        triples = [(c, p, s) for (c, p), s in case.scores.items()]
        n_c, n_p = len(case.cand_prefs), len(case.place_prefs)
        lottery = np.random.default_rng(seed)
        cand_lottery, place_lottery = lottery.permutation(n_c), lottery.permutation(n_p)
        explicit_cands = [
            sorted(
                (p for (c2, p) in case.scores if c2 == c),
                key=lambda p, c=c: (-case.scores[(c, p)], place_lottery[p]),
            )
            for c in range(n_c)
        ]
        explicit_places = [
            sorted(
                (c for (c, p2) in case.scores if p2 == p),
                key=lambda c, p=p: (-case.scores[(c, p)], cand_lottery[c]),
            )
            for p in range(n_p)
        ]
        ids_c, ids_p = [f"c{i}" for i in range(n_c)], [f"p{i}" for i in range(n_p)]
        from_scores = build_instance(
            ids_c, ids_p, case.capacities, [None] * n_c, [None] * n_p, triples
        )
        explicit = build_instance(
            ids_c, ids_p, case.capacities, explicit_cands, explicit_places, triples
        )
        got = solve_stable(from_scores, seed)
        assert got.place_of_candidate.tolist() == solve_stable(explicit).place_of_candidate.tolist()
        # Mixed: candidates keep their own lists, places rank by score.
        mixed = build_instance(
            ids_c, ids_p, case.capacities, case.cand_prefs, [None] * n_p, triples
        )
        mixed_explicit = build_instance(
            ids_c,
            ids_p,
            case.capacities,
            case.cand_prefs,
            [[c for c in explicit_places[p] if p in case.cand_prefs[c]] for p in range(n_p)],
            triples,
        )
        assert (
            solve_stable(mixed, seed).place_of_candidate.tolist()
            == solve_stable(mixed_explicit).place_of_candidate.tolist()
        )


def test_a_pair_listed_by_one_side_only_is_never_matched() -> None:
    case = SmallCase([[0]], [[]], [1], {})
    assert solve_stable(case.instance(with_scores=False)).place_of_candidate.tolist() == [-1]


def test_empty_instance() -> None:
    result = solve_stable(SmallCase([], [], [], {}).instance(with_scores=False))
    assert (result.matched, result.unmatched, result.total_score) == (0, 0, 0.0)


def test_inconsistent_arrays_are_rejected() -> None:
    with pytest.raises(AssignmentError, match="out of range"):
        Instance(
            candidate_ids=["c0"],
            place_ids=["p0"],
            capacities=np.array([1]),
            candidate_indptr=np.array([0, 1]),
            candidate_places=np.array([3]),
            place_indptr=np.array([0, 0]),
            place_candidates=np.array([], dtype=np.int32),
        )
    with pytest.raises(AssignmentError, match="needs scores"):
        build_instance(["c0"], ["p0"], [1], [None], [[0]])
