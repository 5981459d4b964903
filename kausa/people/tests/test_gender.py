"""Gender as the person states it: recorded with the special-category data, shown to the
owning office, exported with the person, refused when not one of the choices."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kausa.core.tests.factories import PersonFactory
from kausa.counselling.services.data_rights import person_export
from kausa.people.models import Person, PersonSensitive

pytestmark = pytest.mark.django_db


def test_gender_is_recorded_shown_and_exported(client, counsellor_a, office_a):
    person = PersonFactory(office=office_a)
    client.force_login(counsellor_a)
    url = reverse("people:sensitive", args=[person.pk])
    response = client.post(url, {"residence_status": "tolerated", "gender": "diverse"})
    assert response.status_code == 302
    assert PersonSensitive.objects.get(person=person).gender == "diverse"
    detail = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "<dt>Geschlecht</dt><dd>divers</dd>" in detail
    person.refresh_from_db()
    assert person_export(Person.objects.get(pk=person.pk))["sensitive"]["gender"] == "divers"


def test_an_unknown_gender_is_refused_and_nothing_changes(client, counsellor_a, office_a):
    person = PersonFactory(office=office_a)
    PersonSensitive.objects.filter(person=person).update(gender="female")
    client.force_login(counsellor_a)
    url = reverse("people:sensitive", args=[person.pk])
    response = client.post(url, {"residence_status": "unknown", "gender": "<b>x</b>"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Bitte eine gültige Auswahl treffen." in text
    assert "<b>x</b>" not in text  # the typed value comes back escaped
    assert "&lt;b&gt;x&lt;/b&gt;" in text
    sensitive = PersonSensitive.objects.get(person=person)
    assert (sensitive.gender, sensitive.residence_status) == ("female", "tolerated")
