"""The .ics files: one event (for participants and staff) and the office feed."""

from __future__ import annotations

import datetime
import zoneinfo

import icalendar
import pytest

from kausa.events.ics import event_calendar, office_feed
from kausa.events.models import EventStatus
from kausa.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
VIDEO = "https://video.example.org/room/geheim-4711"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://hub.example.org"


def parse(data: bytes) -> icalendar.Calendar:
    assert isinstance(data, bytes)
    return icalendar.Calendar.from_ical(data)


def only_event(calendar: icalendar.Calendar) -> icalendar.Event:
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return events[0]


def test_one_event_has_time_zone_place_and_a_stable_uid(office_a):
    starts = datetime.datetime(2027, 3, 4, 17, 30, tzinfo=BERLIN)
    event = EventFactory(
        office=office_a,
        title="Elternabend & Ausbildung",
        starts_at=starts,
        duration_minutes=90,
        venue_name="Stadtbibliothek",
        street="Breiter Weg 109",
        postal_code="39104",
        place="Magdeburg",
        online_url=VIDEO,
    )
    calendar = parse(event_calendar(event, include_private_link=True))
    assert str(calendar["method"]) == "PUBLISH"
    entry = only_event(calendar)
    assert str(entry["uid"]) == f"event-{event.pk}@hub.example.org"
    start = entry.decoded("dtstart")
    assert start == starts and start.utcoffset() == datetime.timedelta(hours=1)
    assert entry["dtstart"].params["TZID"] == "Europe/Berlin"
    assert entry.decoded("dtend") == starts + datetime.timedelta(minutes=90)
    assert str(entry["summary"]) == "Elternabend & Ausbildung"
    assert str(entry["location"]) == "Stadtbibliothek, Breiter Weg 109, 39104 Magdeburg"
    assert str(entry["url"]) == VIDEO
    assert str(entry["status"]) == "CONFIRMED"
    # The calendar carries the zone, so clients without a zone database show the right time.
    assert [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    # Downloading again gives the same UID: the calendar updates its entry.
    again = only_event(parse(event_calendar(event, include_private_link=False)))
    assert again["uid"] == entry["uid"]


def test_without_the_private_link_there_is_no_video_link_anywhere(office_a):
    event = EventFactory(office=office_a, online_url=VIDEO)
    data = event_calendar(event, include_private_link=False)
    assert b"video.example.org" not in data
    assert "url" not in only_event(parse(data))


def test_the_event_time_zone_is_kept(office_a):
    new_york = zoneinfo.ZoneInfo("America/New_York")
    starts = datetime.datetime(2027, 7, 1, 10, 0, tzinfo=new_york)
    event = EventFactory(office=office_a, starts_at=starts, time_zone="America/New_York")
    entry = only_event(parse(event_calendar(event, include_private_link=False)))
    assert entry["dtstart"].params["TZID"] == "America/New_York"
    assert entry.decoded("dtstart") == starts
    assert entry.decoded("dtstart").hour == 10


def test_an_unknown_time_zone_falls_back_to_utc(office_a):
    event = EventFactory(office=office_a, time_zone="Mars/Olympus")
    entry = only_event(parse(event_calendar(event, include_private_link=False)))
    assert entry.decoded("dtstart") == event.starts_at
    assert entry.decoded("dtstart").utcoffset() == datetime.timedelta(0)


def test_the_title_follows_the_language(office_a):
    event = EventFactory(
        office=office_a,
        title="Elternabend",
        translations={"ar": {"title": "أمسية الآباء", "description": "معلومات"}},
    )
    entry = only_event(parse(event_calendar(event, include_private_link=False, language="ar")))
    assert str(entry["summary"]) == "أمسية الآباء"
    assert str(entry["description"]) == "معلومات"
    german = only_event(parse(event_calendar(event, include_private_link=False)))
    assert str(german["summary"]) == "Elternabend"


def test_the_office_feed_lists_public_events_without_links(office_a):
    published = EventFactory(office=office_a, title="Forum offen", online_url=VIDEO)
    cancelled = EventFactory(office=office_a, title="Forum abgesagt", status=EventStatus.CANCELLED)
    held = EventFactory(office=office_a, title="Forum gewesen", status=EventStatus.HELD)
    draft = EventFactory(office=office_a, title="Forum Entwurf", status=EventStatus.DRAFT)
    data = office_feed(office_a, [published, cancelled, held, draft])
    calendar = parse(data)
    assert str(calendar["x-wr-calname"]) == "KAUSA Magdeburg"
    entries = {str(entry["summary"]): entry for entry in calendar.walk("VEVENT")}
    assert set(entries) == {"Forum offen", "Forum abgesagt", "Forum gewesen"}
    assert str(entries["Forum abgesagt"]["status"]) == "CANCELLED"
    assert str(entries["Forum offen"]["status"]) == "CONFIRMED"
    assert b"video.example.org" not in data
    assert all("url" not in entry for entry in entries.values())
    uids = {str(entry["uid"]) for entry in entries.values()}
    assert len(uids) == 3


def test_an_empty_feed_is_still_a_calendar(office_a):
    calendar = parse(office_feed(office_a, []))
    assert calendar.walk("VEVENT") == []
    assert str(calendar["version"]) == "2.0"
