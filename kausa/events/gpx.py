"""GPX 1.1 of a route: one waypoint per stop and one route through the stops in order.

The file leaves the software (phones, navigation devices, the bus company), so it holds only
what is needed on the way: the name of each stop, its address and time slot. The stop type
below has no field for contact persons or phone numbers, so none can slip into the file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import gpxpy.gpx

CREATOR = "KAUSA Hub"
# Characters XML 1.0 does not allow (control characters other than tab, newline, return).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class GpxStop:
    label: str
    address: str
    time_slot: str  # e.g. "10:15–10:45"
    latitude: float
    longitude: float


def _text(value: str) -> str:
    return _NOT_XML.sub("", value).strip()


def _description(stop: GpxStop) -> str:
    return " · ".join(part for part in (_text(stop.address), _text(stop.time_slot)) if part)


def route_gpx(*, name: str, stops: Sequence[GpxStop], description: str = "") -> str:
    """The GPX 1.1 document (XML text) for `stops` in the given order."""
    if not stops:
        raise ValueError("a route needs at least one stop")
    document = gpxpy.gpx.GPX()
    document.creator = CREATOR
    document.name = _text(name)
    document.description = _text(description) or None
    route = gpxpy.gpx.GPXRoute(name=_text(name))
    for number, stop in enumerate(stops, start=1):
        label = f"{number}. {_text(stop.label)}"
        document.waypoints.append(
            gpxpy.gpx.GPXWaypoint(
                latitude=stop.latitude,
                longitude=stop.longitude,
                name=label,
                description=_description(stop) or None,
            )
        )
        route.points.append(
            gpxpy.gpx.GPXRoutePoint(latitude=stop.latitude, longitude=stop.longitude, name=label)
        )
    document.routes.append(route)
    xml: str = document.to_xml(version="1.1")
    return xml
