"""Top-k against full sorts, and the greedy capped kernel against a plain greedy reference."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kausa.matching import topk_kernels as kernels
from kausa.matching.candidates import Candidates
from kausa.matching.tests.test_data import random_market
from kausa.matching.topk import (
    Matcher,
    batch_best_places,
    exposure_limits,
    rank_candidates,
    top_k,
)


def sorted_reference(indices, scores, k):
    """Full sort: score descending, then index ascending."""
    order = sorted(range(len(indices)), key=lambda i: (-float(scores[i]), int(indices[i])))
    return [int(indices[i]) for i in order[:k]]


def greedy_reference(candidates, scores, seats, k, cap_multiple):
    """Walk all pairs by (score desc, person asc, place asc); keep a pair while both have room."""
    persons = candidates.person_of_pairs()
    pairs = sorted(
        zip(persons.tolist(), candidates.places.tolist(), scores.tolist(), strict=True),
        key=lambda pair: (-pair[2], pair[0], pair[1]),
    )
    capacity = [math.floor(cap_multiple * s + 1e-9) for s in seats]
    taken_by_person: dict[int, int] = {}
    taken_at_place: dict[int, int] = {}
    kept = set()
    for person, place, _score in pairs:
        if taken_by_person.get(person, 0) < k and taken_at_place.get(place, 0) < capacity[place]:
            kept.add((person, place))
            taken_by_person[person] = taken_by_person.get(person, 0) + 1
            taken_at_place[place] = taken_at_place.get(place, 0) + 1
    return kept


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), k=st.sampled_from([0, 1, 3, 10, 1000]))
def test_top_k_equals_sorting_all_scores(seed, k):
    market = random_market(seed, people=15, places=120)
    matcher = Matcher(market)
    candidates = matcher.candidates()
    scores = matcher.score(candidates)
    for person in range(len(market.people)):
        places, _fits = candidates.for_person(person)
        own = scores[candidates.indptr[person] : candidates.indptr[person + 1]]
        ranking = matcher.best_places(person, k=k)
        assert ranking.indices.tolist() == sorted_reference(places, own, k)
        assert np.all(np.diff(ranking.scores) <= 0)
    persons = candidates.person_of_pairs()
    for place in range(0, len(market.places), 5):
        column = candidates.places == place
        ranking = matcher.best_candidates(place, k=k)
        assert ranking.indices.tolist() == sorted_reference(persons[column], scores[column], k)


def test_top_k_breaks_ties_by_index():
    indices = np.array([9, 3, 7, 1, 5], dtype=np.int32)
    scores = np.array([0.5, 0.9, 0.5, 0.5, 0.2], dtype=np.float32)
    fits = np.zeros(5, dtype=np.int8)
    assert top_k(indices, scores, fits, 3).indices.tolist() == [3, 1, 7]
    assert top_k(indices, scores, fits, 0).indices.tolist() == []
    with pytest.raises(ValueError):
        top_k(indices, scores, fits, -1)


def test_ranking_sorts_each_person_best_first():
    candidates = Candidates(
        indptr=np.array([0, 3, 3, 5]),
        places=np.array([4, 2, 8, 1, 0], dtype=np.int32),
        fit=np.ones(5, dtype=np.int8),
    )
    scores = np.array([0.3, 0.7, 0.3, 0.0, -0.0], dtype=np.float32)
    assert rank_candidates(candidates, scores).tolist() == [1, 0, 2, 4, 3]
    with pytest.raises(ValueError):
        rank_candidates(candidates, np.array([0.1, 0.2, -0.1, 0, 0], dtype=np.float32))


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    k=st.sampled_from([1, 2, 5, 10]),
    cap_multiple=st.sampled_from([0.5, 1.0, 2.0, 3.0, 100.0]),
    tied=st.booleans(),
)
def test_capped_kernel_equals_greedy_by_score(seed, k, cap_multiple, tied):
    # The greedy capped top-k (the coverage allocation's start and its fill step).
    market = random_market(seed, people=40, places=60)
    matcher = Matcher(market)
    candidates = matcher.candidates()
    scores = matcher.score(candidates)
    if tied:  # coarse scores: many ties, decided by person then place index
        scores = (np.round(scores * 4) / 4).astype(np.float32)
    seats = market.places.seats
    ranked = rank_candidates(candidates, scores)
    capacity = np.floor(cap_multiple * seats + 1e-9).astype(np.int64)
    kept = kernels.capped_top_k(
        candidates.indptr,
        ranked,
        candidates.places[ranked],
        scores,
        capacity,
        np.full(candidates.people_count, k, dtype=np.int64),
        np.zeros(candidates.pair_count, dtype=np.bool_),
    )
    persons = np.searchsorted(candidates.indptr, kept, side="right") - 1
    pairs = set(zip(persons.tolist(), candidates.places[ranked[kept]].tolist(), strict=True))
    assert pairs == greedy_reference(candidates, scores, seats, k, cap_multiple)
    assert len(pairs) == len(kept)


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    k=st.sampled_from([1, 2, 5, 10]),
    cap_multiple=st.sampled_from([0.5, 1.0, 2.0, 3.0, 100.0]),
)
def test_congestion_cap_batch_respects_limits_and_order(seed, k, cap_multiple):
    market = random_market(seed, people=40, places=60)
    matcher = Matcher(market)
    candidates = matcher.candidates()
    scores = matcher.score(candidates)
    seats = market.places.seats
    batch = batch_best_places(candidates, scores, seats, k=k, cap_multiple=cap_multiple)
    persons = np.repeat(np.arange(len(market.people)), np.diff(batch.indptr))
    kept = set(zip(persons.tolist(), batch.places.tolist(), strict=True))
    all_pairs = set(
        zip(candidates.person_of_pairs().tolist(), candidates.places.tolist(), strict=True)
    )
    assert kept <= all_pairs
    assert len(kept) == len(batch.places)
    _cap, hard, _step = exposure_limits(seats, cap_multiple)
    per_place = batch.suggestions_per_place(len(market.places))
    assert (per_place <= hard).all()
    assert (np.diff(batch.indptr) <= k).all()
    for person in range(len(market.people)):
        suggestion = batch.for_person(person)
        order = np.lexsort((suggestion.indices, -suggestion.scores))
        assert order.tolist() == list(range(len(suggestion)))


def test_congestion_cap_is_deterministic_and_binding():
    market = random_market(21, people=200, places=40)
    matcher = Matcher(market)
    first = matcher.batch_best_places(k=5, cap_multiple=1.0)
    again = Matcher(market).batch_best_places(k=5, cap_multiple=1.0)
    for name in ("indptr", "places", "scores", "fit"):
        assert np.array_equal(getattr(first, name), getattr(again, name))
    uncapped = matcher.batch_best_places(k=5, cap_multiple=None)
    seats = market.places.seats
    _cap, hard, _step = exposure_limits(seats, 1.0)
    assert (first.suggestions_per_place(40) <= hard).all()
    assert (uncapped.suggestions_per_place(40) > hard).any()  # the cap had work to do


def test_without_cap_batch_is_per_person_top_k():
    market = random_market(22, people=30, places=90)
    matcher = Matcher(market)
    batch = matcher.batch_best_places(k=4, cap_multiple=None)
    for person in range(len(market.people)):
        single = matcher.best_places(person, k=4)
        assert batch.for_person(person).indices.tolist() == single.indices.tolist()
        assert np.array_equal(batch.for_person(person).scores, single.scores)


def test_batch_rejects_bad_arguments():
    market = random_market(23, people=5, places=5)
    matcher = Matcher(market)
    with pytest.raises(ValueError):
        matcher.batch_best_places(k=-1)
    with pytest.raises(ValueError):
        matcher.batch_best_places(cap_multiple=0)


def test_explain_through_the_matcher_adds_up():
    market = random_market(24, people=10, places=50)
    matcher = Matcher(market)
    person = next(p for p in range(10) if len(matcher.best_places(p, k=1)))
    best = matcher.best_places(person, k=1)
    contributions = matcher.explain(person, int(best.indices[0]))
    assert sum(c.contribution for c in contributions) == pytest.approx(float(best.scores[0]))
