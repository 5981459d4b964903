"""The engine cannot take protected attributes: no column, no parameter is named after one.

These are structural checks of the pure library. Whether the app keeps protected attributes
out of candidates, scores, rankings and matching runs is tested counterfactually through the
database in `kausa/placements/tests/test_fairness_counterfactual.py`: it changes them for many
people and requires every result to stay identical.
"""

from __future__ import annotations

import dataclasses
import inspect

import numpy as np
import pytest

from kausa.matching import candidates, data, scoring, topk
from kausa.matching.data import PROTECTED_ATTRIBUTE_NAMES, Market, OccupationTable, People, Places
from kausa.matching.tests.test_data import random_people_columns


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
    stems = (
        "nation",
        "citizen",
        "origin",
        "birth",
        "gender",
        "sex",
        "religio",
        "residence",
        "migra",
        "refug",
        "disab",
        "ethnic",
    )
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
