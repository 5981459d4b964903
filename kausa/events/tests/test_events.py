"""Events through HTTP: create, validate, edit, status, evaluation, formats, consent texts,
and what the person's and company's pages show of them."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kausa.core.models import AuditEntry
from kausa.core.tests.factories import CompanyFactory, PersonFactory
from kausa.events.models import (
    Event,
    EventConsentText,
    EventEvaluation,
    EventFormat,
    EventKind,
    EventStatus,
    Registration,
)
from kausa.events.tests.factories import EventFactory, EventFormatFactory

pytestmark = pytest.mark.django_db


def form_data(event_format, **changes):
    start = timezone.localtime() + datetime.timedelta(days=10)
    data = {
        "event_format": event_format.pk,
        "title": "Ausbildungsforum Halle",
        "description": "Betriebe stellen sich vor.",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "time_zone": "Europe/Berlin",
        "duration_minutes": "180",
        "venue_name": "Stadthaus",
        "postal_code": "39104",
        "audience": "mixed",
        "languages": ["de", "ar"],
        "capacity_young_people": "2",
        "travel_mode": "walking",
        "title_ar": "منتدى التدريب",
        "description_ar": "الشركات تقدم نفسها",
    }
    data.update(changes)
    return data


def test_a_counsellor_creates_an_event_as_a_draft_with_a_translation(client, counsellor_a):
    event_format = EventFormatFactory(organisation=counsellor_a.organisation)
    client.force_login(counsellor_a)
    response = client.post(reverse("events:create"), form_data(event_format))
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "events:detail", args=[event.pk]
    )
    assert event.status == EventStatus.DRAFT and event.office == counsellor_a.office
    assert event.district_id == "15003" and event.latitude is not None  # from the postal code
    assert event.text_in("ar")[0] == "منتدى التدريب" and event.text_in("uk")[0] == event.title
    page = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert 'lang="ar" dir="rtl"' in page and "منتدى التدريب" in page
    assert AuditEntry.objects.filter(action="events.event.created").count() == 1


@pytest.mark.parametrize(
    ("changes", "field_message"),
    [
        (
            {"starts_at": "2020-01-01T10:00"},
            "Die Veranstaltung würde in der Vergangenheit beginnen.",
        ),
        ({"duration_minutes": "0"}, "Das Ende muss nach dem Beginn liegen."),
        ({"postal_code": "00000"}, "Die Postleitzahl 00000 gibt es in Deutschland nicht"),
        (
            {"postal_code": "", "online_url": ""},
            "Postleitzahl des Veranstaltungsorts oder einen Videolink",
        ),
        ({"title_en": "", "description_en": "Only a description"}, "braucht einen Titel"),
    ],
)
def test_bad_input_gets_a_german_message_and_changes_nothing(
    client, counsellor_a, changes, field_message
):
    event_format = EventFormatFactory(organisation=counsellor_a.organisation)
    client.force_login(counsellor_a)
    response = client.post(reverse("events:create"), form_data(event_format, **changes))
    assert response.status_code == 200
    assert Event.objects.count() == 0 and not AuditEntry.objects.filter(
        action__startswith="events."
    )
    assert (
        'class="error"' in response.content.decode() or "form-errors" in response.content.decode()
    )
    assert field_message in response.content.decode()


def test_the_capacity_cannot_fall_below_confirmed_registrations(client, counsellor_a):
    event = EventFactory(office=counsellor_a.office, capacity_young_people=5)
    for _ in range(3):
        Registration.objects.create(
            event=event, kind="young_person", person=PersonFactory(office=event.office)
        )
    client.force_login(counsellor_a)
    data = form_data(event.event_format, capacity_young_people="2", title=event.title)
    data["starts_at"] = timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("events:edit", args=[event.pk]), data)
    assert response.status_code == 200
    assert "3 Anmeldungen sind bereits bestätigt" in response.content.decode()
    event.refresh_from_db()
    assert event.capacity_young_people == 5


def test_status_moves_along_and_held_needs_a_started_event(client, counsellor_a):
    event = EventFactory(office=counsellor_a.office, status=EventStatus.DRAFT)
    client.force_login(counsellor_a)
    url = reverse("events:status", args=[event.pk])
    client.post(url, {"status": "published"})
    event.refresh_from_db()
    assert event.status == "published"
    response = client.post(url, {"status": "held"}, follow=True)
    event.refresh_from_db()
    assert event.status == "published"
    assert "erst nach ihrem Beginn" in response.content.decode()
    client.post(url, {"status": "draft"})  # not a next status
    event.refresh_from_db()
    assert event.status == "published"
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=3))
    client.post(url, {"status": "held"})
    event.refresh_from_db()
    assert event.status == "held"
    client.post(
        reverse("events:evaluation", args=[event.pk]),
        {
            "visitors_without_registration": "40",
            "companies_present": "12",
            "feedback_good": "20",
            "feedback_neutral": "5",
            "feedback_poor": "1",
        },
    )
    assert event.evaluation.companies_present == 12
    # Nothing changes a held event any more.
    response = client.post(reverse("events:edit", args=[event.pk]), form_data(event.event_format))
    event.refresh_from_db()
    assert event.title != "Ausbildungsforum Halle"


def test_an_evaluation_before_the_event_was_held_is_refused(client, counsellor_a):
    event = EventFactory(office=counsellor_a.office)
    client.force_login(counsellor_a)
    client.post(
        reverse("events:evaluation", args=[event.pk]),
        {
            "visitors_without_registration": "1",
            "companies_present": "1",
            "feedback_good": "0",
            "feedback_neutral": "0",
            "feedback_poor": "0",
        },
    )
    assert not EventEvaluation.objects.exists()


def test_formats_and_consent_texts_are_team_lead_settings(client, counsellor_a, team_lead):
    client.force_login(counsellor_a)
    assert client.post(reverse("events:formats"), {"name": "X", "kind": "fair"}).status_code == 403
    assert client.get(reverse("events:consent_texts")).status_code == 403
    client.force_login(team_lead)
    client.post(reverse("events:formats"), {"name": "JOBWALK Altstadt", "kind": "jobwalk"})
    assert EventFormat.objects.get(name="JOBWALK Altstadt").kind == EventKind.JOBWALK
    url = reverse("events:consent_texts")
    client.post(url, {"language": "de", "text": "Fassung eins"})
    client.post(url, {"language": "de", "text": "Fassung zwei"})
    versions = list(
        EventConsentText.objects.filter(language="de")
        .order_by("version")
        .values_list("version", "text")
    )
    assert versions == [(1, "Fassung eins"), (2, "Fassung zwei")]


def test_another_office_sees_no_event_and_team_leads_change_nothing(
    client, counsellor_a, counsellor_b, team_lead, outsider
):
    event = EventFactory(office=counsellor_a.office, title="Elternabend Deutsch-Arabisch")
    client.force_login(counsellor_b)
    assert "Elternabend" not in client.get(reverse("events:list")).content.decode()
    assert client.get(reverse("events:detail", args=[event.pk])).status_code == 404
    client.force_login(outsider)
    assert client.get(reverse("events:detail", args=[event.pk])).status_code == 404
    client.force_login(team_lead)
    assert "Elternabend" in client.get(reverse("events:list")).content.decode()
    assert (
        client.post(reverse("events:status", args=[event.pk]), {"status": "cancelled"}).status_code
        == 403
    )
    event.refresh_from_db()
    assert event.status == "published"


def test_attendance_shows_on_the_person_and_company_pages_of_the_organising_office(
    client, counsellor_a, counsellor_b
):
    event = EventFactory(office=counsellor_a.office, title="Azubi-Speed-Dating Frühjahr")
    person = PersonFactory(office=counsellor_a.office)
    person.shared_with_offices.add(counsellor_b.office)
    company = CompanyFactory(organisation=counsellor_a.organisation)
    Registration.objects.create(
        event=event, kind="young_person", person=person, checked_in_at=timezone.now()
    )
    Registration.objects.create(event=event, kind="company", company=company)
    Event.objects.filter(pk=event.pk).update(status=EventStatus.HELD)
    client.force_login(counsellor_a)
    panel = client.get(reverse("counselling:person_panel", args=[person.pk])).content.decode()
    assert "Azubi-Speed-Dating Frühjahr: teilgenommen" in panel
    company_panel = client.get(
        reverse("counselling:company_panel", args=[company.pk])
    ).content.decode()
    assert "Azubi-Speed-Dating Frühjahr" in company_panel and "nicht erschienen" in company_panel
    # The office the person is shared with does not see another office's participants.
    client.force_login(counsellor_b)
    panel = client.get(reverse("counselling:person_panel", args=[person.pk])).content.decode()
    assert "Speed-Dating" not in panel


def test_cancelling_an_event_tells_everyone_registered_or_waiting(
    client, counsellor_a, django_capture_on_commit_callbacks
):
    import icalendar
    from django.core import mail

    event = EventFactory(office=counsellor_a.office, title="Bustour Altmark")
    for status, email in (
        ("confirmed", "a@example.org"),
        ("waitlisted", "w@example.org"),
        ("cancelled", "c@example.org"),
    ):
        Registration.objects.create(
            event=event, kind="young_person", name="Gast", email=email, status=status
        )
    client.force_login(counsellor_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:status", args=[event.pk]), {"status": "cancelled"})
    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.org", "w@example.org"]
    confirmed = next(message for message in mail.outbox if message.to == ["a@example.org"])
    assert "Bustour Altmark" in confirmed.subject
    calendar = icalendar.Calendar.from_ical(confirmed.attachments[0][1])
    assert [str(entry["STATUS"]) for entry in calendar.walk("VEVENT")] == ["CANCELLED"]
