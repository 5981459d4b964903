"""Fixtures of the sign-in tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED = True


@pytest.fixture(autouse=True)
def _no_otp_backoff(settings):
    # django-otp waits 1, 2, 4 ... seconds after each wrong code; tests of wrong codes
    # followed by right ones switch that off unless they test it.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
