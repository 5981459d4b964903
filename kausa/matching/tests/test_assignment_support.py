"""Helpers shared by the assignment tests: random small instances and brute-force checks."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

import numpy as np

from kausa.matching.assignment import Assignment, Instance, build_instance


@dataclass
class SmallCase:
    """A small instance kept as Python lists too, for the reference implementations."""

    cand_prefs: list[list[int]]
    place_prefs: list[list[int]]
    capacities: list[int]
    scores: dict[tuple[int, int], float]

    def instance(self, with_scores: bool = True) -> Instance:
        triples = [(c, p, s) for (c, p), s in self.scores.items()] if with_scores else None
        return build_instance(
            [f"c{i}" for i in range(len(self.cand_prefs))],
            [f"p{i}" for i in range(len(self.place_prefs))],
            self.capacities,
            self.cand_prefs,
            self.place_prefs,
            triples,
        )

    def acceptable(self, c: int, p: int) -> bool:
        return p in self.cand_prefs[c] and c in self.place_prefs[p]


def random_case(
    rng: random.Random, max_cands: int = 8, max_places: int = 5, score_levels: int = 0
) -> SmallCase:
    """Random lists (places also list some candidates who do not list them, so not every
    listed pair is acceptable); scores on ~80% of pairs, from few levels if score_levels."""
    n_c = rng.randint(1, max_cands)
    n_p = rng.randint(1, max_places)
    cand_prefs = [rng.sample(range(n_p), rng.randint(0, n_p)) for _ in range(n_c)]
    place_prefs = []
    for p in range(n_p):
        listed_by = [c for c in range(n_c) if p in cand_prefs[c] and rng.random() < 0.85]
        others = [c for c in range(n_c) if c not in listed_by and rng.random() < 0.3]
        prefs = listed_by + others
        rng.shuffle(prefs)
        place_prefs.append(prefs)
    scores = {}
    for c in range(n_c):
        for p in range(n_p):
            if rng.random() < 0.8:
                value = rng.randint(1, score_levels) / score_levels if score_levels else None
                scores[(c, p)] = value if value is not None else round(rng.uniform(-0.2, 1), 6)
    return SmallCase(cand_prefs, place_prefs, [rng.randint(0, 3) for _ in range(n_p)], scores)


def check_capacities_and_acceptability(case: SmallCase, result: Assignment) -> None:
    held = [0] * len(case.place_prefs)
    for c, p in enumerate(result.place_of_candidate.tolist()):
        if p >= 0:
            assert case.acceptable(c, p), (c, p)
            held[p] += 1
    assert all(h <= cap for h, cap in zip(held, case.capacities, strict=True))


def blocking_pairs(case: SmallCase, result: Assignment) -> list[tuple[int, int]]:
    place_of = result.place_of_candidate.tolist()
    holders: list[list[int]] = [[] for _ in case.place_prefs]
    for c, p in enumerate(place_of):
        if p >= 0:
            holders[p].append(c)
    found = []
    for c, prefs in enumerate(case.cand_prefs):
        for p in prefs:
            if p == place_of[c]:
                break  # only places c prefers to its own
            if not case.acceptable(c, p):
                continue
            rank = case.place_prefs[p].index
            has_room = len(holders[p]) < case.capacities[p]
            if has_room or any(rank(c) < rank(other) for other in holders[p]):
                found.append((c, p))
    return found


def scaled(value: float) -> int:
    return round(value * 1_000_000)


def brute_force_best_total(case: SmallCase) -> int:
    """Largest scaled total over all assignments (each candidate: a place or none)."""
    n_c, n_p = len(case.cand_prefs), len(case.place_prefs)
    options = [
        [-1, *(p for p in range(n_p) if case.acceptable(c, p) and (c, p) in case.scores)]
        for c in range(n_c)
    ]
    best = 0
    for choice in itertools.product(*options):
        counts = np.bincount([p for p in choice if p >= 0], minlength=n_p)
        if np.all(counts <= case.capacities):
            total = sum(scaled(case.scores[(c, p)]) for c, p in enumerate(choice) if p >= 0)
            best = max(best, total)
    return best
