"""This sub-domain's rows of the portal permission matrix (kausa/portal/tests/test_portal_matrix.py)
and of the staff permission matrix (kausa/core/tests/test_permission_matrix.py)."""

from __future__ import annotations

from typing import Any

# route -> (record kind its args name, or None; {method: policy}); see the portal matrix.
PORTAL_MATRIX: dict[str, tuple[str | None, dict[str, str]]] = {}
# Routes whose only key is a signed token in the URL, tested in this app's own tests.
TOKEN_ROUTES: set[str] = set()
# Staff routes: same format as kausa/core/tests/test_permission_matrix.py's MATRIX.
STAFF_MATRIX: dict[str, tuple[str | None, dict[str, str]]] = {}


def portal_records(world: Any) -> dict[str, list[Any]]:
    """URL args per record kind of PORTAL_MATRIX, built fresh for one route."""
    return {}


def staff_records(world: Any) -> dict[str, list[Any]]:
    """URL args per record kind of STAFF_MATRIX. `world` carries the staff matrix's records as
    lists of URL args (world.person == [pk], world.company, world.vacancy, …) and the objects
    world.organisation, world.office_a and world.counsellor_a."""
    return {}
