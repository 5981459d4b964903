"""Offices: list, create, edit, with the districts they serve (one office per district)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kausa.administration import audit_actions
from kausa.administration.tests.helpers import admin_entries
from kausa.core.models import Office
from kausa.core.tests.factories import OfficeFactory, district

pytestmark = pytest.mark.django_db


def office_data(**changes):
    data = {
        "name": "KAUSA Stendal",
        "district": "15090",
        "districts_served": ["15090", "15081"],
        "email": "stendal@example.org",
        "phone": "03931 1",
        "street": "Breite Str. 1",
        "postal_code": "39576",
        "place": "Stendal",
        "opening_hours": "Mo–Do 9–16",
    }
    data.update(changes)
    return data


def test_team_lead_creates_an_office_with_districts_served(client, team_lead, organisation):
    client.force_login(team_lead)
    response = client.post(reverse("administration:office_create"), office_data())
    assert response.status_code == 302
    office = Office.objects.get(name="KAUSA Stendal")
    assert office.organisation == organisation
    assert sorted(office.districts_served.values_list("pk", flat=True)) == ["15081", "15090"]
    assert (office.street, office.postal_code, office.place) == (
        "Breite Str. 1",
        "39576",
        "Stendal",
    )
    assert office.opening_hours == "Mo–Do 9–16"
    [entry] = admin_entries(audit_actions.OFFICE_CREATED)
    assert entry.object_id == str(office.pk) and entry.actor == team_lead
    assert "districts_served" in entry.changed_fields
    # Field names only, never values.
    assert not {"KAUSA Stendal", "Stendal", "15090"} & set(map(str, entry.changed_fields))
    listing = client.get(reverse("administration:offices"))
    assert listing.status_code == 200 and "KAUSA Stendal" in listing.content.decode()


def test_a_district_served_by_another_office_is_refused(client, team_lead, office_a):
    office_a.districts_served.add(district("15081"))
    client.force_login(team_lead)
    response = client.post(reverse("administration:office_create"), office_data())
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "districts_served" in errors
    assert office_a.name in errors["districts_served"][0]
    assert not Office.objects.filter(name="KAUSA Stendal").exists()
    assert admin_entries() == []


def test_another_organisation_may_serve_the_same_district(client, team_lead, outsider):
    outsider.office.districts_served.add(district("15081"))
    client.force_login(team_lead)
    response = client.post(reverse("administration:office_create"), office_data())
    assert response.status_code == 302


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"name": ""}, "name"),
        ({"districts_served": []}, "districts_served"),
        ({"email": "keine-adresse"}, "email"),
        ({"postal_code": "12"}, "postal_code"),
        ({"name": "KAUSA Magdeburg"}, "name"),  # office_a's name
    ],
)
def test_invalid_office_input_changes_nothing(client, team_lead, office_a, changes, field):
    client.force_login(team_lead)
    before = Office.objects.count()
    response = client.post(reverse("administration:office_create"), office_data(**changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Office.objects.count() == before and admin_entries() == []


def test_edit_keeps_the_own_districts_and_records_changed_fields(client, administrator, office_a):
    office_a.districts_served.set([district("15003")])
    client.force_login(administrator)
    url = reverse("administration:office_edit", args=[office_a.pk])
    assert client.get(url).status_code == 200
    data = office_data(name=office_a.name, district="15003", districts_served=["15003", "15083"])
    response = client.post(url, data)
    assert response.status_code == 302
    office_a.refresh_from_db()
    assert sorted(office_a.districts_served.values_list("pk", flat=True)) == ["15003", "15083"]
    [entry] = admin_entries(audit_actions.OFFICE_UPDATED)
    assert "districts_served" in entry.changed_fields and "name" not in entry.changed_fields
    assert "opening_hours" in entry.changed_fields


def test_edit_refuses_a_district_of_a_sister_office(client, team_lead, office_a, office_b):
    office_b.districts_served.add(district("15002"))
    client.force_login(team_lead)
    url = reverse("administration:office_edit", args=[office_a.pk])
    data = office_data(name=office_a.name, district="15003", districts_served=["15002"])
    response = client.post(url, data)
    assert response.status_code == 200 and "districts_served" in response.context["form"].errors
    assert not office_a.districts_served.exists()


def test_team_lead_of_another_organisation_gets_404(client, other_lead, office_a):
    client.force_login(other_lead)
    url = reverse("administration:office_edit", args=[office_a.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, office_data(name="Übernommen")).status_code == 404
    office_a.refresh_from_db()
    assert office_a.name == "KAUSA Magdeburg"


def test_migration_step_serves_the_own_district_once_per_organisation(organisation):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("kausa.core.migrations.0008_office_admin_fields")
    first = OfficeFactory(organisation=organisation, district=district("15003"))
    second = OfficeFactory(organisation=organisation, district=district("15003"))
    third = OfficeFactory(organisation=organisation, district=district("15002"))
    migration.serve_own_district(apps, None)
    assert list(first.districts_served.values_list("pk", flat=True)) == ["15003"]
    assert not second.districts_served.exists()
    assert list(third.districts_served.values_list("pk", flat=True)) == ["15002"]
