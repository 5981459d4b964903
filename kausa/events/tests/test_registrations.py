"""Registration rules: consent, minors, capacity and the waiting list with move-up,
cancellation, duplicates, closed registration, check-in, contacts and proposals."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from kausa.core.access import WriteDenied
from kausa.core.models import AuditEntry
from kausa.core.tests.factories import CompanyFactory, PersonFactory, VacancyFactory
from kausa.events.models import (
    EventConsentText,
    EventContact,
    EventStatus,
    ParticipantKind,
    RegistrationSource,
    RegistrationStatus,
)
from kausa.events.services.registrations import (
    Participant,
    _check_open,
    contact_propose,
    contact_record,
    registration_cancel,
    registration_check_in,
    registration_create,
)
from kausa.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def consent_text(organisation):
    return EventConsentText.objects.create(
        organisation=organisation, language="de", version=1, text="Ich willige ein …"
    )


@pytest.fixture
def event(office_a, consent_text):
    return EventFactory(office=office_a, capacity_young_people=1)


def young(person):
    return Participant(kind=ParticipantKind.YOUNG_PERSON, person=person)


def test_the_last_place_goes_once_then_the_waiting_list_moves_up(
    event, counsellor_a, django_capture_on_commit_callbacks
):
    first, second = PersonFactory(office=event.office), PersonFactory(office=event.office)
    with django_capture_on_commit_callbacks(execute=True):
        one = registration_create(actor=counsellor_a, event=event, who=young(first), consent=True)
        two = registration_create(actor=counsellor_a, event=event, who=young(second), consent=True)
    assert (one.status, two.status) == (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)
    with django_capture_on_commit_callbacks(execute=True):
        moved = registration_cancel(actor=counsellor_a, registration=one)
    two.refresh_from_db()
    assert moved == [two] and two.status == RegistrationStatus.CONFIRMED and two.moved_up_at
    assert AuditEntry.objects.filter(action="events.registration.moved_up").count() == 1
    # A company place is separate: the young people's list does not move a company up.
    company = CompanyFactory(organisation=event.office.organisation)
    reg = registration_create(
        actor=counsellor_a,
        event=event,
        who=Participant(kind=ParticipantKind.COMPANY, company=company),
        consent=True,
    )
    assert reg.status == RegistrationStatus.CONFIRMED


def test_the_moved_up_person_gets_a_mail(event, counsellor_a, django_capture_on_commit_callbacks):
    first = PersonFactory(office=event.office, email="a@example.org")
    second = PersonFactory(office=event.office, email="b@example.org")
    registration_create(actor=counsellor_a, event=event, who=young(first), consent=True)
    two = registration_create(actor=counsellor_a, event=event, who=young(second), consent=True)
    one = event.registrations.get(person=first)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(actor=counsellor_a, registration=one)
    assert [message.to for message in mail.outbox] == [["b@example.org"]]
    assert two.pk


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": EventStatus.DRAFT}, "Registration for this event is closed."),
        ({"status": EventStatus.CLOSED}, "Registration for this event is closed."),
        ({"status": EventStatus.CANCELLED}, "The event was cancelled."),
        ({"registration_closes_at": "past"}, "Registration for this event is closed."),
        ({"registration_opens_at": "future"}, "Registration for this event has not opened yet."),
    ],
)
def test_registration_outside_the_window_is_refused_and_writes_nothing(
    event, counsellor_a, change, message
):
    now = timezone.now()
    values = {"past": now - datetime.timedelta(hours=1), "future": now + datetime.timedelta(days=1)}
    for field, value in change.items():
        setattr(event, field, values.get(value, value))
    event.save()
    with pytest.raises(ValidationError) as refused:
        registration_create(
            actor=counsellor_a,
            event=event,
            who=young(PersonFactory(office=event.office)),
            consent=True,
        )
    assert refused.value.messages == [gettext(message)]
    assert event.registrations.count() == 0


def test_duplicates_missing_consent_and_minors_without_a_parent_are_refused(event, counsellor_a):
    event.capacity_young_people = None
    event.save()
    person = PersonFactory(
        office=event.office,
        birth_date=datetime.date.today().replace(year=datetime.date.today().year - 14),
    )
    with pytest.raises(ValidationError):
        registration_create(actor=counsellor_a, event=event, who=young(person), consent=False)
    with pytest.raises(ValidationError) as minor:
        registration_create(actor=counsellor_a, event=event, who=young(person), consent=True)
    assert "guardian_consent_name" in minor.value.message_dict
    registration_create(
        actor=counsellor_a,
        event=event,
        who=young(person),
        consent=True,
        guardian_consent_name="Mutter",
    )
    with pytest.raises(ValidationError) as duplicate:
        registration_create(
            actor=counsellor_a,
            event=event,
            who=young(person),
            consent=True,
            guardian_consent_name="M",
        )
    assert duplicate.value.messages == [
        gettext("This participant is already registered for the event.")
    ]
    assert event.registrations.count() == 1


def test_another_organisations_person_cannot_be_registered(event, counsellor_a, outsider):
    foreign = PersonFactory(office=outsider.office)
    with pytest.raises(ValidationError):
        registration_create(actor=counsellor_a, event=event, who=young(foreign), consent=True)
    assert event.registrations.count() == 0


def test_contact_from_the_event_becomes_a_proposal_marked_with_the_event(event, counsellor_a):
    event.capacity_young_people = None
    event.save()
    person = PersonFactory(office=event.office)
    company = CompanyFactory(organisation=event.office.organisation)
    vacancy = VacancyFactory(company=company)
    registration_create(actor=counsellor_a, event=event, who=young(person), consent=True)
    with pytest.raises(ValidationError):  # the company did not take part yet
        contact_record(actor=counsellor_a, event=event, person=person, company=company)
    registration_create(
        actor=counsellor_a,
        event=event,
        who=Participant(kind=ParticipantKind.COMPANY, company=company),
        consent=True,
    )
    contact = contact_record(actor=counsellor_a, event=event, person=person, company=company)
    proposal = contact_propose(actor=counsellor_a, contact=contact, vacancy=vacancy)
    assert proposal.event == event and proposal.person == person


def test_http_flow_register_two_one_waitlisted_cancel_move_up_check_in(
    client, event, counsellor_a, django_capture_on_commit_callbacks
):
    first = PersonFactory(office=event.office, first_name="Amina", last_name="Haddad")
    second = PersonFactory(office=event.office, first_name="Taras", last_name="Koval")
    client.force_login(counsellor_a)
    url = reverse("events:register", args=[event.pk])
    page = client.post(url, {"q": "Haddad"}).content.decode()
    assert "Amina Haddad" in page and "Taras" not in page
    for person in (first, second):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                url,
                {"kind": "young_person", "person": person.pk, "language": "de", "consent": "on"},
            )
        assert response.status_code == 302
    statuses = dict(event.registrations.values_list("person_id", "status"))
    assert statuses == {first.pk: "confirmed", second.pk: "waitlisted"}
    detail = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "Warteliste" in detail or "Waiting list" in detail
    one = event.registrations.get(person=first)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:registration_cancel", args=[one.pk]))
    two = event.registrations.get(person=second)
    assert two.status == "confirmed"
    check_in = client.post(reverse("events:check_in", args=[event.pk]), {"q": "kov"})
    assert "Taras Koval" in check_in.content.decode()
    assert "Amina" not in check_in.content.decode()
    # Checking in answers with the list under the same search; no name in any address.
    toggled = client.post(
        reverse("events:check_in_toggle", args=[two.pk]), {"present": "on", "q": "kov"}
    )
    assert toggled.status_code == 200 and "Taras Koval" in toggled.content.decode()
    two.refresh_from_db()
    assert two.checked_in_at is not None
    client.post(reverse("events:check_in_toggle", args=[two.pk]), {"present": "on"})
    assert AuditEntry.objects.filter(action="events.registration.checked_in").count() == 1
    printable = client.get(reverse("events:print", args=[event.pk])).content.decode()
    assert "Taras Koval" in printable and "Amina Haddad" not in printable


def test_registering_without_consent_shows_a_message_and_stores_nothing(
    client, event, counsellor_a
):
    person = PersonFactory(office=event.office)
    client.force_login(counsellor_a)
    response = client.post(
        reverse("events:register", args=[event.pk]),
        {"kind": "young_person", "person": person.pk, "language": "de"},
        follow=True,
    )
    assert response.status_code == 200 and event.registrations.count() == 0
    assert "Einwilligung" in response.content.decode()


def test_walk_in_is_recorded_present_on_the_day(client, office_a, consent_text, counsellor_a):
    # Starting this very moment keeps the test on the event's day at any hour of the clock.
    event = EventFactory(office=office_a, starts_at=timezone.now())
    client.force_login(counsellor_a)
    client.post(
        reverse("events:register", args=[event.pk]),
        {
            "kind": "young_person",
            "name": "Walk In",
            "language": "de",
            "consent": "on",
            "walk_in": "1",
        },
    )
    registration = event.registrations.get()
    assert registration.source == RegistrationSource.WALK_IN and registration.checked_in_at


def test_the_walk_in_day_is_the_events_local_day_not_the_utc_day(office_a):
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    # 00:30 in Berlin on 8 December is still 7 December in UTC.
    event = EventFactory(
        office=office_a,
        time_zone="Europe/Berlin",
        starts_at=datetime.datetime(2026, 12, 8, 0, 30, tzinfo=berlin),
    )
    event.refresh_from_db()  # as stored: UTC
    _check_open(event, datetime.datetime(2026, 12, 8, 1, 10, tzinfo=berlin), walk_in=True)
    with pytest.raises(ValidationError):
        _check_open(event, datetime.datetime(2026, 12, 7, 23, 50, tzinfo=berlin), walk_in=True)
    with pytest.raises(ValidationError):
        _check_open(event, datetime.datetime(2026, 12, 9, 0, 10, tzinfo=berlin), walk_in=True)


def test_another_office_and_readers_cannot_touch_registrations(
    client, event, counsellor_a, counsellor_b, reader_a
):
    person = PersonFactory(office=event.office)
    registration = registration_create(
        actor=counsellor_a, event=event, who=young(person), consent=True
    )
    client.force_login(counsellor_b)
    assert client.get(reverse("events:detail", args=[event.pk])).status_code == 404
    assert (
        client.post(reverse("events:registration_cancel", args=[registration.pk])).status_code
        == 404
    )
    client.force_login(reader_a)
    assert client.get(reverse("events:detail", args=[event.pk])).status_code == 200
    assert client.post(reverse("events:check_in_toggle", args=[registration.pk])).status_code == 403
    registration.refresh_from_db()
    assert registration.status == "confirmed" and registration.checked_in_at is None
    with pytest.raises(WriteDenied):
        registration_check_in(actor=reader_a, registration=registration, present=True)
    assert not EventContact.objects.exists()
