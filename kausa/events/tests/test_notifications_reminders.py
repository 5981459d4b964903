"""The reminder a day or two before an event: once per registration, from the housekeeping."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from kausa.events.models import EventStatus, RegistrationStatus
from kausa.events.tasks import event_reminders, send_event_reminders
from kausa.events.tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
NOW = timezone.now().replace(microsecond=0)


def event_in(office, hours: float, **fields):
    return EventFactory(office=office, starts_at=NOW + datetime.timedelta(hours=hours), **fields)


def register(event, email: str, **fields):
    return RegistrationFactory(event=event, name="Teilnehmende Person", email=email, **fields)


def test_reminders_go_to_confirmed_registrations_24_to_48_hours_ahead(office_a, mailoutbox):
    due = register(event_in(office_a, 30, title="Forum morgen"), "due@example.org")
    register(event_in(office_a, 30), "waiting@example.org", status=RegistrationStatus.WAITLISTED)
    register(event_in(office_a, 30), "gone@example.org", status=RegistrationStatus.CANCELLED)
    register(event_in(office_a, 10), "soon@example.org")
    register(event_in(office_a, 60), "later@example.org")
    register(event_in(office_a, 30, status=EventStatus.CANCELLED), "cancelled@example.org")
    register(event_in(office_a, 30, status=EventStatus.DRAFT), "draft@example.org")
    assert send_event_reminders(now=NOW) == 1
    (message,) = mailoutbox
    assert message.to == ["due@example.org"]
    assert message.subject == "Erinnerung: Forum morgen"
    assert "/de/events/cancel/" in message.body  # the portal's cancel page
    assert message.attachments and message.attachments[0][2] == "text/calendar"
    due.refresh_from_db()
    assert due.reminder_sent_at == NOW


def test_reminders_are_sent_once(office_a, mailoutbox):
    event = event_in(office_a, 40)
    register(event, "a@example.org")
    register(event, "b@example.org")
    assert send_event_reminders(now=NOW) == 2
    assert send_event_reminders(now=NOW) == 0
    assert send_event_reminders(now=NOW + datetime.timedelta(hours=12)) == 0
    assert sorted(message.to[0] for message in mailoutbox) == ["a@example.org", "b@example.org"]


def test_a_failed_mail_is_tried_again_and_stops_no_other(office_a, mailoutbox):
    event = event_in(office_a, 30)
    first = register(event, "first@example.org")
    second = register(event, "second@example.org")
    from kausa.events import notifications

    real = notifications.deliver_reminder

    def flaky(registration_id: int) -> None:
        if registration_id == first.pk:
            raise ConnectionRefusedError
        real(registration_id)

    with mock.patch("kausa.events.tasks.deliver_reminder", side_effect=flaky):
        assert send_event_reminders(now=NOW) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.reminder_sent_at is None and second.reminder_sent_at == NOW
    assert send_event_reminders(now=NOW) == 1
    assert sorted(message.to[0] for message in mailoutbox) == [
        "first@example.org",
        "second@example.org",
    ]


def test_without_an_address_the_registration_is_marked_but_nothing_sent(office_a, mailoutbox):
    registration = register(event_in(office_a, 30), "")
    send_event_reminders(now=NOW)
    registration.refresh_from_db()
    assert registration.reminder_sent_at == NOW and mailoutbox == []


def test_the_task_and_the_daily_housekeeping_send_them(office_a, mailoutbox):
    from kausa.counselling.tasks import daily_housekeeping

    register(event_in(office_a, 36), "task@example.org")
    register(event_in(office_a, 37), "housekeeping@example.org")
    assert event_reminders.call() == 2
    assert len(mailoutbox) == 2
    RegistrationFactory(event=event_in(office_a, 30), name="Noch eine", email="more@example.org")
    result = daily_housekeeping.call()
    assert result["event_reminders"] == 1
    assert mailoutbox[-1].to == ["more@example.org"]
