"""Friendly error pages and the incident log of server errors (no data in either)."""

from __future__ import annotations

import logging
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.urls import reverse

from kausa.core.errors import too_many_requests
from kausa.core.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lenient_client(client):
    """A client that gets the 500 page instead of the exception (as a browser would)."""
    client.raise_request_exception = False
    return client


def test_not_found_page(client):
    response = client.get("/no-such-page/", secure=True)
    assert response.status_code == 404
    assert next(t.name for t in response.templates) == "errors/404.html"
    assert response["X-Request-ID"] in response.content.decode()
    assert "Content-Security-Policy" in response


def test_permission_denied_page(client, reader_a):
    person = PersonFactory(office=reader_a.office)
    client.force_login(reader_a)
    response = client.get(reverse("people:edit", args=[person.pk]), secure=True)
    assert response.status_code == 403
    assert next(t.name for t in response.templates) == "errors/403.html"
    assert response["Cache-Control"] == "no-store"


def test_too_many_requests_page():
    response = too_many_requests(RequestFactory().get("/login/"), retry_after=90)
    assert response.status_code == 429
    assert response["Retry-After"] == "90"
    assert "90" in response.content.decode()


def test_server_error_page_and_incident_log(lenient_client, counsellor_a, caplog):
    person = PersonFactory(office=counsellor_a.office)
    lenient_client.force_login(counsellor_a)
    caplog.set_level(logging.DEBUG)
    with mock.patch(
        "kausa.people.views.selectors.person_get_for_user",
        side_effect=ValueError("Zqxmarker Amira Haddad"),
    ):
        response = lenient_client.get(reverse("people:detail", args=[person.pk]), secure=True)
    assert response.status_code == 500
    assert next(t.name for t in response.templates) == "errors/500.html"
    request_id = response["X-Request-ID"]
    assert request_id in response.content.decode()
    assert "Content-Security-Policy" in response and response["Cache-Control"] == "no-store"
    incidents = [r for r in caplog.records if r.name == "kausa.incident"]
    assert len(incidents) == 1
    message = incidents[0].getMessage()
    assert message.startswith(f"incident {request_id}: ValueError in GET people:detail")
    assert "people/views.py" in message  # where it happened, as file:line:function
    assert "Zqxmarker" not in caplog.text  # neither the message nor a traceback
    assert all(record.exc_info is None for record in caplog.records)


def test_database_failure_gives_the_friendly_page(lenient_client, counsellor_a):
    lenient_client.force_login(counsellor_a)
    with mock.patch(
        "kausa.people.views.selectors.people_visible_to",
        side_effect=OperationalError("canceling statement due to statement timeout"),
    ):
        response = lenient_client.get(reverse("people:list"), secure=True)
    assert response.status_code == 500
    assert next(t.name for t in response.templates) == "errors/500.html"


def test_the_error_page_renders_without_the_database(client):
    """With the database gone, a 500 must not need the session or the user to render."""
    from kausa.core.errors import server_error

    request = RequestFactory().get("/staff/people/")
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError):
        response = server_error(request)
    assert response.status_code == 500


def test_anonymous_error_page_has_the_headers():
    response = Client().get("/staff/admin/kausa-no-such-page/", secure=True)
    assert response.status_code in {302, 404}
    assert "Content-Security-Policy" in response
