"""This sub-domain's rows of the portal permission matrix (kausa/portal/tests/test_portal_matrix.py)
and of the staff permission matrix (kausa/core/tests/test_permission_matrix.py)."""

from __future__ import annotations

from typing import Any

# route -> (record kind its args name, or None; {method: policy}); see the portal matrix.
PORTAL_MATRIX: dict[str, tuple[str | None, dict[str, str]]] = {
    "portal_events:list": (None, {"get": "public"}),
    "portal_events:detail": ("portal_event", {"get": "public", "post": "public"}),
    # Without a registration in this browser's session it sends the visitor to the event.
    "portal_events:registered": ("portal_event", {"get": "public"}),
    # Speed dating wishes of a company taking part (both world companies do).
    "portal_events:wishes": ("portal_speed_dating_event", {"get": "company", "post": "company"}),
}
# Routes whose only key is a signed token in the URL, tested in this app's own tests.
TOKEN_ROUTES: set[str] = {"portal_events:cancel"}
# Staff routes: same format as kausa/core/tests/test_permission_matrix.py's MATRIX.
STAFF_MATRIX: dict[str, tuple[str | None, dict[str, str]]] = {}


def portal_records(world: Any) -> dict[str, list[Any]]:
    """URL args per record kind of PORTAL_MATRIX, built fresh for one route."""
    from kausa.events.models import EventConsentText, EventKind, ParticipantKind
    from kausa.events.tests.factories import (
        EventFactory,
        EventFormatFactory,
        RegistrationFactory,
    )

    EventConsentText.objects.get_or_create(
        organisation=world.organisation, language="de", version=1, defaults={"text": "Ja."}
    )
    event = EventFactory(office=world.office, capacity_young_people=10)
    speed_dating = EventFactory(
        office=world.office,
        event_format=EventFormatFactory(
            organisation=world.organisation, name="Speed Dating", kind=EventKind.SPEED_DATING
        ),
    )
    for company in (world.company, world.other_company):
        RegistrationFactory(event=speed_dating, kind=ParticipantKind.COMPANY, company=company)
    return {"portal_event": [event.pk], "portal_speed_dating_event": [speed_dating.pk]}


def staff_records(world: Any) -> dict[str, list[Any]]:
    """URL args per record kind of STAFF_MATRIX. `world` carries the staff matrix's records as
    lists of URL args (world.person == [pk], world.company, world.vacancy, …) and the objects
    world.organisation, world.office_a and world.counsellor_a."""
    return {}
