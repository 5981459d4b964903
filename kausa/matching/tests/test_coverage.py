"""Coverage allocation of the batch: checked against exact maximum flows and brute force."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_flow

from kausa.matching.candidates import Candidates
from kausa.matching.coverage import coverage_figures
from kausa.matching.tests.test_data import random_market
from kausa.matching.topk import Matcher, batch_best_places, exposure_limits


def random_instance(seed: int, people: int, places: int, density: float):
    """Random candidate graph (no repeated pair), scores with ties, seats 1-3."""
    rng = np.random.default_rng(seed)
    lists = [np.flatnonzero(rng.random(places) < density) for _ in range(people)]
    indptr = np.zeros(people + 1, dtype=np.int64)
    np.cumsum([len(row) for row in lists], out=indptr[1:])
    place_ids = np.concatenate(lists).astype(np.int32) if people else np.zeros(0, np.int32)
    candidates = Candidates(
        indptr=indptr, places=place_ids, fit=np.zeros(len(place_ids), dtype=np.int8)
    )
    scores = (rng.integers(0, 8, len(place_ids)) / 8).astype(np.float32)
    seats = rng.integers(1, 4, places)
    return candidates, scores, seats


def allocated(candidates, batch):
    persons = np.repeat(np.arange(candidates.people_count), np.diff(batch.indptr))
    return list(zip(persons.tolist(), batch.places.tolist(), strict=True))


def max_flow(candidates, person_capacity, place_capacity) -> int:
    """Exact maximum b-matching size (scipy's maximum flow): source, people, places, sink."""
    people, places = candidates.people_count, len(place_capacity)
    source, sink = 0, people + places + 1
    persons = np.repeat(np.arange(people), np.diff(candidates.indptr))
    rows = np.concatenate([np.zeros(people, int), 1 + persons, 1 + people + np.arange(places)])
    cols = np.concatenate(
        [1 + np.arange(people), 1 + people + candidates.places, np.full(places, sink)]
    )
    capacity = np.concatenate(
        [person_capacity, np.ones(candidates.pair_count, int), place_capacity]
    ).astype(np.int32)
    keep = capacity > 0
    graph = csr_matrix((capacity[keep], (rows[keep], cols[keep])), shape=(sink + 1, sink + 1))
    return int(maximum_flow(graph, source, sink).flow_value)


def check_basic(candidates, scores, seats, batch, k, limit):
    pairs = allocated(candidates, batch)
    assert len(pairs) == len(set(pairs))
    for person in range(candidates.people_count):
        own, _fit = candidates.for_person(person)
        mine = batch.for_person(person)
        assert set(mine.indices.tolist()) <= set(own.tolist())  # only candidate pairs
        assert len(mine) <= k
        order = np.lexsort((mine.indices, -mine.scores))
        assert order.tolist() == list(range(len(mine)))  # best first
        start = candidates.indptr[person]
        for place, score in zip(mine.indices, mine.scores, strict=True):
            position = start + int(np.flatnonzero(own == place)[0])
            assert score == scores[position]
    shown = batch.suggestions_per_place(len(seats))
    assert (shown <= limit).all()
    return np.diff(batch.indptr), shown


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    people=st.integers(0, 30),
    places=st.integers(1, 12),
    density=st.sampled_from([0.1, 0.3, 0.7]),
    k=st.sampled_from([1, 2, 3, 5, 10]),
    cap_multiple=st.sampled_from([0.5, 1.0, 2.0, 3.0]),
)
def test_coverage_is_level_by_level_maximal_under_the_cap(
    seed, people, places, density, k, cap_multiple
):
    candidates, scores, seats = random_instance(seed, people, places, density)
    cap, _hard, _step = exposure_limits(seats, cap_multiple)
    batch = batch_best_places(
        candidates, scores, seats, k=k, cap_multiple=cap_multiple, hard_cap_multiple=0
    )
    counts, shown = check_basic(candidates, scores, seats, batch, k, cap)
    degree = np.diff(candidates.indptr)
    levels = min(3, k)
    for level in range(1, levels + 1):
        best = max_flow(candidates, np.full(candidates.people_count, level), cap)
        assert int(np.minimum(counts, level).sum()) == best
    if max_flow(candidates, np.minimum(degree, levels), cap) == np.minimum(degree, levels).sum():
        assert (counts >= np.minimum(degree, levels)).all()  # feasible: everyone served
    # Fill: an unused pair has a full place or a person with k suggestions.
    taken = set(allocated(candidates, batch))
    persons = np.repeat(np.arange(candidates.people_count), degree)
    for person, place in zip(persons.tolist(), candidates.places.tolist(), strict=True):
        if (person, place) not in taken:
            assert counts[person] == k or shown[place] >= cap[place]


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    people=st.integers(1, 40),
    places=st.integers(1, 8),
    cap_multiple=st.sampled_from([1.0, 2.0]),
    hard_cap_multiple=st.sampled_from([2.0, 3.0, 6.0]),
)
def test_over_exposure_serves_only_people_short_of_their_minimum(
    seed, people, places, cap_multiple, hard_cap_multiple
):
    candidates, scores, seats = random_instance(seed, people, places, 0.4)
    cap, hard, _step = exposure_limits(seats, cap_multiple, hard_cap_multiple)
    batch = batch_best_places(
        candidates,
        scores,
        seats,
        k=10,
        cap_multiple=cap_multiple,
        hard_cap_multiple=hard_cap_multiple,
    )
    counts, shown = check_basic(candidates, scores, seats, batch, 10, hard)
    degree = np.diff(candidates.indptr)
    wanted = np.minimum(degree, 3)
    for level in range(1, 4):
        best = max_flow(candidates, np.full(candidates.people_count, level), hard)
        assert int(np.minimum(counts, level).sum()) == best
    if max_flow(candidates, wanted, cap) == wanted.sum():
        assert (shown <= cap).all()  # nobody needed more than the cap
    # Every exposure over the cap went to a place's minimum: there are no more of them than
    # the shortfall the cap alone leaves.
    shortfall = int(wanted.sum()) - max_flow(candidates, wanted, cap)
    assert int(np.maximum(shown - cap, 0).sum()) <= shortfall


