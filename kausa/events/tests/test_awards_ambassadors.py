"""KAUSA ambassadors over HTTP: add (person or company), edit the profile, record an
appearance at an event of the office, deactivate."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kausa.core.models import AuditEntry
from kausa.core.tests.factories import CompanyFactory, PersonFactory
from kausa.events import audit_actions
from kausa.events.models import Ambassador, AmbassadorAppearance
from kausa.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_add_a_person_as_ambassador_with_an_appearance(client, counsellor_a):
    person = PersonFactory(office=counsellor_a.office, first_name="Leyla")
    event = EventFactory(office=counsellor_a.office, title="Elternabend Magdeburg")
    client.force_login(counsellor_a)
    assert client.get(reverse("events:ambassadors")).status_code == 200
    response = client.post(
        reverse("events:ambassadors"),
        {
            "person": str(person.pk),
            "profile": "Azubi zur Pflegefachfrau, erzählt von ihrem Weg.",
            "languages": ["de", "ar"],
            "availability": "abends",
        },
    )
    ambassador = Ambassador.objects.get()
    assert response.status_code == 302
    assert ambassador.office == counsellor_a.office
    assert ambassador.person == person
    assert ambassador.languages == ["de", "ar"]
    assert AuditEntry.objects.filter(action=audit_actions.AMBASSADOR_CREATED).count() == 1

    response = client.post(
        reverse("events:ambassador_appearance", args=[ambassador.pk]),
        {"event": str(event.pk), "role": "Podium"},
    )
    assert response.status_code == 302
    appearance = AmbassadorAppearance.objects.get()
    assert (appearance.event, appearance.role) == (event, "Podium")
    assert AuditEntry.objects.filter(action=audit_actions.APPEARANCE_ADDED).count() == 1
    page = client.get(reverse("events:ambassador", args=[ambassador.pk])).content.decode()
    assert "Elternabend Magdeburg" in page
    assert "Podium" in page

    # The same appearance twice is refused.
    client.post(
        reverse("events:ambassador_appearance", args=[ambassador.pk]), {"event": str(event.pk)}
    )
    assert AmbassadorAppearance.objects.count() == 1


def test_add_a_company_and_edit_the_profile(client, counsellor_a):
    company = CompanyFactory(organisation=counsellor_a.organisation, name="Kfz Demir")
    client.force_login(counsellor_a)
    client.post(reverse("events:ambassadors"), {"company": str(company.pk), "profile": "Chef"})
    ambassador = Ambassador.objects.get()
    assert ambassador.company == company
    response = client.post(
        reverse("events:ambassador", args=[ambassador.pk]),
        {"profile": "Inhaber, bildet zwei Geflüchtete aus.", "languages": ["tr"]},
    )
    assert response.status_code == 302
    ambassador.refresh_from_db()
    assert ambassador.profile == "Inhaber, bildet zwei Geflüchtete aus."
    assert ambassador.languages == ["tr"]
    entry = AuditEntry.objects.get(action=audit_actions.AMBASSADOR_UPDATED)
    assert set(entry.changed_fields) == {"profile", "languages"}


def test_person_and_company_together_or_neither_are_refused(client, counsellor_a):
    person = PersonFactory(office=counsellor_a.office)
    company = CompanyFactory(organisation=counsellor_a.organisation)
    client.force_login(counsellor_a)
    for data in ({"person": str(person.pk), "company": str(company.pk)}, {"profile": "x"}):
        assert client.post(reverse("events:ambassadors"), data).status_code == 200
    assert not Ambassador.objects.exists()


def test_a_person_of_another_office_cannot_become_an_ambassador_here(
    client, counsellor_a, office_b
):
    foreign = PersonFactory(office=office_b)
    client.force_login(counsellor_a)
    response = client.post(reverse("events:ambassadors"), {"person": str(foreign.pk)})
    assert response.status_code == 200
    assert not Ambassador.objects.exists()


def test_an_event_of_another_office_is_refused(client, counsellor_a, office_b):
    ambassador = Ambassador.objects.create(
        office=counsellor_a.office, person=PersonFactory(office=counsellor_a.office)
    )
    foreign_event = EventFactory(office=office_b)
    client.force_login(counsellor_a)
    response = client.post(
        reverse("events:ambassador_appearance", args=[ambassador.pk]),
        {"event": str(foreign_event.pk)},
    )
    assert response.status_code == 200
    assert not AmbassadorAppearance.objects.exists()


def test_deactivate_and_reactivate(client, counsellor_a):
    ambassador = Ambassador.objects.create(
        office=counsellor_a.office, person=PersonFactory(office=counsellor_a.office)
    )
    event = EventFactory(office=counsellor_a.office)
    client.force_login(counsellor_a)
    client.post(reverse("events:ambassador_active", args=[ambassador.pk]))
    ambassador.refresh_from_db()
    assert not ambassador.active
    # Inactive ambassadors get no new appearances.
    client.post(
        reverse("events:ambassador_appearance", args=[ambassador.pk]), {"event": str(event.pk)}
    )
    assert not AmbassadorAppearance.objects.exists()
    client.post(reverse("events:ambassador_active", args=[ambassador.pk]), {"active": "1"})
    ambassador.refresh_from_db()
    assert ambassador.active
    assert AuditEntry.objects.filter(action=audit_actions.AMBASSADOR_DEACTIVATED).count() == 1
    assert AuditEntry.objects.filter(action=audit_actions.AMBASSADOR_REACTIVATED).count() == 1


def test_profiles_are_escaped(client, counsellor_a):
    payload = '<img src=x onerror="alert(1)">'
    ambassador = Ambassador.objects.create(
        office=counsellor_a.office,
        person=PersonFactory(office=counsellor_a.office),
        profile=payload,
        availability=payload,
    )
    client.force_login(counsellor_a)
    for url in (reverse("events:ambassador", args=[ambassador.pk]), reverse("events:ambassadors")):
        content = client.get(url).content.decode()
        assert payload not in content
        assert "&lt;img" in content
