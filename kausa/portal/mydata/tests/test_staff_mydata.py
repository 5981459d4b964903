"""The office decides my-data requests: its list shows only its own requests, an export is
confirmed after the download, an erasure runs the staff app's erasure (ERASE typed), a
refusal needs a reason, and the person gets an email either way."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from kausa.core.models import AuditEntry
from kausa.core.tests.factories import PersonFactory
from kausa.people.models import Person
from kausa.portal.mydata import services
from kausa.portal.mydata.models import DataRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(office_a):
    return PersonFactory(office=office_a, first_name="Amira", email="amira@example.org")


def make_request(person, kind="export", message="") -> DataRequest:
    return services.data_request_create(person=person, kind=kind, message=message)


def detail(request: DataRequest) -> str:
    return reverse("portal_mydata_staff:request", args=[request.pk])


def test_the_list_shows_only_the_offices_own_requests(client, counsellor_a, person, office_b):
    own = make_request(person)
    other = make_request(PersonFactory(office=office_b, first_name="Zzfremd"))
    client.force_login(counsellor_a)
    content = client.get(reverse("portal_mydata_staff:requests")).content.decode()
    assert detail(own) in content and person.full_name in content
    assert detail(other) not in content and "Zzfremd" not in content
    assert client.get(detail(other)).status_code == 404


def test_team_leads_read_every_office_but_decide_nothing(client, team_lead, person, office_b):
    request = make_request(PersonFactory(office=office_b))
    client.force_login(team_lead)
    assert detail(request) in client.get(reverse("portal_mydata_staff:requests")).content.decode()
    response = client.post(detail(request), {"decision": "refuse", "reason": "Nein"})
    assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == "open"


def test_confirming_an_export_marks_it_done_and_tells_the_person(
    client, counsellor_a, person, django_capture_on_commit_callbacks
):
    request = make_request(person, message="<script>alert(1)</script>")
    client.force_login(counsellor_a)
    page = client.get(detail(request)).content.decode()
    assert reverse("counselling:export_document", args=[person.pk]) in page
    assert "&lt;script&gt;" in page and "<script>alert(1)" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(detail(request), {"decision": "confirm", "reason": ""})
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.decided_by) == ("done", counsellor_a)
    assert Person.objects.filter(pk=person.pk).exists()
    assert AuditEntry.objects.filter(
        action="portal.mydata.request_done", object_id=str(request.pk), actor=counsellor_a
    ).exists()
    assert [message.to for message in mail.outbox] == [["amira@example.org"]]


def test_an_erasure_needs_erase_typed_and_then_erases_the_person(
    client, counsellor_a, person, django_capture_on_commit_callbacks
):
    request = make_request(person, kind="erasure", message="Ich heiße Amira und ziehe weg")
    client.force_login(counsellor_a)
    response = client.post(detail(request), {"decision": "confirm", "confirm": "ja"})
    assert response.status_code == 200
    assert Person.objects.filter(pk=person.pk).exists()
    request.refresh_from_db()
    assert request.status == "open"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(detail(request), {"decision": "confirm", "confirm": "ERASE"})
    assert response.status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()
    request.refresh_from_db()
    assert (request.status, request.person, request.message) == ("done", None, "")
    assert AuditEntry.objects.filter(action="people.person.erased").exists()
    assert [message.to for message in mail.outbox] == [["amira@example.org"]]
    # the request stays readable as the record of the erasure
    assert client.get(detail(request)).status_code == 200


def test_a_refusal_needs_a_reason(client, counsellor_a, person, django_capture_on_commit_callbacks):
    request = make_request(person, kind="erasure")
    client.force_login(counsellor_a)
    assert client.post(detail(request), {"decision": "refuse", "reason": " "}).status_code == 200
    request.refresh_from_db()
    assert request.status == "open"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail(request), {"decision": "refuse", "reason": "Aufbewahrungspflicht"})
    request.refresh_from_db()
    assert (request.status, request.reason) == ("refused", "Aufbewahrungspflicht")
    assert Person.objects.filter(pk=person.pk).exists()
    assert "Aufbewahrungspflicht" in mail.outbox[0].body
    # decided once: a second decision changes nothing
    client.post(detail(request), {"decision": "confirm", "confirm": "ERASE"})
    assert Person.objects.filter(pk=person.pk).exists()


def test_a_read_only_colleague_cannot_decide(client, reader_a, person):
    request = make_request(person, kind="erasure")
    client.force_login(reader_a)
    assert client.get(detail(request)).status_code == 200
    response = client.post(detail(request), {"decision": "confirm", "confirm": "ERASE"})
    assert response.status_code == 403
    assert Person.objects.filter(pk=person.pk).exists()
    request.refresh_from_db()
    assert request.status == "open"


def test_without_an_office_address_the_request_is_still_stored(office_a, person, settings):
    office_a.email = ""
    office_a.save()
    request = make_request(person)
    assert request.status == "open"
    assert mail.outbox == []


def test_the_list_filters_by_status(client, counsellor_a, person):
    open_request = make_request(person)
    done = make_request(person, kind="erasure")
    DataRequest.objects.filter(pk=done.pk).update(status="refused")
    client.force_login(counsellor_a)
    url = reverse("portal_mydata_staff:requests")
    default = client.get(url).content.decode()
    assert detail(open_request) in default and detail(done) not in default
    refused = client.get(url, {"status": "refused"}).content.decode()
    assert detail(done) in refused and detail(open_request) not in refused
    assert client.get(url, {"status": "<script>"}).status_code == 200
