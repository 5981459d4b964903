"""The calendar page, the public office feed, one event's .ics and the cancellation link."""

from __future__ import annotations

import datetime

import icalendar
import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from kausa.core.audit import AuditEntry
from kausa.core.middleware import CONTENT_SECURITY_POLICY
from kausa.core.tests.factories import PersonFactory
from kausa.events.ics import feed_token
from kausa.events.models import EventStatus, Registration, RegistrationStatus
from kausa.events.notifications import cancellation_token
from kausa.events.tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
VIDEO = "https://video.example.org/room/geheim-4711"
MARKER_NAME = "Qwyxname Zorbatelli"
MARKER_EMAIL = "qwyx.zorbatelli@example.org"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://hub.example.org"


@pytest.fixture
def event_a(office_a):
    return EventFactory(office=office_a, title="Ausbildungsforum Nord", online_url=VIDEO)


@pytest.fixture
def event_b(office_b):
    return EventFactory(office=office_b, title="Jobwalk Halle", online_url=VIDEO)


def feed_path(office) -> str:
    return reverse("events:feed", args=[feed_token(office)])


def summaries(content: bytes) -> set[str]:
    calendar = icalendar.Calendar.from_ical(content)
    return {str(entry["summary"]) for entry in calendar.walk("VEVENT")}


# --- the feed ---


def test_the_feed_is_public_and_lists_only_the_office_s_public_events(
    client, office_a, event_a, event_b
):
    EventFactory(office=office_a, title="Entwurf intern", status=EventStatus.DRAFT)
    EventFactory(office=office_a, title="Abgesagtes Forum", status=EventStatus.CANCELLED)
    response = client.get(feed_path(office_a), secure=True)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert summaries(response.content) == {"Ausbildungsforum Nord", "Abgesagtes Forum"}
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["x-wr-calname"]) == "KAUSA Magdeburg"
    cancelled = [e for e in calendar.walk("VEVENT") if str(e["summary"]) == "Abgesagtes Forum"]
    assert str(cancelled[0]["status"]) == "CANCELLED"
    assert b"video.example.org" not in response.content


def test_the_feed_names_no_participant(client, office_a, event_a):
    person = PersonFactory(
        office=office_a, first_name="Qwyxperson", last_name="Marnoldi", email="qwyx@example.org"
    )
    RegistrationFactory(event=event_a, name=MARKER_NAME, email=MARKER_EMAIL, phone="0171999888")
    RegistrationFactory(event=event_a, person=person)
    response = client.get(feed_path(office_a), secure=True)
    assert response.status_code == 200 and summaries(response.content)
    content = response.content.decode()
    for value in ("Qwyxname", "Zorbatelli", "qwyx", "Qwyxperson", "Marnoldi", "0171999888"):
        assert value not in content


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        "1:forged-signature",
        signing.Signer(salt="kausa.events.cancel").sign("1"),  # a token of another purpose
    ],
)
def test_a_bad_feed_token_is_404(client, office_a, event_a, token):
    response = client.get(reverse("events:feed", args=[token]), secure=True)
    assert response.status_code == 404
    assert b"BEGIN:VCALENDAR" not in response.content


def test_a_tampered_token_does_not_open_another_office(client, office_a, office_b, event_b):
    _pk_a, signature = feed_token(office_a).split(":", 1)
    token = f"{office_b.pk}:{signature}"
    assert client.get(reverse("events:feed", args=[token]), secure=True).status_code == 404
    assert client.get(feed_path(office_b), secure=True).status_code == 200


def test_a_new_secret_key_revokes_the_feed(client, settings, office_a, event_a):
    path = feed_path(office_a)
    settings.SECRET_KEY = "another-secret-key-" + "x" * 40
    assert client.get(path, secure=True).status_code == 404


# --- the staff calendar page ---


def test_the_calendar_shows_the_own_office_and_its_feed_address(
    client, counsellor_a, office_a, event_a, event_b
):
    EventFactory(
        office=office_a,
        title="Vergangenes Forum",
        starts_at=timezone.now() - datetime.timedelta(days=3),
    )
    client.force_login(counsellor_a)
    response = client.get(reverse("events:calendar"), secure=True)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Ausbildungsforum Nord" in content
    assert "Jobwalk Halle" not in content
    assert "Vergangenes Forum" not in content
    assert "https://hub.example.org" + feed_path(office_a) in content
    assert feed_token(event_b.office) not in content
    assert reverse("events:event_ics", args=[event_a.pk]) in content


def test_the_team_lead_sees_every_office_and_every_feed(
    client, team_lead, office_a, office_b, event_a, event_b
):
    client.force_login(team_lead)
    content = client.get(reverse("events:calendar"), secure=True).content.decode()
    assert "Ausbildungsforum Nord" in content and "Jobwalk Halle" in content
    assert "KAUSA Magdeburg" in content and "KAUSA Halle" in content
    assert feed_path(office_a) in content and feed_path(office_b) in content


def test_the_calendar_groups_by_month(client, counsellor_a, office_a):
    today = timezone.localdate()
    first = timezone.make_aware(
        datetime.datetime.combine(today.replace(day=1), datetime.time(10))
    ) + datetime.timedelta(days=70)
    EventFactory(office=office_a, title="Erstes Forum", starts_at=first)
    EventFactory(
        office=office_a, title="Zweites Forum", starts_at=first + datetime.timedelta(days=40)
    )
    client.force_login(counsellor_a)
    content = client.get(reverse("events:calendar"), secure=True).content.decode()
    assert content.count("<h2>") == 2  # one heading per month (the subscription box has an id)
    assert content.index("Erstes Forum") < content.index("Zweites Forum")


