"""Protected attributes never reach candidates, scores or rankings.

The Django adapter holds people's protected attributes next to the engine's columns. Here a
person table carries them too (``ProtectedAttributes``), and the engine input is built the
way an adapter does: every column that ``People`` declares, taken from the table. Altering or
permuting the protected columns must change nothing. If someone ever added such a column to
``People``, the altered values would flow in and the property test would catch any use; the
structural tests catch the column itself.
"""

from __future__ import annotations

import dataclasses
import inspect

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kausa.matching import candidates, data, scoring, topk
from kausa.matching.data import PROTECTED_ATTRIBUTE_NAMES, Market, OccupationTable, People, Places
from kausa.matching.tests.test_data import (
    TEST_KLDB_CODES,
    random_people_columns,
    random_places_columns,
)
from kausa.matching.topk import Matcher


@dataclasses.dataclass(frozen=True)
class ProtectedAttributes:
    """What an adapter may know about people but must never pass to the engine."""

    nationality: np.ndarray
    country_of_origin: np.ndarray
    gender: np.ndarray
    religion: np.ndarray
    residence_status: np.ndarray
    disability: np.ndarray


def random_protected(rng: np.random.Generator, n: int) -> ProtectedAttributes:
    return ProtectedAttributes(
        nationality=rng.integers(0, 200, n),
        country_of_origin=rng.integers(0, 200, n),
        gender=rng.integers(0, 3, n),
        religion=rng.integers(0, 8, n),
        residence_status=rng.integers(0, 10, n),
        disability=rng.random(n) < 0.1,
    )


def engine_people(table: dict) -> People:
    """As an adapter builds the input: every column People declares, from the full table."""
    return People(**{field.name: table[field.name] for field in dataclasses.fields(People)})


def run_engine(table: dict, places: Places) -> dict:
    market = Market(engine_people(table), places, OccupationTable(kldb_codes=TEST_KLDB_CODES))
    matcher = Matcher(market)
    found = matcher.candidates()
    scores = matcher.score(found)
    batch = matcher.batch_best_places(k=3, cap_multiple=1.0, candidates=found, scores=scores)
    people = len(market.people)
    return {
        "indptr": found.indptr,
        "places": found.places,
        "fit": found.fit,
        "scores": scores,
        "best_places": [matcher.best_places(p, k=5).indices for p in range(people)],
        "best_candidates": [matcher.best_candidates(q, k=5).indices for q in range(20)],
        "batch": (batch.indptr, batch.places, batch.scores),
        "explain": [matcher.explain(p, 0) for p in range(people)],
    }


def assert_same(a, b) -> None:
    if isinstance(a, np.ndarray):
        assert np.array_equal(a, b)
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b)
        for x, y in zip(a, b, strict=True):
            assert_same(x, y)
    elif isinstance(a, dict):
        assert a.keys() == b.keys()
        for key in a:
            assert_same(a[key], b[key])
    else:
        assert a == b


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), alter_seed=st.integers(0, 2**32 - 1), permute=st.booleans())
def test_protected_attributes_change_nothing(seed, alter_seed, permute):
    rng = np.random.default_rng(seed)
    people = 30
    table = random_people_columns(rng, people, len(TEST_KLDB_CODES))
    places = Places(**random_places_columns(rng, 60, len(TEST_KLDB_CODES)))
    protected = random_protected(rng, people)
    table_with = table | dataclasses.asdict(protected)

    other_rng = np.random.default_rng(alter_seed)
    if permute:  # the same values, given to other people
        altered = ProtectedAttributes(
            **{
                name: other_rng.permutation(value)
                for name, value in dataclasses.asdict(protected).items()
            }
        )
    else:  # entirely new values
        altered = random_protected(other_rng, people)
    table_altered = table | dataclasses.asdict(altered)

    assert_same(run_engine(table_with, places), run_engine(table_altered, places))


def test_people_and_places_have_no_protected_fields():
    for owner in (People, Places, OccupationTable, Market, scoring.Weights):
        for field in dataclasses.fields(owner):
            assert not _looks_protected(field.name), f"{owner.__name__}.{field.name}"


def test_people_reject_protected_columns():
    rng = np.random.default_rng(1)
    columns = random_people_columns(rng, 3, 3)
    for name in PROTECTED_ATTRIBUTE_NAMES:
        with pytest.raises(TypeError):
            People(**columns, **{name: np.zeros(3)})


def _looks_protected(name: str) -> bool:
    stems = ("nation", "origin", "gender", "sex", "religio", "residence", "disab", "ethnic")
    return any(stem in name.lower() for stem in stems)


def _public_callables():
    for module in (data, candidates, scoring, topk):
        for name in getattr(module, "__all__", ()):
            item = getattr(module, name)
            if inspect.isclass(item):
                yield f"{module.__name__}.{name}", item
                for member_name, member in inspect.getmembers(item, inspect.isfunction):
                    if not member_name.startswith("_") or member_name == "__init__":
                        yield f"{module.__name__}.{name}.{member_name}", member
            elif callable(item):
                yield f"{module.__name__}.{name}", item


def test_public_functions_accept_no_protected_parameters():
    checked = 0
    for qualified, item in _public_callables():
        try:
            parameters = inspect.signature(item).parameters
        except (TypeError, ValueError):  # compiled kernels and enums without a signature
            continue
        checked += 1
        for parameter in parameters:
            assert not _looks_protected(parameter), f"{qualified}({parameter})"
    assert checked > 20
