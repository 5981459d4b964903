"""Helpers for the sign-in tests: enrolled users, codes from the device key, logins."""

from __future__ import annotations

from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from kausa.accounts import mfa

PASSWORD = "correct horse battery staple"


def enroll(user) -> tuple[TOTPDevice, list[str]]:
    """A confirmed authenticator and ten recovery codes for `user`."""
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return device, mfa.recovery_codes_regenerate(user=user)


def code_for(device: TOTPDevice, steps: int = 0) -> str:
    """The code the app shows now (or `steps` time steps later)."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=steps)
    return f"{value:0{device.digits}d}"


def post_password(client, username, password=PASSWORD, address="10.0.0.1", **extra):
    return client.post(
        reverse("login") + extra.pop("query", ""),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


def post_code(client, code, address="10.0.0.1"):
    return client.post(reverse("accounts:verify"), {"code": code}, REMOTE_ADDR=address)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def reauthenticate(client, password=PASSWORD):
    response = client.post(reverse("accounts:reauth"), {"password": password})
    assert response.status_code == 302, response
    return response
