"""Audit entries about requests: sign-ins, failed sign-ins, refusals, downloads, client address."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from kausa.core.audit import (
    login_name_fingerprint,
    record_download,
    record_login,
    record_login_failure,
)
from kausa.core.models import AuditEntry
from kausa.core.net import client_address
from kausa.core.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def request_from(address="203.0.113.7", forwarded=None, user=None):
    extra = {"REMOTE_ADDR": address}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().post("/login/", **extra)
    if user is not None:
        request.user = user
    return request


def all_values(entry):
    return " ".join(str(getattr(entry, f.attname)) for f in AuditEntry._meta.concrete_fields)


def test_successful_login(counsellor_a):
    entry = record_login(request_from(), counsellor_a, success=True)
    assert entry.action == "core.login.succeeded"
    assert entry.actor == counsellor_a
    assert (entry.object_type, entry.object_id) == ("core.user", str(counsellor_a.pk))
    assert entry.organisation_id == counsellor_a.organisation_id
    assert entry.office_id == counsellor_a.office_id
    assert entry.client_address == "203.0.113.7"
    assert entry.at.utcoffset().total_seconds() == 0  # stored and read back in UTC


def test_failed_login_of_an_existing_account_names_the_account_only(counsellor_a):
    entry = record_login_failure(request_from(), counsellor_a.username)
    assert entry.action == "core.login.failed"
    assert entry.actor is None
    assert entry.object_id == str(counsellor_a.pk)
    assert counsellor_a.username not in all_values(entry)


def test_failed_login_of_an_unknown_name_stores_a_keyed_hash_only():
    typed = "Zqxmarker-maybe-a-password"
    entry = record_login_failure(request_from(), typed)
    assert entry.object_type == "core.login_name"
    assert entry.object_id == login_name_fingerprint(typed)
    assert "Zqxmarker" not in all_values(entry)
    # The same typed name gives the same fingerprint, so repeated attempts show up.
    assert record_login_failure(request_from(), f" {typed.upper()} ").object_id == entry.object_id


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.1", "203.0.113.7"),  # no proxy: the header is ignored
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # a forged entry on the left is ignored
        (2, "6.6.6.6, 198.51.100.1, 10.0.0.2", "198.51.100.1"),
        (2, "198.51.100.1", "203.0.113.7"),  # fewer entries than proxies: the connection
        (1, "not-an-address", None),
    ],
)
def test_client_address_behind_trusted_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_address(request_from(forwarded=forwarded)) == expected


def test_a_refused_request_is_audited(client, reader_a):
    person = PersonFactory(office=reader_a.office)
    client.force_login(reader_a)
    response = client.post(reverse("people:edit", args=[person.pk]), REMOTE_ADDR="192.0.2.5")
    assert response.status_code == 403
    entry = AuditEntry.objects.get(action="core.permission.denied")
    assert entry.actor == reader_a
    assert (entry.object_type, entry.object_id) == ("core.route", "people:edit")
    assert entry.client_address == "192.0.2.5"
    assert entry.organisation_id == reader_a.organisation_id


def test_an_anonymous_refusal_is_logged_not_audited(caplog):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("set_language"), {"language": "en"})
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="core.permission.denied").exists()
    assert "core.permission.denied" in caplog.text


def test_writes_through_views_carry_the_client_address(client, counsellor_a):
    person = PersonFactory(office=counsellor_a.office)
    client.force_login(counsellor_a)
    client.post(reverse("people:archive", args=[person.pk]), REMOTE_ADDR="192.0.2.9", secure=True)
    entry = AuditEntry.objects.get(action="people.person.archived")
    assert entry.client_address == "192.0.2.9"


def test_record_download(counsellor_a):
    person = PersonFactory(office=counsellor_a.office)
    entry = record_download(
        request_from(user=counsellor_a),
        obj=person,
        action="people.person.exported",
        office=person.office,
    )
    assert (entry.actor, entry.object_id) == (counsellor_a, str(person.pk))
    assert entry.client_address == "203.0.113.7"
