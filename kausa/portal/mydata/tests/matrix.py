"""This sub-domain's rows of the portal permission matrix (kausa/portal/tests/test_portal_matrix.py)
and of the staff permission matrix (kausa/core/tests/test_permission_matrix.py)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

# route -> (record kind its args name, or None; {method: policy}); see the portal matrix.
PORTAL_MATRIX: dict[str, tuple[str | None, dict[str, str]]] = {
    "portal_mydata:request_link": (None, {"get": "public", "post": "public"}),
    "portal_mydata:overview": (None, {"get": "person"}),
    "portal_mydata:data_request": (None, {"post": "person"}),
    "portal_mydata:consent_withdraw": ("mydata_consent", {"post": "person"}),
    "portal_mydata:sign_out": (None, {"post": "person"}),
}
# Routes whose only key is a signed token in the URL, tested in this app's own tests.
TOKEN_ROUTES: set[str] = {"portal_mydata:open"}
# Staff routes: same format as kausa/core/tests/test_permission_matrix.py's MATRIX.
STAFF_MATRIX: dict[str, tuple[str | None, dict[str, str]]] = {
    "portal_mydata_staff:requests": (None, {"get": "list"}),
    "portal_mydata_staff:request": (
        "mydata_request",
        {"get": "office_read", "post": "office_write"},
    ),
}


def portal_records(world: Any) -> dict[str, list[Any]]:
    """URL args per record kind of PORTAL_MATRIX, built fresh for one route."""
    from kausa.counselling.services.consents import consent_record

    consent = consent_record(
        actor=world.counsellor,
        person=world.person,
        purpose="newsletter",
        partner=None,
        text_version="v1",
        given_on=timezone.localdate(),
        language="de",
        method="written",
    )
    return {"mydata_consent": [consent.pk]}


def staff_records(world: Any) -> dict[str, list[Any]]:
    """URL args per record kind of STAFF_MATRIX. `world` carries the staff matrix's records as
    lists of URL args (world.person == [pk], world.company, world.vacancy, …) and the objects
    world.organisation, world.office_a and world.counsellor_a."""
    from kausa.portal.mydata.models import DataRequest

    request = DataRequest.objects.create(
        office=world.office_a, person_id=world.person[0], kind="export"
    )
    return {"mydata_request": [request.pk]}
