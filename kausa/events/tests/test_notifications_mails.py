"""Mails to participants and the signed cancellation link."""

from __future__ import annotations

import datetime
import logging
import re
import smtplib
import zoneinfo
from unittest import mock

import icalendar
import pytest
from django.core import mail, signing
from django.urls import resolve
from django.utils import timezone

from kausa.companies.models import Company
from kausa.core.models import Office
from kausa.core.tests.factories import CompanyFactory, PersonFactory
from kausa.events import notifications
from kausa.events.models import EventStatus, ParticipantKind, Registration, RegistrationStatus
from kausa.events.notifications import (
    cancellation_token,
    deliver_reminder,
    registration_for_token,
    send_moved_up,
    send_registration_confirmed,
    send_reminder,
)
from kausa.events.tests.factories import EventFactory, RegistrationFactory
from kausa.people.models import Guardian

pytestmark = pytest.mark.django_db
VIDEO = "https://video.example.org/room/geheim-4711?pwd=a&b=c"
MARKER_NAME = "Qwyxname Zorbatelli"
MARKER_EMAIL = "qwyx.zorbatelli@example.org"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://hub.example.org"


@pytest.fixture
def event(office_a: Office):
    office_a.email = "magdeburg@kausa.example.org"
    office_a.save()
    return EventFactory(
        office=office_a,
        title="Ausbildungsforum Nord",
        starts_at=timezone.now().replace(microsecond=0) + datetime.timedelta(days=10),
        online_url=VIDEO,
        translations={"en": {"title": "Training fair North"}, "ar": {"title": "معرض التدريب"}},
    )


def register(event, **fields) -> Registration:
    fields.setdefault("name", MARKER_NAME)
    fields.setdefault("email", MARKER_EMAIL)
    return RegistrationFactory(event=event, **fields)


def attachment_calendar(message) -> icalendar.Calendar:
    (attachment,) = message.attachments
    filename, content, mimetype = attachment
    assert filename.endswith(".ics") and mimetype == "text/calendar"
    return icalendar.Calendar.from_ical(content)


def link_in(body: str) -> str:
    # The portal's cancel page in the participant's language (/de/events/cancel/…/).
    match = re.search(r"https://hub\.example\.org(/[a-z]{2}/events/cancel/[^/\s]+/)", body)
    assert match, body
    return match.group(1)


# --- the cancellation token ---


def test_the_token_names_only_the_registration_and_resolves_back(event):
    registration = register(event)
    token = cancellation_token(registration)
    assert "qwyx" not in token.lower() and "zorbatelli" not in token.lower()
    assert token.split(":")[0] == str(registration.pk)
    assert registration_for_token(token) == registration
    assert cancellation_token(registration) == token  # one link in every mail


def test_a_forged_or_foreign_token_resolves_to_nothing(event):
    registration = register(event)
    other = register(event, name="Andere Person", email="andere@example.org")
    forged = f"{other.pk}:{cancellation_token(registration).split(':', 1)[1]}"
    assert registration_for_token(forged) is None
    feed_style = signing.Signer(salt="kausa.events.feed").sign(str(registration.pk))
    assert registration_for_token(feed_style) is None
    assert registration_for_token("") is None
    assert registration_for_token("abc") is None


def test_the_token_ends_when_the_event_starts(event):
    registration = register(event)
    token = cancellation_token(registration)
    event.starts_at = timezone.now() - datetime.timedelta(seconds=1)
    event.save()
    assert registration_for_token(token) is None


def test_a_cancelled_registration_still_resolves(event):
    registration = register(event, status=RegistrationStatus.CANCELLED)
    assert registration_for_token(cancellation_token(registration)) == registration


def test_a_deleted_registration_resolves_to_nothing(event):
    registration = register(event)
    token = cancellation_token(registration)
    registration.delete()
    assert registration_for_token(token) is None


# --- the confirmation ---