def test_the_calendar_needs_a_sign_in(client):
    response = client.get(reverse("events:calendar"), secure=True)
    assert response.status_code == 302 and "/login" in response.url


# --- one event's .ics for staff ---


def test_staff_download_one_event_with_the_video_link(client, counsellor_a, event_a):
    client.force_login(counsellor_a)
    response = client.get(reverse("events:event_ics", args=[event_a.pk]), secure=True)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    entry = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(entry["url"]) == VIDEO
    assert AuditEntry.objects.filter(
        action="events.event.calendar_downloaded", object_id=str(event_a.pk)
    ).exists()


def test_event_ics_follows_the_office_scope(client, counsellor_b, team_lead, outsider, event_a):
    url = reverse("events:event_ics", args=[event_a.pk])
    client.force_login(counsellor_b)
    assert client.get(url, secure=True).status_code == 404
    client.force_login(outsider)
    assert client.get(url, secure=True).status_code == 404
    client.force_login(team_lead)
    assert client.get(url, secure=True).status_code == 200
    assert Client().get(url, secure=True).status_code == 302


# --- the cancellation link ---


def cancel_path(registration: Registration) -> str:
    """The portal's cancellation page in German (kausa/portal/events), where the mails link."""
    with translation.override("de"):
        return reverse("portal_events:cancel", args=[cancellation_token(registration)])


def test_the_old_cancel_address_leads_to_the_portal_in_the_registrations_language(client, event_a):
    registration = RegistrationFactory(event=event_a, name=MARKER_NAME, language="ar")
    token = cancellation_token(registration)
    old = reverse("events:cancel", args=[token])
    response = client.get(old, secure=True)
    assert response.status_code == 301 and response["Location"] == f"/ar/events/cancel/{token}/"
    posted = client.post(old, secure=True)  # a form sent to the old address stays a POST
    assert posted.status_code == 308 and posted["Location"] == f"/ar/events/cancel/{token}/"
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED  # the redirect changed nothing


def test_the_cancel_link_asks_then_cancels_and_moves_up(
    client, event_a, mailoutbox, django_capture_on_commit_callbacks
):
    event_a.capacity_young_people = 1
    event_a.save()
    registration = RegistrationFactory(event=event_a, name=MARKER_NAME, email=MARKER_EMAIL)
    waiting = RegistrationFactory(
        event=event_a,
        name="Wartende Person",
        email="wartend@example.org",
        status=RegistrationStatus.WAITLISTED,
        waitlisted_at=timezone.now(),
    )
    path = cancel_path(registration)
    page = client.get(path, secure=True)
    assert page.status_code == 200
    content = page.content.decode()
    assert "Ausbildungsforum Nord" in content and "<form" in content
    assert "Qwyxname" not in content and "qwyx" not in content  # nothing but "your registration"
    assert page["Cache-Control"] == "no-store"
    assert page["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert page["Referrer-Policy"] == "no-referrer"  # the token never leaves in a Referer
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED  # GET changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(path, secure=True)
    assert done.status_code == 200
    assert "storniert" in done.content.decode()
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert [message.to for message in mailoutbox] == [["wartend@example.org"]]
    again = client.get(path, secure=True)
    assert again.status_code == 200 and "bereits storniert" in again.content.decode()
    assert '<form method="post" class="form narrow">' not in again.content.decode()
    # A second POST (a double click) changes nothing and says so.
    second = client.post(path, secure=True)
    assert second.status_code == 200 and "bereits storniert" in second.content.decode()


def test_the_cancel_form_works_with_csrf_checks(event_a):
    registration = RegistrationFactory(event=event_a, name=MARKER_NAME, email=MARKER_EMAIL)
    browser = Client(enforce_csrf_checks=True)
    path = cancel_path(registration)
    assert browser.post(path, secure=True).status_code == 403
    page = browser.get(path, secure=True)
    token = page.context["csrf_token"]
    response = browser.post(
        path,
        {"csrfmiddlewaretoken": str(token)},
        secure=True,
        headers={"referer": "https://testserver" + path},  # browsers send it over HTTPS
    )
    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


@pytest.mark.parametrize("token", ["nonsense", "12:forged", "abc:def:ghi"])
def test_an_invalid_cancel_link_is_a_friendly_404(client, event_a, token):
    with translation.override("de"):
        path = reverse("portal_events:cancel", args=[token])
    response = client.get(path, secure=True)
    assert response.status_code == 404
    assert "nicht gültig" in response.content.decode()
    assert client.post(path, secure=True).status_code == 404


def test_a_feed_token_does_not_cancel(client, office_a, event_a):
    registration = RegistrationFactory(event=event_a, name=MARKER_NAME)
    token = signing.Signer(salt="kausa.events.feed").sign(str(registration.pk))
    with translation.override("de"):
        response = client.post(reverse("portal_events:cancel", args=[token]), secure=True)
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_the_link_expires_when_the_event_starts(client, event_a):
    registration = RegistrationFactory(event=event_a, name=MARKER_NAME)
    path = cancel_path(registration)
    event_a.starts_at = timezone.now() - datetime.timedelta(minutes=5)
    event_a.save()
    response = client.post(path, secure=True)
    assert response.status_code == 410
    assert "bereits begonnen" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_the_link_of_a_cancelled_event_changes_nothing(client, event_a):
    registration = RegistrationFactory(event=event_a, name=MARKER_NAME)
    event_a.status = EventStatus.CANCELLED
    event_a.save()
    response = client.post(cancel_path(registration), secure=True)
    assert response.status_code == 200 and '<form method="post"' not in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
