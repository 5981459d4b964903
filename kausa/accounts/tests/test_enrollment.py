"""Setting up the authenticator, and MFA_REQUIRED sending users there until they have."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from kausa.accounts import mfa
from kausa.accounts.tests.helpers import (
    code_for,
    enroll,
    post_code,
    post_password,
    reauthenticate,
    signed_in,
)
from kausa.core.models import AuditEntry

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("workbench:dashboard")
SETUP = reverse("accounts:mfa_setup")


def test_enrollment_shows_a_qr_code_and_the_key_without_inline_code(client, counsellor_a):
    client.force_login(counsellor_a)
    reauthenticate(client)

    response = client.get(SETUP)

    body = response.text
    assert response.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in body
    device = TOTPDevice.objects.get(user=counsellor_a, confirmed=False)
    assert response.context["secret"].replace(" ", "") in body.replace(" ", "")
    # Our CSP forbids inline scripts and styles.
    assert "style=" not in body and "<style" not in body
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", body))
    # Reloading keeps the same secret, so a half-finished setup in the app stays valid.
    client.get(SETUP)
    assert TOTPDevice.objects.get(user=counsellor_a, confirmed=False).key == device.key


def test_enrollment_confirms_with_a_code_and_shows_recovery_codes_once(client, counsellor_a):
    client.force_login(counsellor_a)
    reauthenticate(client)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=counsellor_a)

    wrong = client.post(SETUP, {"code": f"{(int(code_for(device)) + 1) % 1_000_000:06d}"})
    assert wrong.status_code == 200
    assert "Der Code ist ungültig" in wrong.text
    assert not mfa.has_second_factor(counsellor_a)

    response = client.post(SETUP, {"code": code_for(device)})

    assert response.status_code == 200
    assert len(response.context["codes"]) == 10
    assert "Wiederherstellungscodes" in response.text
    assert mfa.has_second_factor(counsellor_a)
    assert mfa.recovery_codes_left(counsellor_a) == 10
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id  # verified now
    assert AuditEntry.objects.filter(action="accounts.mfa.enabled", actor=counsellor_a).exists()
    # The setup page does not show a secret again once a device is confirmed.
    again = client.get(SETUP)
    assert again.status_code == 302 and again["Location"] == reverse("accounts:overview")


def test_required_mfa_sends_users_without_it_to_the_setup(client, counsellor_a, mfa_required):
    response = post_password(client, "berater.a")
    assert response["Location"] == DASHBOARD
    # The sign-in just confirmed the password, so the setup page opens directly.
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and response["Location"] == SETUP
    for url in ("/staff/people/", reverse("accounts:overview"), "/staff/admin/"):
        assert client.get(url)["Location"] == SETUP, url
    assert client.get(SETUP).status_code == 200

    device = TOTPDevice.objects.get(user=counsellor_a)
    client.post(SETUP, {"code": code_for(device)})
    assert client.get(DASHBOARD).status_code == 200


def test_setup_pages_stay_reachable_while_mfa_is_missing(client, counsellor_a, mfa_required):
    client.force_login(counsellor_a)
    response = client.get(SETUP)
    assert response["Location"].startswith(reverse("accounts:reauth"))
    assert client.get(response["Location"]).status_code == 200
    assert client.get(reverse("healthz")).status_code in {200, 503}
    assert client.post(reverse("set_language"), {"language": "de", "next": "/"}).status_code == 302
    assert client.post(reverse("logout")).status_code == 302
    assert not signed_in(client)


def test_required_mfa_does_not_apply_when_switched_off(client, counsellor_a, settings):
    settings.MFA_REQUIRED = False
    client.force_login(counsellor_a)
    assert client.get(DASHBOARD).status_code == 200


def test_session_without_the_second_step_starts_anew(client, counsellor_a, mfa_required):
    # E.g. signed in with the password before MFA became required.
    enroll(counsellor_a)
    client.force_login(counsellor_a)

    response = client.get(DASHBOARD)

    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not signed_in(client)


def test_enrolled_user_signs_in_with_both_steps_when_required(client, counsellor_a, mfa_required):
    device, _codes = enroll(counsellor_a)
    post_password(client, "berater.a")
    post_code(client, code_for(device))
    assert client.get(DASHBOARD).status_code == 200
    assert client.get(reverse("accounts:overview")).status_code == 200