def test_the_confirmation_in_german_with_calendar_and_cancel_link(event, mailoutbox):
    registration = register(event)
    send_registration_confirmed(registration.pk)
    (message,) = mailoutbox
    assert message.to == [MARKER_EMAIL]
    assert message.reply_to == ["magdeburg@kausa.example.org"]
    assert message.subject == "Anmeldung bestätigt: Ausbildungsforum Nord"
    body = message.body
    assert "Guten Tag Qwyxname Zorbatelli," in body
    assert "Ihre Anmeldung ist bestätigt" in body
    assert "Rathaus, 39104 Magdeburg" in body
    # Plain text: the link and the title come through as typed, not as HTML entities.
    assert VIDEO in body and "&amp;" not in body
    local = event.starts_at.astimezone(zoneinfo.ZoneInfo("Europe/Berlin"))
    assert local.strftime("%H:%M") in body  # the time in the event's zone
    path = link_in(body)
    assert resolve(path).url_name == "cancel"
    assert registration_for_token(path.split("/")[-2]) == registration
    entry = attachment_calendar(message).walk("VEVENT")[0]
    assert str(entry["summary"]) == "Ausbildungsforum Nord"
    assert str(entry["url"]) == VIDEO
    assert entry.decoded("dtstart") == event.starts_at
    assert entry["dtstart"].params["TZID"] == "Europe/Berlin"


def test_the_confirmation_follows_the_registration_language(event, mailoutbox):
    send_registration_confirmed(register(event, language="en").pk)
    send_registration_confirmed(register(event, language="ar", email="ar@example.org").pk)
    english, arabic = mailoutbox
    assert english.subject == "Registration confirmed: Training fair North"
    assert "Hello Qwyxname Zorbatelli," in english.body
    # The portal's Arabic catalogue, and the event's own Arabic title.
    assert arabic.subject == "تم تأكيد التسجيل: معرض التدريب"
    assert str(attachment_calendar(arabic).walk("VEVENT")[0]["summary"]) == "معرض التدريب"


def test_a_title_with_special_characters_stays_plain_text(event, mailoutbox):
    event.title = 'Forum "Handwerk & Technik" <Nord>'
    event.save()
    send_registration_confirmed(register(event).pk)
    (message,) = mailoutbox
    assert 'Forum "Handwerk & Technik" <Nord>' in message.body
    assert message.subject.endswith('Forum "Handwerk & Technik" <Nord>')


def test_the_linked_records_address_is_used(event, office_a, mailoutbox):
    person = PersonFactory(office=office_a, email="person@example.org")
    guardian = Guardian.objects.create(
        person=person,
        first_name="Layla",
        last_name="Haddad",
        relation="mother",
        language="ar",
        email="mutter@example.org",
    )
    company: Company = CompanyFactory(organisation=office_a.organisation, email="hr@example.org")
    for record in (
        {"person": person},
        {"guardian": guardian, "kind": ParticipantKind.PARENT},
        {"company": company, "kind": ParticipantKind.COMPANY},
    ):
        send_registration_confirmed(RegistrationFactory(event=event, **record).pk)
    assert [message.to for message in mailoutbox] == [
        ["person@example.org"],
        ["mutter@example.org"],
        ["hr@example.org"],
    ]
    assert "Guten Tag Layla Haddad," in mailoutbox[1].body


def test_without_an_address_nothing_is_sent(event, office_a, mailoutbox):
    send_registration_confirmed(register(event, email="").pk)
    person = PersonFactory(office=office_a, email="")
    send_registration_confirmed(RegistrationFactory(event=event, person=person).pk)
    assert mailoutbox == []


def test_no_mail_for_a_cancelled_registration_or_event_or_a_missing_one(event, mailoutbox):
    send_registration_confirmed(register(event, status=RegistrationStatus.CANCELLED).pk)
    send_registration_confirmed(987654)
    registration = register(event)
    event.status = EventStatus.CANCELLED
    event.save()
    send_registration_confirmed(registration.pk)
    send_moved_up(registration.pk)
    assert mailoutbox == []


def test_no_mail_through_the_console_in_production(event, settings, mailoutbox, capsys):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    settings.DEBUG = False
    send_registration_confirmed(register(event).pk)
    assert "Zorbatelli" not in capsys.readouterr().out
    assert mailoutbox == []


