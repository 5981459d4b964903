"""Collects each portal sub-domain's rows of the two permission matrices
(kausa/portal/<sub>/tests/matrix.py), so sub-domains add routes without touching shared files."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

SUB_DOMAINS = (
    "accounts",
    "content",
    "places",
    "enquiries",
    "mydata",
    "events",
    "business",
    "proposals",
)


def _modules() -> list[ModuleType]:
    return [importlib.import_module(f"kausa.portal.{sub}.tests.matrix") for sub in SUB_DOMAINS]


def portal_matrix() -> dict[str, tuple[str | None, dict[str, str]]]:
    merged: dict[str, tuple[str | None, dict[str, str]]] = {}
    for module in _modules():
        merged.update(module.PORTAL_MATRIX)
    return merged


def token_routes() -> set[str]:
    return set().union(*(module.TOKEN_ROUTES for module in _modules()))


def staff_matrix() -> dict[str, tuple[str | None, dict[str, str]]]:
    merged: dict[str, tuple[str | None, dict[str, str]]] = {}
    for module in _modules():
        merged.update(module.STAFF_MATRIX)
    return merged


def _records(kind: str | None, world: Any, table: str, builder: str) -> dict[str, list[Any]]:
    if kind is None:
        return {}
    for module in _modules():
        if any(entry[0] == kind for entry in getattr(module, table).values()):
            return dict(getattr(module, builder)(world))
    return {}


def portal_records(kind: str | None, world: Any) -> dict[str, list[Any]]:
    """The URL args of `kind`, from the sub-domain whose portal routes name it."""
    return _records(kind, world, "PORTAL_MATRIX", "portal_records")


def staff_records(kind: str | None, world: Any) -> dict[str, list[Any]]:
    """The URL args of `kind`, from the sub-domain whose staff routes name it."""
    return _records(kind, world, "STAFF_MATRIX", "staff_records")
