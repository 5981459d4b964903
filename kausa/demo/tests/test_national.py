"""The national files: schema, reproducibility, exact seat total and plausible values."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pytest

from kausa.demo import national as national_module
from kausa.demo.national import (
    LANGUAGE_CODES,
    MAX_JITTER_KM,
    PEOPLE_COLUMNS,
    PLACES_COLUMNS,
    _seat_counts,
    generate_national,
)
from kausa.reference import gazetteer
from kausa.reference import occupations as reference_occupations

TODAY = date(2026, 3, 15)
PEOPLE = 5_000
SEATS = 5_000


def generate(tmp_path, name: str, seed: int = 11):
    output = tmp_path / name
    summary = generate_national(
        seed=seed, people=PEOPLE, seats=SEATS, output_dir=output, today=TODAY
    )
    people = dict(np.load(output / "people.npz"))
    places = dict(np.load(output / "places.npz"))
    meta = json.loads((output / "meta.json").read_text(encoding="utf-8"))
    return summary, people, places, meta


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    return generate(tmp_path_factory.mktemp("national"), "a")


def test_files_have_the_documented_columns(national):
    summary, people, places, meta = national
    assert set(people) == set(PEOPLE_COLUMNS)
    assert set(places) == set(PLACES_COLUMNS)
    assert all(f"\n{name} " in national_module.__doc__ for name in (*people, *places))
    assert meta["columns"] == {"people.npz": PEOPLE_COLUMNS, "places.npz": PLACES_COLUMNS}
    assert all(len(column) == PEOPLE for column in people.values())
    assert all(len(column) == summary.places for column in places.values())
    assert people["occupations"].shape == (PEOPLE, 3)
    assert people["available_from"].dtype == np.dtype("datetime64[D]")
    assert places["start_date"].dtype == np.dtype("datetime64[D]")
    assert meta["seed"] == 11 and meta["today"] == TODAY.isoformat()
    assert meta["counts"] == {"people": PEOPLE, "places": summary.places, "seats": SEATS}
    assert meta["occupations"] == [item.key for item in reference_occupations.all()]
    assert meta["languages"] == list(LANGUAGE_CODES)


def test_seats_add_up_to_the_request(national):
    _summary, _people, places, _meta = national
    assert int(places["seats"].astype(np.int64).sum()) == SEATS
    assert places["seats"].min() >= 1 and places["seats"].max() <= 3
    for seats in (1, 2, 3, 4, 1001):
        counts = _seat_counts(np.random.default_rng(seats), seats)
        assert int(counts.sum()) == seats and counts.min() >= 1


def test_same_seed_same_files_other_seed_other_files(national, tmp_path):
    _summary, people, places, _meta = national
    _again, people_again, places_again, _meta_again = generate(tmp_path, "b")
    for name in PEOPLE_COLUMNS:
        np.testing.assert_array_equal(people[name], people_again[name])
    for name in PLACES_COLUMNS:
        np.testing.assert_array_equal(places[name], places_again[name])
    _other, people_other, _places_other, _meta_other = generate(tmp_path, "c", seed=12)
    assert not np.array_equal(people["postal_code"], people_other["postal_code"])


def test_locations_are_jittered_postal_code_points(national):
    _summary, people, places, _meta = national
    for columns in (people, places):
        entries = [gazetteer.lookup(f"{code:05d}") for code in columns["postal_code"]]
        assert all(entry is not None for entry in entries)
        keys = np.array([int(entry.district_key) for entry in entries])
        np.testing.assert_array_equal(keys, columns["district_key"])
        distance = gazetteer.haversine_km_array(
            [entry.latitude for entry in entries],
            [entry.longitude for entry in entries],
            columns["latitude"],
            columns["longitude"],
        )
        assert distance.max() <= MAX_JITTER_KM + 0.01  # float32 rounding
        assert distance.mean() > 0.5  # really jittered
    # Spread over the country: most districts occur.
    assert len(np.unique(people["district_key"])) > 300


def test_people_and_places_have_plausible_values(national):
    _summary, people, places, _meta = national
    occupation_count = len(reference_occupations.all())
    wishes = people["occupations"]
    assert (wishes[:, 0] >= 0).all()
    for row in wishes[:50]:
        chosen = row[row >= 0]
        assert len(set(chosen.tolist())) == len(chosen)  # distinct
        assert (row[len(chosen) :] == -1).all()  # padding only at the end
    assert wishes.max() < occupation_count
    assert places["occupation"].min() >= 0 and places["occupation"].max() < occupation_count
    assert people["german_level"].max() <= 7 and places["required_german_level"].max() <= 7
    assert people["school_certificate"].max() <= 4
    assert places["required_school_certificate"].max() <= 4
    assert set(np.unique(people["max_commute_km"]).tolist()) <= {10, 15, 20, 25, 30, 40, 50, 60}
    assert 0.1 < people["driving_licence"].mean() < 0.4
    assert (people["available_from"] > np.datetime64(TODAY)).all()
    assert (places["start_date"] > np.datetime64(TODAY)).all()
    # Every person speaks 1-3 languages besides German.
    bits = np.array(
        [[(mask >> np.uint64(i)) & np.uint64(1) for i in range(len(LANGUAGE_CODES))]
         for mask in people["languages"][:200]]
    )  # fmt: skip
    assert ((bits.sum(axis=1) >= 1) & (bits.sum(axis=1) <= 3)).all()
    # The most frequent wish follows the ranking of new contracts.
    top = np.bincount(wishes[:, 0], minlength=occupation_count).argmax()
    contracts = reference_occupations.all()[top].new_contracts_2024
    assert contracts is not None and contracts > 10_000


def test_rejects_empty_requests(tmp_path):
    with pytest.raises(ValueError, match="positive"):
        generate_national(seed=1, people=0, seats=10, output_dir=tmp_path)
