"""Writes of the route of a JOBWALK or bus tour: add, remove and move stops, optimise the
order. Each is one transaction, checks access first and leaves one audit entry.

Stops are numbered 1…n without gaps (`RouteStop.position`); the first stop is the meeting
point or the first pick-up and stays first when the order is optimised.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from kausa.companies.models import Company
from kausa.core.access import require_write
from kausa.core.audit import audit_log
from kausa.core.geo import location_for_postal_code
from kausa.core.models import User
from kausa.events import audit_actions, routing
from kausa.events.models import Event, EventKind, RouteStop

# More stops than a group can visit in a day; keeps pages and files small.
MAX_STOPS = 40
MAX_STAY_MINUTES = 8 * 60
UP, DOWN = "up", "down"
# Positions are first moved out of the way, then set: the unique (event, position)
# constraint holds at every step even where the database cannot defer it.
_POSITION_OFFSET = 10_000


def has_route(event: Event) -> bool:
    return event.event_format.kind in EventKind.with_route()


def _require_route(event: Event) -> None:
    if not has_route(event):
        raise ValidationError(_("Only JOBWALKs and bus tours have a route with stops."))


def _company_address(company: Company) -> str:
    town = f"{company.postal_code} {company.place}".strip()
    return f"{company.street}, {town}" if company.street else town


def _check_coordinates(latitude: float, longitude: float) -> None:
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        raise ValidationError(_("Enter valid coordinates."))
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValidationError(
            _("Latitude lies between -90 and 90, longitude between -180 and 180.")
        )


def _company_stop(event: Event, company: Company, stop: RouteStop) -> None:
    if company.organisation_id != event.office.organisation_id or company.archived_at:
        raise ValidationError({"company": _("Choose an active company of your organisation.")})
    stop.company = company
    stop.label = stop.label or company.name
    stop.address = stop.address or _company_address(company)
    stop.latitude, stop.longitude = company.latitude, company.longitude
    if not stop.contact_name and not stop.contact_phone:
        contact = company.contacts.order_by("name", "id").first()
        if contact is not None:
            stop.contact_name, stop.contact_phone = contact.name, contact.phone


def _free_stop(
    stop: RouteStop, postal_code: str, latitude: float | None, longitude: float | None
) -> None:
    if not stop.label:
        raise ValidationError({"label": _("Enter a name for the stop.")})
    if latitude is not None and longitude is not None:
        _check_coordinates(latitude, longitude)
        stop.latitude, stop.longitude = latitude, longitude
        return
    if not postal_code:
        raise ValidationError(
            {"postal_code": _("Enter a postal code or the coordinates of the stop.")}
        )
    try:
        location = location_for_postal_code(postal_code)
    except ValueError:
        raise ValidationError(
            {"postal_code": _("The postal code %(code)s is unknown.") % {"code": postal_code}}
        ) from None
    stop.latitude, stop.longitude = location.latitude, location.longitude
    town = f"{location.postal_code} {location.place}"
    if town not in stop.address:
        stop.address = f"{stop.address}, {town}" if stop.address else town


@transaction.atomic
def stop_add(
    *,
    actor: User,
    event: Event,
    company: Company | None = None,
    label: str = "",
    address: str = "",
    postal_code: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    is_pickup: bool = False,
    stay_minutes: int = 30,
    contact_name: str = "",
    contact_phone: str = "",
) -> RouteStop:
    """A company of the registry (address, coordinates and first contact person taken from
    it) or a free point such as a meeting point or a bus pick-up (coordinates from the
    postal code's centre or given explicitly)."""
    require_write(actor, event)
    _require_route(event)
    _lock(event)  # one new position at a time
    count = event.route_stops.count()
    if count >= MAX_STOPS:
        raise ValidationError(_("A route has at most %(max)d stops.") % {"max": MAX_STOPS})
    if not 0 <= stay_minutes <= MAX_STAY_MINUTES:
        raise ValidationError(
            {"stay_minutes": _("Enter a time at the stop between 0 and 480 minutes.")}
        )
    stop = RouteStop(
        event=event,
        label=label.strip(),
        address=address.strip(),
        is_pickup=is_pickup,
        stay_minutes=stay_minutes,
        contact_name=contact_name.strip(),
        contact_phone=contact_phone.strip(),
    )
    if company is not None:
        _company_stop(event, company, stop)
    else:
        _free_stop(stop, postal_code.strip(), latitude, longitude)
    last = event.route_stops.aggregate(last=Max("position"))["last"] or 0
    stop.position = last + 1
    # Lengths of the composed texts; the position was just chosen.
    stop.full_clean(exclude=["event"], validate_unique=False, validate_constraints=False)
    stop.save()
    audit_log(
        actor=actor,
        action=audit_actions.ROUTE_STOP_ADDED,
        obj=stop,
        office=event.office,
        changed_fields=[
            name
            for name in (
                "company",
                "label",
                "address",
                "latitude",
                "longitude",
                "is_pickup",
                "stay_minutes",
                "contact_name",
                "contact_phone",
                "position",
            )
            if getattr(stop, name) not in (None, "")
        ],
    )
    return stop


def _renumber(stops: Sequence[RouteStop]) -> None:
    """Give `stops` (all stops of one event) the positions 1…n in this order."""
    for stop in stops:
        stop.position += _POSITION_OFFSET
    RouteStop.objects.bulk_update(stops, ["position"])
    for number, stop in enumerate(stops, start=1):
        stop.position = number
    RouteStop.objects.bulk_update(stops, ["position"])


def _lock(event: Event) -> None:
    list(Event.objects.select_for_update().filter(pk=event.pk).values_list("pk", flat=True))


def _locked_stops(event: Event) -> list[RouteStop]:
    _lock(event)
    return list(event.route_stops.order_by("position", "id"))


@transaction.atomic
def stop_remove(*, actor: User, stop: RouteStop) -> None:
    require_write(actor, stop)
    event = stop.event
    audit_log(
        actor=actor,
        action=audit_actions.ROUTE_STOP_REMOVED,
        obj=stop,
        office=event.office,
        changed_fields=["position"],
    )
    stop.delete()
    _renumber(_locked_stops(event))


@transaction.atomic
def stop_move(*, actor: User, stop: RouteStop, direction: str) -> None:
    """Swap the stop with the one before (`up`) or after (`down`) it."""
    require_write(actor, stop)
    if direction not in (UP, DOWN):
        raise ValidationError(_("Choose up or down."))
    stops = _locked_stops(stop.event)
    index = next(i for i, item in enumerate(stops) if item.pk == stop.pk)
    other = index - 1 if direction == UP else index + 1
    if not 0 <= other < len(stops):
        raise ValidationError(
            _("The stop is already the first.")
            if direction == UP
            else _("The stop is already the last.")
        )
    stops[index], stops[other] = stops[other], stops[index]
    _renumber(stops)
    audit_log(
        actor=actor,
        action=audit_actions.ROUTE_STOP_MOVED,
        obj=stop,
        office=stop.event.office,
        changed_fields=["position"],
    )


@transaction.atomic
def route_optimise(*, actor: User, event: Event) -> bool:
    """Order the stops along the shortest path from the first stop, which stays first.
    Returns whether the order changed."""
    require_write(actor, event)
    _require_route(event)
    stops = _locked_stops(event)
    if len(stops) > routing.MAX_EXACT_STOPS:
        raise ValidationError(
            _(
                "The order can be optimised for at most %(max)d stops; this route has "
                "%(count)d. Please arrange the stops by hand or split the route."
            )
            % {"max": routing.MAX_EXACT_STOPS, "count": len(stops)}
        )
    order = routing.best_order(
        [routing.Point(stop.latitude, stop.longitude) for stop in stops], start_fixed=True
    )
    changed = order != list(range(len(stops)))
    if changed:
        _renumber([stops[i] for i in order])
    audit_log(
        actor=actor,
        action=audit_actions.ROUTE_OPTIMISED,
        obj=event,
        office=event.office,
        changed_fields=["route_stops"] if changed else [],
    )
    return changed