def lexicographic_optimum(candidates, capacity, levels):
    """Brute force over all subsets of pairs: the best (people with >= 1, >= 2, ...)."""
    persons = np.repeat(np.arange(candidates.people_count), np.diff(candidates.indptr))
    best = None
    for mask in itertools.product((0, 1), repeat=candidates.pair_count):
        chosen = np.flatnonzero(mask)
        per_place = np.bincount(candidates.places[chosen], minlength=len(capacity))
        if (per_place > capacity).any():
            continue
        per_person = np.bincount(persons[chosen], minlength=candidates.people_count)
        if (per_person > levels).any():
            continue
        value = tuple(int((per_person >= level).sum()) for level in range(1, levels + 1))
        best = value if best is None or value > best else best
    return best


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), people=st.integers(1, 5), places=st.integers(1, 4))
def test_coverage_matches_brute_force_on_tiny_instances(seed, people, places):
    candidates, scores, seats = random_instance(seed, people, places, 0.5)
    if candidates.pair_count > 12:
        candidates = Candidates(
            indptr=np.minimum(candidates.indptr, 12),
            places=candidates.places[:12],
            fit=candidates.fit[:12],
        )
        scores = scores[:12]
    cap, _hard, _step = exposure_limits(seats, 1.0)
    batch = batch_best_places(candidates, scores, seats, k=3, cap_multiple=1.0, hard_cap_multiple=0)
    counts = np.diff(batch.indptr)
    found = tuple(int((counts >= level).sum()) for level in (1, 2, 3))
    assert found == lexicographic_optimum(candidates, cap, 3)


def test_a_person_with_one_place_is_not_crowded_out():
    # Person 0 likes both places best; person 1 can only go to place 0. The greedy cap gives
    # place 0 to person 0 and nothing to person 1; coverage serves both.
    candidates = Candidates(
        indptr=np.array([0, 2, 3]),
        places=np.array([0, 1, 0], dtype=np.int32),
        fit=np.zeros(3, dtype=np.int8),
    )
    scores = np.array([0.9, 0.5, 0.4], dtype=np.float32)
    batch = batch_best_places(candidates, scores, [1, 1], k=1, cap_multiple=1.0)
    assert allocated(candidates, batch) == [(0, 1), (1, 0)]
    # With k=2 and no over-exposure, person 0 gets no second place: place 0 is full.
    batch = batch_best_places(
        candidates, scores, [1, 1], k=2, cap_multiple=1.0, hard_cap_multiple=1.0
    )
    assert allocated(candidates, batch) == [(0, 1), (1, 0)]
    # By default place 0 may be shown twice, so that person 0 gets a minimum of two.
    batch = batch_best_places(candidates, scores, [1, 1], k=2, cap_multiple=1.0)
    assert allocated(candidates, batch) == [(0, 0), (0, 1), (1, 0)]
    assert batch.suggestions_per_place(2).tolist() == [2, 1]


