"""This sub-domain's rows of the portal permission matrix (kausa/portal/tests/test_portal_matrix.py)
and of the staff permission matrix (kausa/core/tests/test_permission_matrix.py)."""

from __future__ import annotations

from typing import Any

# route -> (record kind its args name, or None; {method: policy}); see the portal matrix.
PORTAL_MATRIX: dict[str, tuple[str | None, dict[str, str]]] = {
    "portal_business:home": (None, {"get": "company"}),
    "portal_business:profile": (None, {"get": "company", "post": "company"}),
    "portal_business:places": (None, {"get": "company"}),
    "portal_business:place_create": (None, {"get": "company", "post": "company"}),
    "portal_business:place_edit": (
        "business_place",
        {"get": "company_object", "post": "company_object"},
    ),
    "portal_business:place_close": ("business_place", {"post": "company_object"}),
    "portal_business:chains": (None, {"get": "company"}),
    "portal_business:chain": ("business_run", {"get": "company_object"}),
    "portal_business:chain_handout": ("business_run", {"get": "company_object"}),
}
# Routes whose only key is a signed token in the URL, tested in this app's own tests.
TOKEN_ROUTES: set[str] = set()
# Staff routes: same format as kausa/core/tests/test_permission_matrix.py's MATRIX.
STAFF_MATRIX: dict[str, tuple[str | None, dict[str, str]]] = {}


def portal_records(world: Any) -> dict[str, list[Any]]:
    """URL args per record kind of PORTAL_MATRIX, built fresh for one route: a place the
    company entered on the portal (waiting for approval) and a process chain of the company."""
    from kausa.portal.business.tests.builders import company_run, portal_place

    return {
        "business_place": [portal_place(world.company, world.account).pk],
        "business_run": [company_run(world.company, world.office, world.counsellor).pk],
    }


def staff_records(world: Any) -> dict[str, list[Any]]:
    """URL args per record kind of STAFF_MATRIX. `world` carries the staff matrix's records as
    lists of URL args (world.person == [pk], world.company, world.vacancy, …) and the objects
    world.organisation, world.office_a and world.counsellor_a."""
    return {}
