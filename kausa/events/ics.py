"""iCalendar files of events: one event for a participant or a counsellor, and the office feed
that calendars subscribe to.

The feed is public to whoever holds its signed address, so it carries what a poster would:
title, time, place. Never participants, never the private video link.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.core import signing
from django.db.models import QuerySet
from django.utils import timezone

from kausa.core.models import Office, User
from kausa.events.models import Event, EventStatus

PRODID = "-//KAUSA Hub//Events//DE"
# Statuses an outside calendar may show; drafts stay inside the office.
FEED_STATUSES = (EventStatus.PUBLISHED, EventStatus.CLOSED, EventStatus.HELD, EventStatus.CANCELLED)
# How far back the feed reaches: calendars keep what they already downloaded.
FEED_PAST_DAYS = 90


def event_zone(event: Event) -> datetime.tzinfo:
    """The event's time zone; UTC if the stored name is unknown to this server."""
    try:
        return zoneinfo.ZoneInfo(event.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return datetime.UTC


def event_uid(event: Event) -> str:
    """Stable across downloads, so a calendar updates the entry instead of adding another."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"event-{event.pk}@{host}"


def event_location(event: Event) -> str:
    town = " ".join(part for part in (event.postal_code, event.place) if part)
    return ", ".join(part for part in (event.venue_name, event.street, town) if part)


def _calendar() -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    return calendar


def _vevent(event: Event, *, language: str, include_private_link: bool) -> icalendar.Event:
    zone = event_zone(event)
    title, description = event.text_in(language)
    entry = icalendar.Event()
    entry.add("uid", event_uid(event))
    entry.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    entry.add("dtstart", event.starts_at.astimezone(zone))
    entry.add("dtend", event.ends_at.astimezone(zone))
    entry.add("summary", title)
    location = event_location(event)
    if location:
        entry.add("location", location)
    if include_private_link and event.online_url:
        entry.add("url", event.online_url)
        description = f"{description}\n\n{event.online_url}".strip()
    if description:
        entry.add("description", description)
    cancelled = event.status == EventStatus.CANCELLED
    entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    entry.add("last-modified", event.updated_at.astimezone(datetime.UTC))
    return entry


def _to_bytes(calendar: icalendar.Calendar, events: list[Event]) -> bytes:
    if events:
        # VTIMEZONE blocks for the zones used, covering the years of the events only.
        first = min(event.starts_at for event in events).date() - datetime.timedelta(days=366)
        last = max(event.ends_at for event in events).date() + datetime.timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return bytes(calendar.to_ical())


def event_calendar(event: Event, *, include_private_link: bool, language: str = "de") -> bytes:
    """One event as an .ics file. The video link only for staff and registered participants."""
    calendar = _calendar()
    calendar.add_component(
        _vevent(event, language=language, include_private_link=include_private_link)
    )
    return _to_bytes(calendar, [event])


def office_feed(office: Office, events: Iterable[Event]) -> bytes:
    """The office's public events for calendar subscriptions: no people, no video links."""
    calendar = _calendar()
    calendar.add("x-wr-calname", office.name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    shown = [event for event in events if event.status in FEED_STATUSES]
    for event in shown:
        calendar.add_component(_vevent(event, language="de", include_private_link=False))
    return _to_bytes(calendar, shown)


def feed_events(office: Office, now: datetime.datetime | None = None) -> QuerySet[Event]:
    """What the office feed lists: its non-draft events from the last weeks on."""
    since = (now or timezone.now()) - datetime.timedelta(days=FEED_PAST_DAYS)
    return Event.objects.filter(
        office=office, status__in=FEED_STATUSES, starts_at__gte=since
    ).order_by("starts_at", "id")


# --- the signed feed address ---

FEED_SALT = "kausa.events.feed"


def feed_token(office: Office) -> str:
    """The office id, signed: stable, so a subscription keeps working until SECRET_KEY
    changes (which is also how all feed addresses are revoked at once)."""
    return signing.Signer(salt=FEED_SALT).sign(str(office.pk))


def office_for_feed_token(token: str) -> Office | None:
    try:
        pk = int(signing.Signer(salt=FEED_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    return Office.objects.filter(pk=pk).first()


def feed_offices(user: User) -> QuerySet[Office]:
    """Offices whose feed address the user is shown: their own; team leads: every office."""
    offices = Office.objects.filter(organisation_id=user.organisation_pk).order_by("name")
    if user.sees_all_offices:
        return offices
    return offices.filter(pk=user.office_id) if user.office_id else offices.none()