def test_over_exposure_steps_one_per_seat_up_to_the_hard_cap():
    # Five people share one place with one seat: the cap (1) serves one, each step one more,
    # up to the hard cap of 3.
    candidates = Candidates(
        indptr=np.arange(6),
        places=np.zeros(5, dtype=np.int32),
        fit=np.zeros(5, dtype=np.int8),
    )
    scores = np.array([0.1, 0.5, 0.3, 0.9, 0.2], dtype=np.float32)
    batch = batch_best_places(candidates, scores, [1], k=3, cap_multiple=1.0, hard_cap_multiple=3.0)
    assert np.diff(batch.indptr).sum() == 3
    assert batch.suggestions_per_place(1).tolist() == [3]
    assert np.diff(batch.indptr)[3] == 1  # the best pair is kept from the start
    strict = batch_best_places(
        candidates, scores, [1], k=3, cap_multiple=1.0, hard_cap_multiple=1.0
    )
    assert allocated(candidates, strict) == [(3, 0)]
    # A huge hard cap ends as soon as everyone who can be served is.
    loose = batch_best_places(candidates, scores, [1], k=3, cap_multiple=1.0, hard_cap_multiple=1e9)
    assert batch.suggestions_per_place(1).tolist() == [3]
    assert loose.suggestions_per_place(1).tolist() == [5]


def test_batch_on_a_market_is_deterministic_and_covers_people():
    market = random_market(31, people=300, places=40)
    matcher = Matcher(market)
    candidates = matcher.candidates()
    scores = matcher.score(candidates)
    seats = market.places.seats
    first = batch_best_places(candidates, scores, seats, k=5, cap_multiple=1.0)
    again = Matcher(market).batch_best_places(k=5, cap_multiple=1.0)
    for name in ("indptr", "places", "scores", "fit"):
        assert np.array_equal(getattr(first, name), getattr(again, name))
    degree = np.diff(candidates.indptr)
    figures = coverage_figures(
        np.diff(first.indptr), degree, first.suggestions_per_place(40), seats
    )
    _cap, hard, _step = exposure_limits(seats, 1.0)
    wanted = np.minimum(degree, 3)
    counts = np.diff(first.indptr)
    assert int(np.minimum(counts, 3).sum()) == max_flow(candidates, wanted, hard)
    assert figures.short_of_minimum <= int(wanted.sum()) - max_flow(candidates, wanted, hard)
    assert figures.with_candidates_but_none == int(
        (degree > 0).sum() - max_flow(candidates, np.minimum(degree, 1), hard)
    )
    assert figures.max_exposure_per_seat <= 2.0  # default hard cap: twice the cap


def test_coverage_figures_count_people_and_exposure():
    figures = coverage_figures(
        np.array([0, 0, 1, 2, 3, 5]),
        np.array([0, 4, 1, 5, 3, 9]),
        np.array([6, 2, 0]),
        np.array([2, 1, 0]),
    )
    assert figures.as_dict() == {
        "people": 6,
        "with_none": 2,
        "with_one_or_two": 2,
        "with_three_or_more": 2,
        "with_candidates_but_none": 1,
        "short_of_minimum": 2,
        "max_exposure_per_seat": 3.0,
    }


def test_limits_reject_bad_multiples():
    with pytest.raises(ValueError):
        exposure_limits([1, 2], 0)
    with pytest.raises(ValueError):
        exposure_limits([1, 2], 1.0, float("inf"))
    cap, hard, step = exposure_limits([1, 2, 0], 0.5, 0)
    assert cap.tolist() == [1, 1, 0]  # a place with seats is shown at least once
    assert hard.tolist() == [1, 1, 0]
    assert step.tolist() == [1, 2, 0]