# --- waiting list and moving up ---


def test_the_waiting_list_mail_has_the_position_and_no_calendar(event, mailoutbox):
    now = timezone.now()
    register(event, name="Erste", status=RegistrationStatus.WAITLISTED, waitlisted_at=now)
    register(
        event,
        name="Firma",
        kind=ParticipantKind.COMPANY,
        status=RegistrationStatus.WAITLISTED,
        waitlisted_at=now,
    )
    registration = register(
        event,
        status=RegistrationStatus.WAITLISTED,
        waitlisted_at=now + datetime.timedelta(seconds=1),
    )
    send_registration_confirmed(registration.pk)
    (message,) = mailoutbox
    assert message.subject == "Warteliste: Ausbildungsforum Nord"
    assert "Warteliste (Platz 2)" in message.body  # the company waits for another kind of place
    assert message.attachments == []
    assert "video.example.org" not in message.body
    assert link_in(message.body)


def test_moving_up_sends_the_confirmation_with_calendar(event, mailoutbox):
    registration = register(event, moved_up_at=timezone.now())
    send_moved_up(registration.pk)
    (message,) = mailoutbox
    assert message.subject == "Platz frei geworden: Ausbildungsforum Nord"
    assert "Ihre Anmeldung ist jetzt bestätigt" in message.body
    assert str(attachment_calendar(message).walk("VEVENT")[0]["url"]) == VIDEO


def test_moving_up_sends_nothing_while_still_waiting(event, mailoutbox):
    registration = register(event, status=RegistrationStatus.WAITLISTED)
    send_moved_up(registration.pk)
    assert mailoutbox == []


def test_the_logs_name_nobody(event, caplog, mailoutbox):
    caplog.set_level(logging.DEBUG)
    registration = register(event)
    send_registration_confirmed(registration.pk)
    send_moved_up(registration.pk)
    assert len(mail.outbox) == 2
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert str(registration.pk) in logged  # the mails were logged, by id
    assert "Qwyxname" not in logged and "qwyx" not in logged


def test_the_registration_service_sends_after_commit(
    event, counsellor_a, mailoutbox, django_capture_on_commit_callbacks
):
    from kausa.events.models import EventConsentText
    from kausa.events.services.registrations import Participant, registration_create

    EventConsentText.objects.create(
        organisation=event.office.organisation, language="de", version=1, text="Einwilligung"
    )
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(
            actor=counsellor_a,
            event=event,
            who=Participant(
                kind=ParticipantKind.YOUNG_PERSON, name=MARKER_NAME, email=MARKER_EMAIL
            ),
            consent=True,
        )
    (message,) = mailoutbox
    assert message.to == [MARKER_EMAIL] and message.attachments
    assert notifications.registration_for_token(link_in(message.body).split("/")[-2])


def test_a_mail_server_failure_after_the_commit_is_logged_not_raised(event, caplog, mailoutbox):
    registration = register(event)
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=smtplib.SMTPServerDisconnected("Zorbatelli"),
    ):
        send_registration_confirmed(registration.pk)
        send_moved_up(registration.pk)
        send_reminder(registration.pk)
    failures = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(failures) == 3
    assert all("SMTPServerDisconnected" in text for text in failures)
    assert not any("Zorbatelli" in text or "qwyx" in text for text in failures)
    with (
        pytest.raises(smtplib.SMTPException),
        mock.patch(
            "django.core.mail.backends.locmem.EmailBackend.send_messages",
            side_effect=smtplib.SMTPServerDisconnected,
        ),
    ):
        deliver_reminder(registration.pk)  # the task's variant raises, to try again later


def test_the_reminder_mail(event, mailoutbox):
    send_reminder(register(event, language="en").pk)
    (message,) = mailoutbox
    assert message.subject == "Reminder: Training fair North"
    assert "this is a reminder" in message.body and link_in(message.body)
    assert str(attachment_calendar(message).walk("VEVENT")[0]["url"]) == VIDEO
