"""Every route of the accounts app sends anonymous visitors to the login (a new route is
covered automatically), and the second step is the only one open before signing in."""

from __future__ import annotations

import pytest
from django.urls import URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db


def account_route_names() -> list[str]:
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.app_name == "accounts":
            return [f"accounts:{pattern.name}" for pattern in entry.url_patterns]
    raise AssertionError("accounts URLs are not included")


@pytest.mark.parametrize("name", account_route_names())
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_login(client, name, method):
    response = getattr(client, method)(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login")), name
