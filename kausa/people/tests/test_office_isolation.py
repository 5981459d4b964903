"""People belong to one office: another office gets 404 on every URL, unless shared."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kausa.core.tests.factories import PersonFactory
from kausa.people.models import Person
from kausa.people.tests.test_person_views import filter_people

pytestmark = pytest.mark.django_db

PERSON_URLS = [
    ("people:detail", "get"),
    ("people:edit", "get"),
    ("people:edit", "post"),
    ("people:sensitive", "get"),
    ("people:sensitive", "post"),
    ("people:sharing", "get"),
    ("people:sharing", "post"),
    ("people:archive", "post"),
]


@pytest.fixture
def person_a(office_a):
    return PersonFactory(office=office_a, first_name="Lina", last_name="Isolationstest")


@pytest.mark.parametrize(("name", "method"), PERSON_URLS)
def test_counsellor_of_another_office_gets_404(client, counsellor_b, person_a, name, method):
    client.force_login(counsellor_b)
    response = getattr(client, method)(reverse(name, args=[person_a.pk]), {"last_name": "X"})
    assert response.status_code == 404
    person_a.refresh_from_db()
    assert person_a.last_name == "Isolationstest"
    assert person_a.archived_at is None


@pytest.mark.parametrize(("name", "method"), PERSON_URLS)
def test_other_organisation_gets_404(client, outsider, person_a, name, method):
    client.force_login(outsider)
    response = getattr(client, method)(reverse(name, args=[person_a.pk]))
    assert response.status_code == 404


def test_other_office_does_not_see_the_person_in_lists_or_search(client, counsellor_b, person_a):
    client.force_login(counsellor_b)
    response = filter_people(client, q="Isolationstest")
    assert response.context["page"].paginator.count == 0
    assert "Isolationstest, Lina" not in response.content.decode()


def test_sharing_lets_the_other_office_read_but_not_edit_or_see_sensitive_data(
    client, counsellor_a, counsellor_b, person_a
):
    client.force_login(counsellor_a)
    response = client.post(
        reverse("people:sharing", args=[person_a.pk]), {"offices": [counsellor_b.office.pk]}
    )
    assert response.status_code == 302
    client.force_login(counsellor_b)
    detail = client.get(reverse("people:detail", args=[person_a.pk]))
    assert detail.status_code == 200
    assert "Isolationstest" in detail.content.decode()
    assert "Duldung" not in detail.content.decode()
    assert client.get(reverse("people:edit", args=[person_a.pk])).status_code == 403
    assert client.get(reverse("people:sensitive", args=[person_a.pk])).status_code == 403
    listing = filter_people(client, q="Isolationstest")
    assert listing.context["page"].paginator.count == 1


def test_owning_office_sees_sensitive_data(client, counsellor_a, person_a):
    client.force_login(counsellor_a)
    body = client.get(reverse("people:detail", args=[person_a.pk])).content.decode()
    assert "Duldung" in body


def test_team_lead_sees_all_offices_but_not_sensitive_data(client, team_lead, person_a):
    client.force_login(team_lead)
    response = client.get(reverse("people:detail", args=[person_a.pk]))
    assert response.status_code == 200
    assert "Duldung" not in response.content.decode()
    assert client.get(reverse("people:list")).context["page"].paginator.count == 1


def test_read_only_colleague_reads_but_cannot_write(client, reader_a, person_a):
    client.force_login(reader_a)
    assert client.get(reverse("people:detail", args=[person_a.pk])).status_code == 200
    assert client.get(reverse("people:create")).status_code == 403
    assert client.post(reverse("people:archive", args=[person_a.pk])).status_code == 403
    assert Person.objects.get(pk=person_a.pk).archived_at is None


def test_anonymous_is_sent_to_login(client, person_a):
    response = client.get(reverse("people:detail", args=[person_a.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
