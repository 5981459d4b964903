"""This sub-domain's rows of the portal permission matrix (kausa/portal/tests/test_portal_matrix.py)
and of the staff permission matrix (kausa/core/tests/test_permission_matrix.py)."""

from __future__ import annotations

from typing import Any

# route -> (record kind its args name, or None; {method: policy}); see the portal matrix.
PORTAL_MATRIX: dict[str, tuple[str | None, dict[str, str]]] = {
    "portal_enquiries:create": (None, {"get": "public", "post": "public"}),
    "portal_enquiries:sent": (None, {"get": "public"}),
}
# Routes whose only key is a signed token in the URL, tested in this app's own tests
# (kausa/portal/enquiries/tests/test_links.py: expired, tampered, reused).
TOKEN_ROUTES: set[str] = {"portal_enquiries:confirm", "portal_enquiries:parent"}
# Staff routes: same format as kausa/core/tests/test_permission_matrix.py's MATRIX.
STAFF_MATRIX: dict[str, tuple[str | None, dict[str, str]]] = {
    "portal_enquiries_staff:list": (None, {"get": "list"}),
    "portal_enquiries_staff:detail": ("portal_enquiry", {"get": "office_read"}),
    "portal_enquiries_staff:take_over": ("portal_enquiry", {"post": "office_write"}),
    "portal_enquiries_staff:close": ("portal_enquiry", {"post": "office_write"}),
    "portal_enquiries_staff:consent_texts": (None, {"get": "lead_only", "post": "lead_only"}),
}


def portal_records(world: Any) -> dict[str, list[Any]]:
    """URL args per record kind of PORTAL_MATRIX, built fresh for one route."""
    return {}


def staff_records(world: Any) -> dict[str, list[Any]]:
    """An open request of office A, already passed to the office (with its person)."""
    from kausa.portal.enquiries.tests.factories import open_enquiry

    return {"portal_enquiry": [open_enquiry(world.office_a).pk]}
