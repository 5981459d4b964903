"""The route of a JOBWALK or bus tour: stops with times and distances, a map, the printable
route sheet and the GPX file.

The table of stops is the page's content and works without JavaScript; the map
(static/events/route_map.js with the vendored Leaflet) is an enhancement drawn from a JSON
data block.
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kausa.companies.models import Company
from kausa.companies.selectors import companies_visible_to
from kausa.core.access import may_write, request_user, staff_view
from kausa.core.audit import record_download
from kausa.core.forms import PostalCodeField
from kausa.core.middleware import CONTENT_SECURITY_POLICY
from kausa.core.models import User
from kausa.events import audit_actions, routing, selectors
from kausa.events.gpx import GpxStop, route_gpx
from kausa.events.models import Event, RouteStop
from kausa.events.selectors import event_get_for_user
from kausa.events.services import routes as route_services

# --- reads -----------------------------------------------------------------------------------


def _stops_of(event: Event) -> list[RouteStop]:
    return list(event.route_stops.order_by("position", "id"))


def _event_zone(event: Event) -> datetime.tzinfo:
    try:
        return zoneinfo.ZoneInfo(event.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # not a zone name
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True)
class RouteRow:
    number: int
    stop: RouteStop
    arrival: str
    departure: str
    leg_km: float
    leg_minutes: int

    @property
    def time_slot(self) -> str:
        return f"{self.arrival}–{self.departure}"


@dataclass(frozen=True)
class RoutePlan:
    rows: list[RouteRow]
    total_km: float
    travel_minutes: int
    ends_at: str


def _plan(event: Event, stops: list[RouteStop]) -> RoutePlan:
    """Arrival and departure at each stop, from the event's start at the first stop."""
    start = event.starts_at.astimezone(_event_zone(event))
    mode = event.travel_mode if event.travel_mode in routing.DETOUR_FACTOR else routing.WALKING
    scheduled = routing.schedule(
        [routing.Point(stop.latitude, stop.longitude) for stop in stops],
        start,
        [stop.stay_minutes for stop in stops],
        mode=mode,
    )
    rows = [
        RouteRow(
            number=item.index + 1,
            stop=stops[item.index],
            arrival=item.arrival.strftime("%H:%M"),
            departure=item.departure.strftime("%H:%M"),
            leg_km=item.leg_km,
            leg_minutes=item.leg_minutes,
        )
        for item in scheduled
    ]
    return RoutePlan(
        rows=rows,
        total_km=sum(item.leg_km for item in scheduled),
        travel_minutes=sum(item.leg_minutes for item in scheduled),
        ends_at=scheduled[-1].departure.strftime("%H:%M") if scheduled else "",
    )


def _map_data(rows: list[RouteRow]) -> dict[str, Any]:
    """What route_map.js draws: no contact persons, only what the table shows anyway."""
    return {
        "tiles": {
            "url": settings.MAP_TILE_URL,
            "attribution": settings.MAP_TILE_ATTRIBUTION,
            "attribution_url": settings.MAP_TILE_ATTRIBUTION_URL,
        },
        "stops": [
            {
                "number": row.number,
                "label": row.stop.label,
                "lat": row.stop.latitude,
                "lon": row.stop.longitude,
                "pickup": row.stop.is_pickup,
            }
            for row in rows
        ],
    }


def _map_csp() -> str:
    """The site's policy with the tile server added to img-src, for the route page only."""
    directives = []
    for directive in CONTENT_SECURITY_POLICY.split("; "):
        if directive.startswith("img-src "):
            directive = f"{directive} {settings.MAP_TILE_ORIGIN}"
        directives.append(directive)
    return "; ".join(directives)


# --- forms -----------------------------------------------------------------------------------


class _CompanyChoiceField(forms.ModelChoiceField[Company]):
    """Ids beyond the database's integer range are an invalid choice, not a 500."""

    def to_python(self, value: Any) -> Company | None:
        if str(value).isdigit() and int(value) > 2**63 - 1:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class _StopDetailsForm(forms.Form):
    is_pickup = forms.BooleanField(label=gettext_lazy("pick-up point"), required=False)
    stay_minutes = forms.IntegerField(
        label=gettext_lazy("time at the stop (minutes)"),
        min_value=0,
        max_value=route_services.MAX_STAY_MINUTES,
        initial=30,
    )


