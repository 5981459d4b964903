"""Session limits: idle and absolute timeout, deactivated accounts, password changes."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from kausa.accounts import sessions
from kausa.accounts.tests.helpers import post_password, reauthenticate, signed_in

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("workbench:dashboard")


def shift(client, key, seconds):
    """Move a session timestamp into the past."""
    session = client.session
    session[key] -= seconds
    session.save()


def test_idle_timeout_ends_the_session(client, counsellor_a):
    post_password(client, "berater.a")
    assert client.get(DASHBOARD).status_code == 200
    shift(client, sessions.LAST_SEEN_AT, 30 * 60 + 1)

    response = client.get(DASHBOARD)

    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not signed_in(client)
    page = client.get(response["Location"])
    assert "Ihre Sitzung ist abgelaufen" in page.text


def test_activity_keeps_the_session_alive(client, counsellor_a):
    post_password(client, "berater.a")
    shift(client, sessions.LAST_SEEN_AT, 29 * 60)
    assert client.get(DASHBOARD).status_code == 200
    # The request counted as activity: the idle clock starts again.
    assert sessions.now() - client.session[sessions.LAST_SEEN_AT] < 5
    shift(client, sessions.LAST_SEEN_AT, 29 * 60)
    assert client.get(DASHBOARD).status_code == 200


def test_absolute_timeout_ends_even_an_active_session(client, counsellor_a):
    post_password(client, "berater.a")
    shift(client, sessions.SIGNED_IN_AT, 10 * 60 * 60 + 1)
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and not signed_in(client)


def test_timeouts_are_settings(client, counsellor_a, settings):
    settings.SESSION_IDLE_TIMEOUT = 60
    client.force_login(counsellor_a)
    assert client.get(DASHBOARD).status_code == 200
    shift(client, sessions.LAST_SEEN_AT, 61)
    assert client.get(DASHBOARD).status_code == 302


def test_deactivating_an_account_ends_its_sessions(client, counsellor_a):
    post_password(client, "berater.a")
    session_key = client.session.session_key
    assert client.get(DASHBOARD).status_code == 200

    counsellor_a.is_active = False
    counsellor_a.save(update_fields=["is_active"])
    response = client.get(DASHBOARD)

    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not Session.objects.filter(session_key=session_key).exists()
    assert not signed_in(client)
    # Signing in again is refused too.
    assert post_password(client, "berater.a").status_code == 200


def test_changing_the_password_ends_other_sessions(client, counsellor_a):
    other = Client()
    other.force_login(counsellor_a)
    assert other.get(DASHBOARD).status_code == 200
    post_password(client, "berater.a")

    response = client.post(
        reverse("accounts:password"),
        {
            "new_password1": "Neue Passphrase für Magdeburg",
            "new_password2": "Neue Passphrase für Magdeburg",
        },
    )

    assert response.status_code == 302
    assert client.get(DASHBOARD).status_code == 200  # this session goes on
    assert other.get(DASHBOARD).status_code == 302  # the other one ended


def test_reauthentication_expires(client, counsellor_a):
    client.force_login(counsellor_a)
    reauthenticate(client)
    assert client.get(reverse("accounts:email")).status_code == 200
    shift(client, sessions.REAUTHENTICATED_AT, 5 * 60 + 1)
    response = client.get(reverse("accounts:email"))
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:reauth")
    )
