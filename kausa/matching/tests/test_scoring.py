"""Scores: each factor's rule, ranges, and explanations that add up to the vectorised score."""

from __future__ import annotations

import math
from dataclasses import fields

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kausa.matching import scoring_factors as factors
from kausa.matching.candidates import MAX_START_DELAY_DAYS, OccupationFit, generate_candidates
from kausa.matching.scoring import FACTORS, Scorer, Weights, explain
from kausa.matching.tests.test_data import random_market
from kausa.reference.gazetteer import haversine_km


def test_occupation_fit_values_fall_with_the_fit():
    values = [factors.occupation_fit(int(level)) for level in reversed(OccupationFit)]
    assert values == sorted(values, reverse=True)
    assert values[0] == 1.0
    assert values[-1] == 0.0  # unrelated


def test_commute_is_linear_in_the_limit():
    assert factors.commute(0.0, 20.0) == 1.0
    assert factors.commute(5.0, 20.0) == 0.75
    assert factors.commute(20.0, 20.0) == 0.0
    assert factors.commute(20.5, 20.0) == 0.0
    assert factors.commute(0.0, 0.0) == 1.0


@pytest.mark.parametrize(
    ("level", "required", "expected"),
    [(7, 0, 1.0), (4, 4, 1.0), (5, 4, 1.0), (3, 4, 0.5), (2, 4, 0.0), (0, 6, 0.0)],
)
def test_german_level_and_school_certificate(level, required, expected):
    assert factors.german_level(level, required) == expected
    assert factors.school_certificate(min(level, 4), min(required, 4)) == (
        1.0 if min(level, 4) >= min(required, 4) else expected
    )


def test_start_date_falls_until_the_horizon():
    horizon = MAX_START_DELAY_DAYS
    assert factors.start_date(0, horizon) == 1.0
    assert factors.start_date(horizon, horizon) == 0.0
    assert factors.start_date(horizon // 2, horizon) == pytest.approx(0.5, abs=1e-3)
    assert factors.start_date(-1, horizon) == 0.0
    assert factors.start_date(horizon + 1, horizon) == 0.0


def test_driving_licence_and_languages():
    assert factors.driving_licence(False, True) == 0.0
    assert factors.driving_licence(True, True) == 1.0
    assert factors.driving_licence(False, False) == 1.0
    assert factors.shared_language(np.uint64(0b0110), np.uint64(0b0100)) == 1.0
    assert factors.shared_language(np.uint64(0b0110), np.uint64(0b1001)) == 0.0
    assert factors.shared_language(np.uint64(1 << 63), np.uint64(1 << 63)) == 1.0


def test_weights_are_one_per_factor_and_validated():
    assert tuple(f.name for f in fields(Weights)) == FACTORS
    assert Weights().shares().sum() == pytest.approx(1.0)
    only_commute = dict.fromkeys(FACTORS, 0.0) | {"commute": 2.0}
    assert Weights(**only_commute).shares()[1] == 1.0
    with pytest.raises(ValueError):
        Weights(commute=-0.1)
    with pytest.raises(ValueError):
        Weights(**dict.fromkeys(FACTORS, 0.0))
    with pytest.raises(ValueError):
        Weights(commute=math.nan)


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    weights=st.lists(st.floats(0.0, 10.0), min_size=7, max_size=7).filter(lambda w: sum(w) > 0),
)
def test_scores_in_range_and_explanations_add_up(seed, weights):
    market = random_market(seed, people=25, places=80)
    scorer = Scorer(market, Weights(*weights))
    candidates = generate_candidates(market)
    scores = scorer.score_candidates(candidates)
    assert scores.dtype == np.float32
    assert ((scores >= 0) & (scores <= 1 + 1e-6)).all()
    persons = candidates.person_of_pairs()
    assert np.array_equal(scorer.score_pairs(persons, candidates.places, candidates.fit), scores)
    assert np.array_equal(scorer.score_pairs(persons, candidates.places), scores)
    for k in range(0, candidates.pair_count, 7):
        explanation = scorer.explain(int(persons[k]), int(candidates.places[k]))
        assert [item.factor for item in explanation] == list(FACTORS)
        assert all(0.0 <= item.value <= 1.0 for item in explanation)
        total = sum(item.contribution for item in explanation)
        assert total == pytest.approx(float(scores[k]), abs=1e-6)
        for item in explanation:
            assert item.contribution == pytest.approx(item.weight * item.value)
            assert item.name == item.factor


def test_explanation_shows_the_inputs():
    market = random_market(11, people=10, places=40)
    candidates = generate_candidates(market)
    persons = candidates.person_of_pairs()
    person, place = int(persons[0]), int(candidates.places[0])
    people, places = market.people, market.places
    values = {item.factor: item.value for item in explain(market, person, place)}
    distance = haversine_km(
        people.latitude[person], people.longitude[person], places.latitude[place],
        places.longitude[place],
    )  # fmt: skip
    limit = people.max_commute_km[person]
    assert values["commute"] == pytest.approx(1 - distance / limit if limit else 1.0, abs=1e-9)
    delay = int(places.start_date[place]) - int(people.available_from[person])
    assert values["start_date"] == pytest.approx(1 - delay / MAX_START_DELAY_DAYS)
    shared = int(people.languages[person]) & int(places.languages[place])
    assert values["shared_language"] == (1.0 if shared else 0.0)
    assert values["occupation_fit"] == factors.occupation_fit(int(candidates.fit[0]))


def test_explain_works_for_a_pair_that_is_no_candidate():
    market = random_market(12, people=10, places=40)
    candidates = generate_candidates(market)
    paired = set(
        zip(candidates.person_of_pairs().tolist(), candidates.places.tolist(), strict=True)
    )
    outside = next((p, q) for p in range(10) for q in range(40) if (p, q) not in paired)
    explanation = Scorer(market).explain(*outside)
    assert len(explanation) == len(FACTORS)


def test_weights_change_the_ranking_only_through_shares():
    market = random_market(13, people=20, places=60)
    candidates = generate_candidates(market)
    base = Scorer(market, Weights()).score_candidates(candidates)
    doubled = Weights(*(2 * getattr(Weights(), name) for name in FACTORS))
    assert np.allclose(Scorer(market, doubled).score_candidates(candidates), base, atol=1e-6)
    only_commute = Weights(**(dict.fromkeys(FACTORS, 0.0) | {"commute": 1.0}))
    scorer = Scorer(market, only_commute)
    persons = candidates.person_of_pairs()
    commute = scorer.factor_values(persons, candidates.places, candidates.fit)[:, 1]
    assert np.allclose(scorer.score_candidates(candidates), commute, atol=1e-6)


def test_score_pairs_rejects_bad_indices():
    scorer = Scorer(random_market(14, people=3, places=3))
    with pytest.raises(IndexError):
        scorer.score_pairs([3], [0])
    with pytest.raises(ValueError):
        scorer.score_pairs([0, 1], [0])