class CompanyStopForm(_StopDetailsForm):
    company = _CompanyChoiceField(
        label=gettext_lazy("company"), queryset=Company.objects.none(), empty_label="–"
    )
    contact_name = forms.CharField(
        label=gettext_lazy("contact person"),
        max_length=150,
        required=False,
        help_text=gettext_lazy("Empty: the company's first contact person."),
    )
    contact_phone = forms.CharField(
        label=gettext_lazy("contact phone"), max_length=40, required=False
    )
    field_order = ["company", "stay_minutes", "is_pickup", "contact_name", "contact_phone"]

    prefix = "company"

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["company"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = _companies_for(user)


def _companies_for(user: User) -> QuerySet[Company]:
    return companies_visible_to(user).filter(archived_at__isnull=True).order_by("name", "id")


class FreePointForm(_StopDetailsForm):
    label = forms.CharField(
        label=gettext_lazy("name of the stop"),
        max_length=200,
        help_text=gettext_lazy('e.g. "Meeting point main station" or "Pick-up school"'),
    )
    address = forms.CharField(label=gettext_lazy("address"), max_length=200, required=False)
    postal_code = PostalCodeField(label=gettext_lazy("postal code"), required=False)
    latitude = forms.FloatField(
        label=gettext_lazy("latitude"), min_value=-90, max_value=90, required=False
    )
    longitude = forms.FloatField(
        label=gettext_lazy("longitude"), min_value=-180, max_value=180, required=False
    )
    field_order = [
        "label",
        "address",
        "postal_code",
        "latitude",
        "longitude",
        "stay_minutes",
        "is_pickup",
    ]

    prefix = "point"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        has_lat = cleaned.get("latitude") is not None
        has_lon = cleaned.get("longitude") is not None
        if has_lat != has_lon:
            raise ValidationError(_("Enter both latitude and longitude, or neither."))
        if not has_lat and not cleaned.get("postal_code") and not self.errors:
            raise ValidationError(_("Enter a postal code or the coordinates of the stop."))
        return cleaned


def _form_errors(form: forms.Form) -> str:
    parts: list[str] = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        prefix = f"{field.label}: " if field is not None and field.label else ""
        parts.extend(f"{prefix}{error}" for error in errors)
    return " ".join(parts)


def _error_text(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


# --- pages -----------------------------------------------------------------------------------


@staff_view()
def route(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    event = event_get_for_user(user, pk)
    stops = _stops_of(event)
    plan = _plan(event, stops)
    can_edit = may_write(user, event) and route_services.has_route(event)
    mode = event.travel_mode if event.travel_mode in routing.DETOUR_FACTOR else routing.WALKING
    context = {
        "event": event,
        "has_route": route_services.has_route(event),
        "plan": plan,
        "can_edit": can_edit,
        "can_optimise": can_edit and 2 < len(stops) <= routing.MAX_EXACT_STOPS,
        "too_many_to_optimise": len(stops) > routing.MAX_EXACT_STOPS,
        "max_exact_stops": routing.MAX_EXACT_STOPS,
        "detour_factor": routing.DETOUR_FACTOR[mode],
        "speed": routing.SPEED_KMH[mode],
        "map_data": _map_data(plan.rows),
        "company_form": CompanyStopForm(user=user) if can_edit else None,
        "point_form": FreePointForm() if can_edit else None,
    }
    response = render(request, "events/routes/route.html", context)
    if stops:
        response["Content-Security-Policy"] = _map_csp()
    return response


@staff_view()
def route_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable sheet for the staff leading the group: with contact persons and phones."""
    user = request_user(request)
    event = event_get_for_user(user, pk)
    plan = _plan(event, _stops_of(event))
    return render(request, "events/routes/route_sheet.html", {"event": event, "plan": plan})


@staff_view()
def route_gpx_download(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    event = event_get_for_user(user, pk)
    plan = _plan(event, _stops_of(event))
    if not plan.rows:
        messages.error(request, _("The route has no stops yet, so there is no GPX file."))
        return redirect("events:route", pk=event.pk)
    stops = [
        GpxStop(
            label=row.stop.label,
            address=row.stop.address,
            time_slot=row.time_slot,
            latitude=row.stop.latitude,
            longitude=row.stop.longitude,
        )
        for row in plan.rows
    ]
    xml = route_gpx(name=event.title, stops=stops, description=event.event_format.name)
    record_download(
        request, obj=event, action=audit_actions.ROUTE_GPX_DOWNLOADED, office=event.office
    )
    response = HttpResponse(xml.encode("utf-8"), content_type="application/gpx+xml")
    day = event.starts_at.astimezone(_event_zone(event)).date().isoformat()
    response["Content-Disposition"] = f'attachment; filename="route-{event.pk}-{day}.gpx"'
    return response


# --- actions ---------------------------------------------------------------------------------


def _back(event_pk: int) -> HttpResponse:
    return redirect("events:route", pk=event_pk)


@require_POST
@staff_view(write=True)
def route_stop_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    event = event_get_for_user(user, pk, write=True)
    form: CompanyStopForm | FreePointForm
    if request.POST.get("kind") == "company":
        form = CompanyStopForm(request.POST, user=user)
    else:
        form = FreePointForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("The stop was not added. %(errors)s") % {"errors": _form_errors(form)}
        )
        return _back(event.pk)
    try:
        stop = route_services.stop_add(actor=user, event=event, **form.cleaned_data)
    except ValidationError as error:
        messages.error(
            request, _("The stop was not added. %(errors)s") % {"errors": _error_text(error)}
        )
    else:
        messages.success(request, _("Stop “%(label)s” added.") % {"label": stop.label})
    return _back(event.pk)


@require_POST
@staff_view(write=True)
def route_stop_remove(request: HttpRequest, stop_pk: int) -> HttpResponse:
    user = request_user(request)
    stop = selectors.route_stop_get_for_user(user, stop_pk, write=True)
    event_pk, label = stop.event_id, stop.label
    route_services.stop_remove(actor=user, stop=stop)
    messages.success(request, _("Stop “%(label)s” removed.") % {"label": label})
    return _back(event_pk)


@require_POST
@staff_view(write=True)
def route_stop_move(request: HttpRequest, stop_pk: int) -> HttpResponse:
    user = request_user(request)
    stop = selectors.route_stop_get_for_user(user, stop_pk, write=True)
    try:
        route_services.stop_move(actor=user, stop=stop, direction=request.POST.get("direction", ""))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return _back(stop.event_id)


@require_POST
@staff_view(write=True)
def route_optimise(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    event = event_get_for_user(user, pk, write=True)
    try:
        changed = route_services.route_optimise(actor=user, event=event)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("The stops are now in the shortest order.")
            if changed
            else _("The stops were already in the shortest order."),
        )
    return _back(event.pk)
