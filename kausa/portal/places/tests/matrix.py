"""This sub-domain's rows of the portal permission matrix (kausa/portal/tests/test_portal_matrix.py)
and of the staff permission matrix (kausa/core/tests/test_permission_matrix.py)."""

from __future__ import annotations

from typing import Any

# route -> (record kind its args name, or None; {method: policy}); see the portal matrix.
PORTAL_MATRIX: dict[str, tuple[str | None, dict[str, str]]] = {
    "portal_places:search": (None, {"get": "public"}),
    "portal_places:map": (None, {"get": "public"}),
    # world.vacancy is approved: public. Places that are not public answer 404 (test_views).
    "portal_places:detail": ("public_place", {"get": "public"}),
}
# Routes whose only key is a signed token in the URL, tested in this app's own tests.
TOKEN_ROUTES: set[str] = set()
# Staff routes: same format as kausa/core/tests/test_permission_matrix.py's MATRIX.
STAFF_MATRIX: dict[str, tuple[str | None, dict[str, str]]] = {
    "portal_places_staff:approvals": (None, {"get": "list"}),
    "portal_places_staff:approval": (
        "place_publication",
        {"get": "org_read", "post": "org_write"},
    ),
    "portal_places_staff:publish": ("vacancy", {"post": "org_write"}),
}


def portal_records(world: Any) -> dict[str, list[Any]]:
    """URL args per record kind of PORTAL_MATRIX, built fresh for one route."""
    return {"public_place": [world.vacancy.pk]}


def staff_records(world: Any) -> dict[str, list[Any]]:
    """URL args per record kind of STAFF_MATRIX. `world` carries the staff matrix's records as
    lists of URL args (world.person == [pk], world.company, world.vacancy, …) and the objects
    world.organisation, world.office_a and world.counsellor_a."""
    from kausa.portal.places.models import PlacePublication, PublicationStatus

    publication, _created = PlacePublication.objects.get_or_create(
        vacancy_id=world.vacancy[0], defaults={"status": PublicationStatus.PENDING}
    )
    return {"place_publication": [publication.pk], "vacancy": list(world.vacancy)}
