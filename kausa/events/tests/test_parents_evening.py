"""Parents' evenings: guardians on the person (own office only), registering a parent in
their language, the bilingual invitation without the video link, and the person's export."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from kausa.core.models import AuditEntry
from kausa.core.tests.factories import PersonFactory
from kausa.events.models import EventConsentText, ParticipantKind
from kausa.events.services.registrations import Participant, registration_create
from kausa.events.tests.factories import EventFactory
from kausa.people.models import Guardian

pytestmark = pytest.mark.django_db

GUARDIAN = {
    "first_name": "Samira",
    "last_name": "Haddad",
    "relation": "mother",
    "language": "ar",
    "email": "samira@example.org",
    "phone": "0391 123",
}


def test_the_owning_office_adds_a_guardian_others_do_not_see_them(
    client, counsellor_a, counsellor_b, reader_a, team_lead
):
    person = PersonFactory(office=counsellor_a.office)
    person.shared_with_offices.add(counsellor_b.office)
    url = reverse("people:guardians", args=[person.pk])
    client.force_login(counsellor_a)
    assert client.post(url, GUARDIAN).status_code == 302
    guardian = Guardian.objects.get()
    assert guardian.person == person and guardian.language == "ar"
    assert AuditEntry.objects.filter(action="people.guardian.added").count() == 1
    assert "Samira Haddad" in client.get(url).content.decode()
    # shared office reads the person, not the third party's contact data; team leads neither
    for user in (counsellor_b, team_lead):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert (
            "Samira" not in client.get(reverse("people:detail", args=[person.pk])).content.decode()
        )
    client.force_login(reader_a)
    assert client.get(url).status_code == 200
    assert client.post(url, {**GUARDIAN, "first_name": "Other"}).status_code == 403
    remove = reverse("people:guardian_remove", args=[person.pk, guardian.pk])
    assert client.post(remove).status_code == 403
    client.force_login(counsellor_a)
    bad = client.post(url, {**GUARDIAN, "email": "not-an-address", "relation": "uncle"})
    assert bad.status_code == 200 and Guardian.objects.count() == 1
    client.post(remove)
    assert not Guardian.objects.exists()


def test_a_parent_registers_in_their_language_and_the_invitation_is_bilingual(
    client, counsellor_a, organisation
):
    EventConsentText.objects.create(organisation=organisation, language="de", version=1, text="DE")
    arabic = EventConsentText.objects.create(
        organisation=organisation, language="ar", version=1, text="AR"
    )
    person = PersonFactory(office=counsellor_a.office)
    guardian = Guardian.objects.create(person=person, **GUARDIAN)
    event = EventFactory(
        office=counsellor_a.office,
        title="Digitaler Elternabend",
        languages=["de", "ar", "uk"],
        translations={"ar": {"title": "أمسية أولياء الأمور", "description": "معلومات عن التدريب"}},
        online_url="https://video.example.org/room-secret",
        audience="parents",
    )
    registration = registration_create(
        actor=counsellor_a,
        event=event,
        who=Participant(kind=ParticipantKind.PARENT, guardian=guardian, language="ar"),
        consent=True,
    )
    assert registration.consent_text == arabic  # the consent text in the parent's language
    client.force_login(counsellor_a)
    page = client.get(reverse("events:invitation", args=[event.pk])).content.decode()
    assert 'lang="ar" dir="rtl"' in page and "أمسية أولياء الأمور" in page
    assert "Digitaler Elternabend" in page
    assert "room-secret" not in page  # the link goes to registered participants only
    assert "fehlt noch eine Übersetzung: uk</p>" in page  # the missing translation is named
    export = client.get(reverse("counselling:export_json", args=[person.pk]))
    data = json.loads(export.content)
    assert data["guardians"][0]["email"] == "samira@example.org"
    assert data["events"] == []  # the parent registered, not the young person
    assert registration.guardian == guardian


def test_erasing_the_person_erases_guardians_and_their_registrations(counsellor_a, organisation):
    from kausa.counselling.services.data_rights import person_erase
    from kausa.events.models import Registration

    EventConsentText.objects.create(organisation=organisation, language="de", version=1, text="DE")
    person = PersonFactory(office=counsellor_a.office)
    guardian = Guardian.objects.create(person=person, **GUARDIAN)
    event = EventFactory(office=counsellor_a.office)
    registration_create(
        actor=counsellor_a,
        event=event,
        who=Participant(kind=ParticipantKind.PARENT, guardian=guardian),
        consent=True,
    )
    person_erase(actor=counsellor_a, person=person)
    assert not Guardian.objects.exists() and not Registration.objects.exists()
