"""The office calendar (staff page and the subscribable feed), one event's .ics for staff,
and the public page behind the cancellation link in participants' mails."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_http_methods

from kausa.core.access import request_user, staff_view
from kausa.core.audit import record_download
from kausa.core.models import Office
from kausa.events import audit_actions, selectors
from kausa.events.ics import (
    event_calendar,
    event_zone,
    feed_events,
    feed_offices,
    feed_token,
    office_feed,
    office_for_feed_token,
)
from kausa.events.models import Event
from kausa.events.notifications import resolve_cancellation_token

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class CalendarEntry:
    event: Event
    starts: datetime.datetime  # in the event's time zone
    ends: datetime.datetime


@dataclass
class CalendarMonth:
    first_day: datetime.date
    entries: list[CalendarEntry] = field(default_factory=list)


@dataclass(frozen=True)
class FeedLink:
    office: Office
    url: str


def months_of(events: list[Event]) -> list[CalendarMonth]:
    """Events grouped by the month they start in, in their own time zone."""
    months: list[CalendarMonth] = []
    for event in events:
        zone = event_zone(event)
        entry = CalendarEntry(
            event, event.starts_at.astimezone(zone), event.ends_at.astimezone(zone)
        )
        first_day = entry.starts.date().replace(day=1)
        if not months or months[-1].first_day != first_day:
            months.append(CalendarMonth(first_day))
        months[-1].entries.append(entry)
    return months


def feed_url(office: Office) -> str:
    path = reverse("events:feed", args=[feed_token(office)])
    return settings.SITE_URL.rstrip("/") + path


@staff_view()
def calendar(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    events = selectors.event_list(user, selectors.EventFilters(period="upcoming"))
    # The selector lists by start; months follow the start in each event's own time zone.
    context = {
        "months": months_of(list(events)),
        "all_offices": user.sees_all_offices,
        "feeds": [FeedLink(office, feed_url(office)) for office in feed_offices(user)],
    }
    return render(request, "events/calendar/calendar.html", context)


@require_http_methods(["GET", "HEAD"])
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """Public: whoever has the signed address gets the office's events (no people, no links)."""
    office = office_for_feed_token(token)
    if office is None:
        raise Http404
    response = HttpResponse(office_feed(office, feed_events(office)), content_type=ICS_CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="kausa-events.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


@staff_view()
def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """One event for the counsellor's own calendar, with the video link."""
    event = selectors.event_get_for_user(request_user(request), pk)
    record_download(
        request, obj=event, action=audit_actions.CALENDAR_DOWNLOADED, office=event.office
    )
    response = HttpResponse(
        event_calendar(event, include_private_link=True), content_type=ICS_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    """Links mailed before cancellation moved to the portal: the portal's page in the
    registration's language, with the same token (308 keeps a POST a POST)."""
    registration, _token_state = resolve_cancellation_token(token)
    language = getattr(registration, "language", "") or settings.LANGUAGE_CODE
    if language not in settings.PORTAL_LANGUAGES:
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        target = reverse("portal_events:cancel", args=[token])
    response = HttpResponsePermanentRedirect(target)
    if request.method == "POST":
        response.status_code = 308
    return response
