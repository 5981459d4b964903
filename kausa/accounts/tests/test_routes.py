"""Every route of the accounts app sends anonymous visitors to the login (a new route is
covered automatically), and the second step is the only one open before signing in."""

from __future__ import annotations

import pytest
from django.urls import URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db


def account_route_names() -> list[tuple[str, dict[str, int]]]:
    """Each route's name and, for routes with ids (a token), an id to fill in."""
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.app_name == "accounts":
            return [
                (f"accounts:{pattern.name}", dict.fromkeys(pattern.pattern.converters, 1))
                for pattern in entry.url_patterns
            ]
    raise AssertionError("accounts URLs are not included")


@pytest.mark.parametrize(("name", "kwargs"), account_route_names())
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_login(client, name, kwargs, method):
    response = getattr(client, method)(reverse(name, kwargs=kwargs))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login")), name
