"""The audit page speaks words: action labels, object types, names only for the own office."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kausa.core.audit import audit_log
from kausa.core.audit_display import type_label
from kausa.core.models import Role
from kausa.core.tests.factories import PersonFactory, UserFactory
from kausa.people.apps import PeopleConfig

pytestmark = pytest.mark.django_db


def _table(page: str) -> str:
    return page[page.index("<table>") : page.index("</table>")]


def test_names_only_of_the_own_offices_people_and_labels_instead_of_codes(
    client, organisation, office_a, office_b, counsellor_a, counsellor_b
):
    lead = UserFactory(office=office_a, organisation=organisation, role=Role.TEAM_LEAD)
    own = PersonFactory(office=office_a, first_name="Samira", last_name="Eigenbüro")
    other = PersonFactory(office=office_b, first_name="Dawit", last_name="Nachbarbüro")
    audit_log(actor=counsellor_a, action="people.person.created", obj=own, office=office_a)
    audit_log(actor=counsellor_b, action="people.person.created", obj=other, office=office_b)
    client.force_login(lead)
    page = client.get(reverse("core:audit")).content.decode()
    table = _table(page)
    assert "Samira Eigenbüro" in table
    assert "Nachbarbüro" not in page and "Dawit" not in page
    assert f"{type_label('people.person')} #{other.pk}" in table
    assert "people.person" not in table  # neither the code nor the raw object type


def test_a_team_lead_without_an_office_sees_type_and_number(
    client, office_a, counsellor_a, team_lead
):
    person = PersonFactory(office=office_a, first_name="Samira", last_name="Eigenbüro")
    audit_log(actor=counsellor_a, action="people.person.created", obj=person, office=office_a)
    client.force_login(team_lead)
    table = _table(client.get(reverse("core:audit")).content.decode())
    assert "Eigenbüro" not in table and f"#{person.pk}" in table


def test_the_area_filter_shows_the_apps_names(client, team_lead):
    client.force_login(team_lead)
    page = client.get(reverse("core:audit")).content.decode()
    assert f'<option value="people">{PeopleConfig.verbose_name}</option>' in page
