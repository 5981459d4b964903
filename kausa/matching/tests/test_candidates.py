"""Candidate generation against a brute-force all-pairs filter, and its rules one by one."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kausa.matching.candidates import (
    MAX_START_DELAY_DAYS,
    OccupationFit,
    PeopleIndex,
    PlaceIndex,
    generate_candidates,
)
from kausa.matching.data import Market, OccupationTable, People, Places
from kausa.matching.tests.test_data import TEST_KLDB_CODES, random_market
from kausa.reference.gazetteer import EARTH_RADIUS_KM, haversine_km_array
from kausa.reference.occupations import relatedness


def brute_force_fit(wishes, place_occupation, codes) -> int:
    """Fit level from the reference relatedness function, written independently."""
    for rank, wish in enumerate(wishes):
        if wish == place_occupation:
            return int(OccupationFit.WISH_1) - rank
    levels = [relatedness(str(codes[w]), str(codes[place_occupation])) for w in wishes if w >= 0]
    best = max(levels, default=0)
    if best == 4:
        return int(OccupationFit.SAME_4_DIGIT_GROUP)
    if best == 3:
        return int(OccupationFit.SAME_3_DIGIT_GROUP)
    return int(OccupationFit.UNRELATED)


def brute_force_pairs(market: Market, max_delay: int = MAX_START_DELAY_DAYS) -> set:
    people, places, codes = market.people, market.places, market.occupations.kldb_codes
    pairs = set()
    for person in range(len(people)):
        distance = haversine_km_array(
            people.latitude[person], people.longitude[person], places.latitude, places.longitude
        )
        delay = places.start_date.astype(np.int64) - people.available_from[person]
        near = (distance <= people.max_commute_km[person]) & (delay >= 0) & (delay <= max_delay)
        for place in np.flatnonzero(near):
            fit = brute_force_fit(people.occupations[person], places.occupation[place], codes)
            if fit:
                pairs.add((person, int(place), fit))
    return pairs


def csr_pairs(candidates) -> set:
    persons = candidates.person_of_pairs()
    return set(
        zip(persons.tolist(), candidates.places.tolist(), candidates.fit.tolist(), strict=True)
    )


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    people=st.integers(0, 40),
    places=st.integers(0, 150),
    cell_km=st.sampled_from([0.7, 3.0, 10.0, 45.0, 500.0]),
    max_delay=st.sampled_from([0, 90, MAX_START_DELAY_DAYS]),
)
def test_candidates_equal_brute_force(seed, people, places, cell_km, max_delay):
    market = random_market(seed, people=people, places=places)
    candidates = generate_candidates(market, max_start_delay_days=max_delay, cell_km=cell_km)
    assert candidates.people_count == people
    assert len(csr_pairs(candidates)) == candidates.pair_count  # no duplicates
    assert csr_pairs(candidates) == brute_force_pairs(market, max_delay)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), cell_km=st.sampled_from([2.0, 10.0]))
def test_single_queries_agree_with_the_batch(seed, cell_km):
    market = random_market(seed, people=30, places=100)
    index = PlaceIndex(market, cell_km=cell_km)
    candidates = index.candidates()
    for person in range(len(market.people)):
        places, fits = index.places_for_person(person)
        batch_places, batch_fits = candidates.for_person(person)
        assert places.tolist() == batch_places.tolist()
        assert fits.tolist() == batch_fits.tolist()
    people_index = PeopleIndex(market, cell_km=cell_km)
    persons = candidates.person_of_pairs()
    for place in range(len(market.places)):
        people, fits = people_index.people_for_place(place)
        found = sorted(zip(people.tolist(), fits.tolist(), strict=True))
        column = candidates.places == place
        expected = sorted(
            zip(persons[column].tolist(), candidates.fit[column].tolist(), strict=True)
        )
        assert found == expected


def _market(people: dict, places: dict, codes=TEST_KLDB_CODES) -> Market:
    n, m = len(people["latitude"]), len(places["latitude"])
    people_defaults = {
        "occupations": [[0, -1, -1]] * n,
        "german_level": [7] * n,
        "school_certificate": [4] * n,
        "max_commute_km": [30.0] * n,
        "driving_licence": [True] * n,
        "available_from": [20_000] * n,
        "languages": [0] * n,
    }
    place_defaults = {
        "occupation": [0] * m,
        "seats": [1] * m,
        "required_german_level": [0] * m,
        "required_school_certificate": [0] * m,
        "requires_driving_licence": [False] * m,
        "start_date": [20_000] * m,
        "languages": [0] * m,
    }
    return Market(
        People(**(people_defaults | people)),
        Places(**(place_defaults | places)),
        OccupationTable(kldb_codes=np.asarray(codes, dtype=np.int32)),
    )


def _north_of(latitude: float, km: float) -> float:
    return latitude + math.degrees(km / EARTH_RADIUS_KM)


def test_commute_boundary():
    latitudes = [_north_of(50.0, km) for km in (0.0, 9.999, 10.001, 25.0)]
    market = _market(
        {"latitude": [50.0, 50.0], "longitude": [8.0, 8.0], "max_commute_km": [10.0, 0.0]},
        {"latitude": latitudes, "longitude": [8.0] * 4},
    )
    candidates = generate_candidates(market)
    assert sorted(candidates.for_person(0)[0].tolist()) == [0, 1]
    # A limit of 0 km still takes a place at the very same point: the boundary is inside.
    assert candidates.for_person(1)[0].tolist() == [0]


def test_commute_is_measured_east_west_too():
    # At 54 degrees north a degree of longitude is about 65 km, not 111 km.
    market = _market(
        {"latitude": [54.0], "longitude": [9.0], "max_commute_km": [60.0]},
        {"latitude": [54.0, 54.0], "longitude": [9.9, 9.95]},
    )
    distances = haversine_km_array(54.0, 9.0, [54.0, 54.0], [9.9, 9.95])
    assert distances[0] < 60.0 < distances[1]
    assert generate_candidates(market, cell_km=5.0).for_person(0)[0].tolist() == [0]


def test_start_date_rule():
    starts = [19_999, 20_000, 20_000 + MAX_START_DELAY_DAYS, 20_001 + MAX_START_DELAY_DAYS]
    market = _market(
        {"latitude": [50.0], "longitude": [8.0], "available_from": [20_000]},
        {"latitude": [50.0] * 4, "longitude": [8.0] * 4, "start_date": starts},
    )
    assert sorted(generate_candidates(market).for_person(0)[0].tolist()) == [1, 2]
    shorter = generate_candidates(market, max_start_delay_days=30)
    assert shorter.for_person(0)[0].tolist() == [1]


def test_occupation_fit_levels():
    # Codes by index: 0 25212, 1 25213, 2 25222, 3 25232, 4 26112, 6 71302, 8 25212 (again).
    market = _market(
        {"latitude": [50.0, 50.0], "longitude": [8.0, 8.0], "occupations": [[6, 0, -1], [4, 2, 0]]},
        {"latitude": [50.0] * 7, "longitude": [8.0] * 7, "occupation": [0, 6, 1, 8, 3, 4, 7]},
    )
    candidates = generate_candidates(market)
    fits = dict(zip(*(a.tolist() for a in candidates.for_person(0)), strict=True))
    assert fits == {
        0: OccupationFit.WISH_2,
        1: OccupationFit.WISH_1,
        2: OccupationFit.SAME_4_DIGIT_GROUP,  # 25213 ~ 25212 (wish 2)
        3: OccupationFit.SAME_4_DIGIT_GROUP,  # another occupation with code 25212
        4: OccupationFit.SAME_3_DIGIT_GROUP,  # 25232 ~ 252xx
        6: OccupationFit.SAME_3_DIGIT_GROUP,  # 71312 ~ 71302 (wish 1): 713xx only
    }  # place 5 (26112) is unrelated to 71302 and 25212
    fits = dict(zip(*(a.tolist() for a in candidates.for_person(1)), strict=True))
    # An exact third wish beats being related to the second wish (25222 ~ 252xx).
    assert fits[0] == OccupationFit.WISH_3
    assert fits[5] == OccupationFit.WISH_1
    # 25213 is 3-digit related to wish 2 (25222) and 4-digit related to wish 3: the closer wins.
    assert fits[2] == OccupationFit.SAME_4_DIGIT_GROUP
    assert 6 not in fits


def test_requirements_are_not_filters():
    market = _market(
        {
            "latitude": [50.0],
            "longitude": [8.0],
            "german_level": [1],
            "school_certificate": [0],
            "driving_licence": [False],
        },
        {
            "latitude": [50.0],
            "longitude": [8.0],
            "required_german_level": [5],
            "required_school_certificate": [4],
            "requires_driving_licence": [True],
        },
    )
    assert generate_candidates(market).for_person(0)[0].tolist() == [0]


def test_people_without_wishes_or_places_far_away_get_nothing():
    market = _market(
        {"latitude": [50.0, 50.0], "longitude": [8.0, 8.0], "occupations": [[-1] * 3, [0, -1, -1]]},
        {"latitude": [53.0], "longitude": [8.0]},
    )
    candidates = generate_candidates(market)
    assert candidates.pair_count == 0
    assert candidates.indptr.tolist() == [0, 0, 0]


def test_index_rejects_bad_arguments():
    market = random_market(5, people=3, places=3)
    with pytest.raises(ValueError):
        PlaceIndex(market, max_start_delay_days=-1)
    with pytest.raises(IndexError):
        PlaceIndex(market).places_for_person(3)
    with pytest.raises(IndexError):
        PeopleIndex(market).people_for_place(-1)
