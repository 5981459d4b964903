"""My account: each change needs a fresh password confirmation, bad input changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kausa.accounts import mfa
from kausa.accounts.tests.helpers import PASSWORD, enroll, reauthenticate
from kausa.core.models import AuditEntry

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Grüße aus Dessau-Roßlau 🌳"


@pytest.fixture
def signed_in_client(client, counsellor_a):
    client.force_login(counsellor_a)
    return client


def test_account_page_is_linked_and_shows_the_state(signed_in_client, counsellor_a):
    body = signed_in_client.get(reverse("workbench:dashboard")).text
    assert f'href="{reverse("accounts:overview")}"' in body and "Mein Konto" in body
    page = signed_in_client.get(reverse("accounts:overview")).text
    assert "berater.a" in page and "Aus" in page
    enroll(counsellor_a)
    page = signed_in_client.get(reverse("accounts:overview")).text
    assert "10 Wiederherstellungscodes übrig" in page


def test_account_pages_need_a_login(client):
    response = client.get(reverse("accounts:overview"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("accounts:password", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}),
        ("accounts:email", {"email": "neu@kausa.example"}),
        ("accounts:mfa_setup", {"code": "123456"}),
        ("accounts:mfa_reset", {}),
        ("accounts:recovery_codes", {}),
    ],
)
def test_changes_need_the_password_confirmed_first(signed_in_client, counsellor_a, name, data):
    if name in {"accounts:mfa_reset", "accounts:recovery_codes"}:
        enroll(counsellor_a)
    before = (counsellor_a.password, counsellor_a.email, TOTPDevice.objects.count())
    tokens = set(StaticToken.objects.values_list("token", flat=True))

    response = signed_in_client.post(reverse(name), data)

    assert response.status_code == 302
    assert (
        response["Location"]
        == f"{reverse('accounts:reauth')}?next={reverse(name).replace('/', '%2F')}"
    )
    counsellor_a.refresh_from_db()
    assert (counsellor_a.password, counsellor_a.email, TOTPDevice.objects.count()) == before
    assert set(StaticToken.objects.values_list("token", flat=True)) == tokens


def test_wrong_password_confirmation_is_refused_in_german(signed_in_client):
    response = signed_in_client.post(
        reverse("accounts:reauth") + "?next=/account/email/", {"password": "falsch"}
    )
    assert response.status_code == 200
    assert "Das Passwort ist nicht korrekt" in response.text
    assert signed_in_client.get(reverse("accounts:email")).status_code == 302


def test_confirmation_goes_back_to_the_page_and_not_elsewhere(signed_in_client):
    response = signed_in_client.post(
        reverse("accounts:reauth"), {"password": PASSWORD, "next": "/staff/account/email/"}
    )
    assert response["Location"] == "/staff/account/email/"
    response = signed_in_client.post(
        reverse("accounts:reauth"), {"password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("accounts:overview")


def test_password_change(signed_in_client, counsellor_a):
    reauthenticate(signed_in_client)
    response = signed_in_client.post(
        reverse("accounts:password"), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    counsellor_a.refresh_from_db()
    assert counsellor_a.check_password(NEW_PASSWORD)
    entry = AuditEntry.objects.get(action="accounts.password.changed")
    assert entry.actor == counsellor_a and entry.changed_fields == ["password"]
    assert NEW_PASSWORD not in str(entry.changed_fields)


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("Passwort2024!", "gängiges Passwort"),
        ("kurz", "Dieses Passwort ist zu kurz"),
        ("x" * 4097, "Dieses Passwort ist zu lang"),
    ],
)
def test_weak_new_password_is_refused_in_german(signed_in_client, counsellor_a, new, message):
    reauthenticate(signed_in_client)
    old_hash = counsellor_a.password
    response = signed_in_client.post(
        reverse("accounts:password"), {"new_password1": new, "new_password2": new}
    )
    assert response.status_code == 200
    assert message in response.text
    counsellor_a.refresh_from_db()
    assert counsellor_a.password == old_hash
    assert not AuditEntry.objects.filter(action="accounts.password.changed").exists()


def test_email_change(signed_in_client, counsellor_a):
    reauthenticate(signed_in_client)
    response = signed_in_client.post(reverse("accounts:email"), {"email": "neu@kausa.example"})
    assert response.status_code == 302
    counsellor_a.refresh_from_db()
    assert counsellor_a.email == "neu@kausa.example"
    entry = AuditEntry.objects.get(action="accounts.email.changed")
    assert entry.changed_fields == ["email"] and entry.object_id == str(counsellor_a.pk)


def test_invalid_email_is_refused_in_german(signed_in_client, counsellor_a):
    reauthenticate(signed_in_client)
    response = signed_in_client.post(reverse("accounts:email"), {"email": "keine adresse"})
    assert response.status_code == 200
    assert "Bitte gültige E-Mail-Adresse eingeben" in response.text
    counsellor_a.refresh_from_db()
    assert counsellor_a.email == ""
    assert not AuditEntry.objects.filter(action="accounts.email.changed").exists()


def test_mfa_reset_removes_the_second_factor(signed_in_client, counsellor_a):
    enroll(counsellor_a)
    reauthenticate(signed_in_client)
    assert signed_in_client.get(reverse("accounts:mfa_reset")).status_code == 200

    response = signed_in_client.post(reverse("accounts:mfa_reset"))

    assert response.status_code == 302
    assert not mfa.has_second_factor(counsellor_a)
    assert mfa.recovery_codes_left(counsellor_a) == 0
    assert AuditEntry.objects.filter(action="accounts.mfa.reset", actor=counsellor_a).exists()


def test_new_recovery_codes_replace_the_old_ones(signed_in_client, counsellor_a):
    _device, old_codes = enroll(counsellor_a)
    reauthenticate(signed_in_client)
    assert signed_in_client.get(reverse("accounts:recovery_codes")).status_code == 200

    response = signed_in_client.post(reverse("accounts:recovery_codes"))

    assert response.status_code == 200
    shown = [code.replace("-", "") for code in response.context["codes"]]
    assert len(shown) == 10 and not set(shown) & set(old_codes)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(shown)
    assert response["Cache-Control"] == "no-store"
    assert AuditEntry.objects.filter(action="accounts.recovery_codes.regenerated").exists()
