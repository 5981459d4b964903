"""Every error page forbids framing and caching, wherever in the stack the error arose."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory

from kausa.core import errors

pytestmark = pytest.mark.django_db


def assert_hardened(response, status: int) -> None:
    assert response.status_code == status
    assert response["X-Frame-Options"] == "DENY", status
    assert response["Cache-Control"] == "no-store", status


def test_a_bad_host_header_gets_the_hardened_400_page():
    # The Host check fails inside the middleware stack, below the clickjacking middleware.
    response = Client().get("/staff/people/", HTTP_HOST="evil.example", secure=True)
    assert_hardened(response, 400)
    assert next(t.name for t in response.templates) == "errors/400.html"
    assert "Content-Security-Policy" in response


def test_an_anonymous_404_is_hardened_too():
    assert_hardened(Client().get("/no-such-page/", secure=True), 404)


@pytest.mark.parametrize(
    ("view", "status"),
    [
        (errors.bad_request, 400),
        (errors.permission_denied, 403),
        (errors.csrf_failure, 403),
        (errors.page_not_found, 404),
        (errors.too_many_requests, 429),
        (errors.server_error, 500),
    ],
)
def test_every_error_view_sets_the_headers_itself(view, status):
    """Called directly, without any middleware: the view alone must set both headers."""
    request = RequestFactory().get("/staff/people/")
    response = view(request) if view is errors.server_error else view(request, None)
    assert_hardened(response, status)


def test_a_failed_csrf_check_gets_the_friendly_hardened_page(counsellor_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(counsellor_a)
    response = client.post("/staff/people/new/", {"first_name": "Amira"}, secure=True)
    assert_hardened(response, 403)
    assert next(t.name for t in response.templates) == "errors/403_csrf.html"
