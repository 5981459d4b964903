"""Engine inputs: validation, the national demo loader, and no Django in the engine.

``random_market`` here is the shared builder of small random instances for the other test
modules of the engine.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import fields
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from kausa.matching.data import (
    NO_OCCUPATION,
    Market,
    OccupationTable,
    People,
    Places,
    days_since_epoch,
    load_national,
)

# Codes chosen for every relatedness level: 2521x share a 4-digit group, 252xx a 3-digit
# group, the 26xxx and 71xxx codes are other groups; 25212 appears twice (two occupations
# with one code are "same 4-digit group" to each other).
TEST_KLDB_CODES = np.array(
    [25212, 25213, 25222, 25232, 26112, 26122, 71302, 71312, 25212, 82102], dtype=np.int32
)


def random_people_columns(rng: np.random.Generator, n: int, occupations: int) -> dict:
    wishes = np.full((n, 3), NO_OCCUPATION, dtype=np.int32)
    for person in range(n):
        count = int(rng.integers(1, 4))
        wishes[person, :count] = rng.choice(occupations, size=count, replace=False)
    return {
        "latitude": rng.uniform(50.0, 50.6, n),
        "longitude": rng.uniform(8.0, 8.9, n),
        "occupations": wishes,
        "german_level": rng.integers(0, 8, n),
        "school_certificate": rng.integers(0, 5, n),
        "max_commute_km": rng.choice([0.0, 5.0, 12.5, 20.0, 40.0], n),
        "driving_licence": rng.random(n) < 0.4,
        "available_from": rng.integers(20_000, 20_400, n),
        "languages": rng.integers(0, 16, n).astype(np.uint64),
    }


def random_places_columns(rng: np.random.Generator, m: int, occupations: int) -> dict:
    return {
        "occupation": rng.integers(0, occupations, m),
        "seats": rng.integers(1, 4, m),
        "latitude": rng.uniform(50.0, 50.6, m),
        "longitude": rng.uniform(8.0, 8.9, m),
        "required_german_level": rng.integers(0, 8, m),
        "required_school_certificate": rng.integers(0, 5, m),
        "requires_driving_licence": rng.random(m) < 0.3,
        "start_date": rng.integers(20_000, 21_100, m),
        "languages": (rng.integers(0, 16, m) * (rng.random(m) < 0.5)).astype(np.uint64),
    }


def random_market(seed: int, people: int = 60, places: int = 120) -> Market:
    """A small random market in a 65 x 65 km square, with every relatedness level present."""
    rng = np.random.default_rng(seed)
    table = OccupationTable(kldb_codes=TEST_KLDB_CODES)
    return Market(
        people=People(**random_people_columns(rng, people, len(table))),
        places=Places(**random_places_columns(rng, places, len(table))),
        occupations=table,
    )


def test_columns_are_converted_and_frozen():
    market = random_market(1, people=5, places=7)
    assert market.people.latitude.dtype == np.float64
    assert market.people.occupations.shape == (5, 3)
    assert market.places.start_date.dtype == np.int32
    with pytest.raises(ValueError):
        market.people.latitude[0] = 1.0


def test_dates_become_days_since_epoch():
    dates = np.array(["1970-01-02", "2026-08-01"], dtype="datetime64[D]")
    assert days_since_epoch(dates).tolist() == [1, (date(2026, 8, 1) - date(1970, 1, 1)).days]
    assert days_since_epoch(np.array([5, 6])).tolist() == [5, 6]


def test_columns_of_different_length_are_rejected():
    rng = np.random.default_rng(2)
    columns = random_people_columns(rng, 4, 3)
    columns["german_level"] = columns["german_level"][:3]
    with pytest.raises(ValueError, match="differ in length"):
        People(**columns)


def test_wishes_need_three_ranks():
    columns = random_people_columns(np.random.default_rng(3), 4, 3)
    columns["occupations"] = columns["occupations"][:, :2]
    with pytest.raises(ValueError, match="three columns"):
        People(**columns)


def test_market_rejects_unknown_occupation_indices():
    rng = np.random.default_rng(4)
    table = OccupationTable(kldb_codes=TEST_KLDB_CODES[:3])
    places = random_places_columns(rng, 5, 3)
    places["occupation"][0] = 3
    with pytest.raises(ValueError, match="occupation table"):
        Market(People(**random_people_columns(rng, 2, 3)), Places(**places), table)


def test_occupation_table_from_reference_keys():
    table = OccupationTable.from_reference(["friseur-in"])
    assert len(table) == 1
    assert 10000 <= int(table.kldb_codes[0]) <= 99999
    with pytest.raises(ValueError, match="unknown occupation"):
        OccupationTable.from_reference(["no-such-occupation"])


def test_load_national_demo_files(tmp_path):
    from kausa.demo.national import generate_national  # Django settings: set by pytest-django

    summary = generate_national(
        seed=7, people=5_000, seats=5_000, output_dir=tmp_path, today=date(2026, 3, 15)
    )
    market = load_national(tmp_path)
    meta = json.loads((tmp_path / "meta.json").read_text(encoding="utf-8"))
    assert len(market.people) == 5_000
    assert len(market.places) == summary.places
    assert int(market.places.seats.sum()) == 5_000
    assert len(market.occupations) == len(meta["occupations"])
    with np.load(tmp_path / "people.npz") as raw:
        assert np.array_equal(market.people.available_from, days_since_epoch(raw["available_from"]))
        assert np.array_equal(market.people.occupations, raw["occupations"].astype(np.int32))
    # The loaded market runs end to end.
    from kausa.matching.topk import Matcher

    matcher = Matcher(market)
    candidates = matcher.candidates()
    assert candidates.pair_count > 0
    assert len(matcher.best_places(0, k=5)) <= 5


def test_engine_imports_no_django():
    code = (
        "import sys\n"
        "import kausa.matching.data, kausa.matching.candidates, kausa.matching.scoring\n"
        "import kausa.matching.topk\n"
        "from kausa.matching.data import OccupationTable\n"
        "OccupationTable.from_reference(['friseur-in'])\n"
        "assert not [m for m in sys.modules if m == 'django' or m.startswith('django.')]\n"
    )
    root = Path(__file__).resolve().parents[3]
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root)}
    result = subprocess.run(  # noqa: S603 - fixed command, no user input
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=root, check=False
    )
    assert result.returncode == 0, result.stderr


def test_people_have_no_protected_fields():
    from kausa.matching.data import PROTECTED_ATTRIBUTE_NAMES

    names = {f.name for f in fields(People)} | {f.name for f in fields(Places)}
    assert not names & set(PROTECTED_ATTRIBUTE_NAMES)
