"""API tokens on "Mein Konto": created only after the second factor, shown once, stored
hashed, revoked at once, and never more than the owner's rights."""

from __future__ import annotations

import logging
import re
import time

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from kausa.accounts.sessions import REAUTHENTICATED_AT
from kausa.accounts.tests.helpers import enroll
from kausa.api import services
from kausa.api.models import ApiToken, TokenScope
from kausa.api.tokens import hash_secret
from kausa.core.access import WriteDenied
from kausa.core.models import AuditEntry

pytestmark = pytest.mark.django_db

SECRET = re.compile(r"kausa_[A-Za-z0-9_-]{40}")
CREATE = "/staff/account/tokens/new/"


def signed_in(client, user, *, second_factor=True, reauthenticated=True):
    client.force_login(user)
    session = client.session
    if second_factor:
        device, _codes = enroll(user)
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    if reauthenticated:
        session[REAUTHENTICATED_AT] = int(time.time())
    session.save()
    return client


def templates(response) -> set[str]:
    return {template.name for template in response.templates}


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_the_secret_is_shown_once_and_only_its_hash_is_stored(client, counsellor_a, caplog):
    signed_in(client, counsellor_a)
    caplog.set_level(logging.DEBUG)

    response = client.post(CREATE, {"name": "Berichtstabelle", "scope": "write", "valid_days": 30})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    (secret,) = SECRET.findall(response.text)
    token = ApiToken.objects.get()
    assert token.secret_hash == hash_secret(secret) and secret not in token.secret_hash
    assert secret.startswith(token.prefix) and len(token.prefix) < len(secret) // 2
    assert token.scope == TokenScope.WRITE and token.user == counsellor_a
    stored = [str(value) for value in ApiToken.objects.values_list(flat=True)]
    assert not any(secret in value for value in stored)
    assert secret not in caplog.text and secret not in str(client.session.items())
    audit = AuditEntry.objects.get(action="api.token.created")
    assert audit.object_id == str(token.pk) and audit.actor == counsellor_a
    listing = client.get(reverse("accounts:api_tokens"))
    assert secret not in listing.text and token.prefix in listing.text
    assert "Berichtstabelle" in listing.text
    assert client.get("/api/v1/people/", **bearer(secret)).status_code == 200


def test_creating_a_token_needs_the_second_factor_and_a_confirmed_password(client, counsellor_a):
    signed_in(client, counsellor_a, second_factor=False)
    assert client.get(CREATE).status_code == 403
    response = client.post(CREATE, {"name": "x", "scope": "read", "valid_days": 30})
    assert response.status_code == 403
    assert templates(response) >= {"accounts/api_token_mfa_needed.html"}
    assert not ApiToken.objects.exists()
    assert CREATE not in client.get(reverse("accounts:api_tokens")).text

    client.logout()
    signed_in(client, counsellor_a, reauthenticated=False)
    response = client.post(CREATE, {"name": "x", "scope": "read", "valid_days": 30})
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:reauth")
    )
    assert not ApiToken.objects.exists()


def test_revoking_works_immediately_and_is_audited(client, counsellor_a):
    token, secret = services.api_token_create(
        actor=counsellor_a, name="Tabelle", scope="read", valid_days=10
    )
    assert client.get("/api/v1/people/", **bearer(secret)).status_code == 200
    signed_in(client, counsellor_a, second_factor=False, reauthenticated=False)
    revoke = reverse("accounts:api_token_revoke", args=[token.pk])
    confirmation = client.get(revoke)
    assert templates(confirmation) >= {"accounts/api_token_revoke.html"}
    assert 'method="post"' in confirmation.text
    assert client.get("/api/v1/people/", **bearer(secret)).status_code == 200

    response = client.post(revoke)

    assert response.status_code == 302
    assert client.get("/api/v1/people/", **bearer(secret)).status_code == 401
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEntry.objects.filter(action="api.token.revoked").count() == 1
    client.post(revoke)  # revoking again changes nothing
    assert AuditEntry.objects.filter(action="api.token.revoked").count() == 1


def test_a_read_only_colleague_can_create_read_tokens_only(client, reader_a):
    signed_in(client, reader_a)
    form = client.get(CREATE).text
    assert 'value="read"' in form and 'value="write"' not in form
    response = client.post(CREATE, {"name": "x", "scope": "write", "valid_days": 30})
    assert response.status_code == 200 and "scope" in response.context["form"].errors
    assert not ApiToken.objects.exists()
    with pytest.raises(WriteDenied):
        services.api_token_create(actor=reader_a, name="x", scope="write", valid_days=30)
    response = client.post(CREATE, {"name": "Lesen", "scope": "read", "valid_days": 30})
    assert response.status_code == 200
    assert ApiToken.objects.get().scope == TokenScope.READ


def test_the_lifetime_is_limited(client, counsellor_a, settings):
    settings.API_TOKEN_MAX_DAYS = 365
    signed_in(client, counsellor_a)
    response = client.post(CREATE, {"name": "x", "scope": "read", "valid_days": 366})
    assert response.status_code == 200 and "valid_days" in response.context["form"].errors
    response = client.post(CREATE, {"name": "x", "scope": "read", "valid_days": "viele"})
    assert response.status_code == 200 and "valid_days" in response.context["form"].errors
    assert not ApiToken.objects.exists()
    assert 'value="90"' in client.get(CREATE).text  # the default


def test_another_users_token_cannot_be_revoked(client, counsellor_a, counsellor_b):
    token, secret = services.api_token_create(
        actor=counsellor_b, name="Fremd", scope="read", valid_days=10
    )
    signed_in(client, counsellor_a)
    revoke = reverse("accounts:api_token_revoke", args=[token.pk])
    assert client.get(revoke).status_code == 404
    assert client.post(revoke).status_code == 404
    assert "Fremd" not in client.get(reverse("accounts:api_tokens")).text
    with pytest.raises(WriteDenied):
        services.api_token_revoke(actor=counsellor_a, token=token)
    assert client.get("/api/v1/people/", **bearer(secret)).status_code == 200


def test_a_deactivated_users_tokens_stop_working(client, counsellor_a):
    _token, secret = services.api_token_create(
        actor=counsellor_a, name="Tabelle", scope="write", valid_days=10
    )
    assert client.get("/api/v1/people/", **bearer(secret)).status_code == 200
    counsellor_a.is_active = False
    counsellor_a.save()
    assert client.get("/api/v1/people/", **bearer(secret)).status_code == 401


def test_token_names_are_escaped(client, counsellor_a):
    services.api_token_create(
        actor=counsellor_a, name="<script>alert(1)</script>", scope="read", valid_days=10
    )
    signed_in(client, counsellor_a)
    page = client.get(reverse("accounts:api_tokens")).text
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
