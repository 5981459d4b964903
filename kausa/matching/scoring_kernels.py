"""Compiled loops (numba) that apply the factors of ``scoring_factors.py`` to many pairs.

``people`` and ``places`` are tuples of columns (see ``Scorer`` in ``scoring.py``):
people = (unit vectors, max_commute_km, german_level, school_certificate, driving_licence,
available_from, languages); places = (vectors, required_german_level,
required_school_certificate, requires_driving_licence, start_date, languages).
"""

from __future__ import annotations

import numba
import numpy as np

from kausa.matching import scoring_factors as f

FACTOR_COUNT = len(f.FACTORS)


@numba.njit(cache=True)
def person_fields(person, people):
    """One person's columns, read once per person rather than once per pair."""
    vectors, limit, german, school, licence, available, languages = people
    return (
        vectors[person, 0], vectors[person, 1], vectors[person, 2], limit[person],
        german[person], school[person], licence[person], available[person], languages[person],
    )  # fmt: skip


@numba.njit(cache=True)
def pair_factors(person_columns, place, fit, places, horizon_days):
    """The factor values of one pair, in the order of ``FACTORS``."""
    p_x, p_y, p_z, p_limit, p_german, p_school, p_licence, p_available, p_languages = person_columns
    q_vec, q_german, q_school, q_licence, q_start, q_languages = places
    return (
        f.occupation_fit(fit),
        f.commute(
            f.distance_km(p_x, p_y, p_z, q_vec[place, 0], q_vec[place, 1], q_vec[place, 2]),
            p_limit,
        ),
        f.german_level(p_german, q_german[place]),
        f.school_certificate(p_school, q_school[place]),
        f.start_date(q_start[place] - p_available, horizon_days),
        f.driving_licence(p_licence, q_licence[place]),
        f.shared_language(p_languages, q_languages[place]),
    )


@numba.njit(cache=True)
def _weighted(values, weights):
    total = 0.0
    for i in range(FACTOR_COUNT):
        total += weights[i] * values[i]
    return total


@numba.njit(cache=True, parallel=True)
def score_csr(people_order, indptr, places_of_pairs, fits, people, places, horizon_days, weights):
    """Scores (float32) of CSR pairs, parallel over people visited in ``people_order``."""
    scores = np.empty(len(places_of_pairs), dtype=np.float32)
    for i in numba.prange(len(people_order)):
        person = people_order[i]
        columns = person_fields(person, people)
        for k in range(indptr[person], indptr[person + 1]):
            values = pair_factors(columns, places_of_pairs[k], fits[k], places, horizon_days)
            scores[k] = _weighted(values, weights)
    return scores


@numba.njit(cache=True)
def score_pairs(persons, places_of_pairs, fits, people, places, horizon_days, weights):
    """Scores (float32) of pairs given as parallel arrays."""
    scores = np.empty(len(persons), dtype=np.float32)
    for k in range(len(persons)):
        columns = person_fields(persons[k], people)
        values = pair_factors(columns, places_of_pairs[k], fits[k], places, horizon_days)
        scores[k] = _weighted(values, weights)
    return scores


@numba.njit(cache=True)
def factor_matrix(persons, places_of_pairs, fits, people, places, horizon_days):
    """(pairs, FACTOR_COUNT) float64 factor values of pairs given as parallel arrays."""
    out = np.empty((len(persons), FACTOR_COUNT), dtype=np.float64)
    for k in range(len(persons)):
        columns = person_fields(persons[k], people)
        values = pair_factors(columns, places_of_pairs[k], fits[k], places, horizon_days)
        for i in range(FACTOR_COUNT):
            out[k, i] = values[i]
    return out
