"""Login throttling: per (account, address), per address, behind proxies, and its page."""

from __future__ import annotations

import datetime

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from kausa.accounts.tests.helpers import code_for, enroll, post_code, post_password, signed_in
from kausa.core.models import AuditEntry
from kausa.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.7"
OFFICE = "198.51.100.20"


def fail(client, username, times, address=ATTACKER, **extra):
    for _ in range(times):
        post_password(client, username, password="wrong password guess", address=address, **extra)


def test_five_failures_lock_the_account_from_that_address_only(client, counsellor_a, settings):
    fail(client, "berater.a", 4, address=ATTACKER)
    response = post_password(client, "berater.a", password="still wrong", address=ATTACKER)
    assert response.status_code == 429  # the fifth failure locks the pair
    # Even the right password is refused now ...
    response = post_password(client, "berater.a", address=ATTACKER)
    assert response.status_code == 429
    assert not signed_in(client)
    # ... but the real user in the office signs in as usual.
    response = post_password(client, "berater.a", address=OFFICE)
    assert response.status_code == 302 and signed_in(client)


def test_lockout_page_is_german_and_friendly(client, counsellor_a):
    fail(client, "berater.a", 5)
    response = post_password(client, "berater.a", address=ATTACKER)
    body = response.text
    assert response.status_code == 429
    assert response["Retry-After"] == str(15 * 60)
    assert '<html lang="de"' in body
    assert "Zu viele fehlgeschlagene Versuche" in body and "15 Minuten" in body
    assert "berater.a" not in body  # the typed name is not echoed
    assert "Traceback" not in body


def test_locked_attempts_are_not_checked_or_audited(client, counsellor_a):
    fail(client, "berater.a", 5)
    entries = AuditEntry.objects.count()
    for _ in range(3):
        response = post_password(client, "berater.a", password="guess", address=ATTACKER)
        assert response.status_code == 429
    assert AuditEntry.objects.count() == entries
    assert AccessAttempt.objects.get(username="berater.a").failures_since_start == 5


def test_many_usernames_from_one_address_lock_the_address(client, counsellor_a, settings):
    for number in range(settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS):
        post_password(client, f"guess{number}", password="wrong", address=ATTACKER)
    # No single name reached five failures, but the address is locked for every name.
    assert post_password(client, "berater.a", address=ATTACKER).status_code == 429
    assert post_password(client, "berater.a", address=OFFICE).status_code == 302


def test_below_the_address_limit_other_accounts_still_work(client, counsellor_a, settings):
    for number in range(settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS - 1):
        post_password(client, f"guess{number}", password="wrong", address=ATTACKER)
    assert post_password(client, "berater.a", address=ATTACKER).status_code == 302


def test_the_lock_ends_after_the_cool_off(client, counsellor_a):
    fail(client, "berater.a", 5)
    assert post_password(client, "berater.a", address=ATTACKER).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - datetime.timedelta(minutes=16)
    )
    assert post_password(client, "berater.a", address=ATTACKER).status_code == 302


def test_forwarded_for_is_ignored_without_trusted_proxies(client, counsellor_a, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for number in range(5):
        fail(client, "berater.a", 1, address=OFFICE, HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    # The forged header did not spread the failures over five addresses.
    response = post_password(client, "berater.a", address=OFFICE, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {OFFICE}


def test_forwarded_for_is_honoured_behind_one_trusted_proxy(client, counsellor_a, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    # The client sends its own X-Forwarded-For; the proxy appends the real address.
    fail(client, "berater.a", 5, address=proxy, HTTP_X_FORWARDED_FOR=f"192.0.2.1, {ATTACKER}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}

    locked = post_password(client, "berater.a", address=proxy, HTTP_X_FORWARDED_FOR=ATTACKER)
    assert locked.status_code == 429
    # Another client behind the same proxy is not affected.
    response = post_password(client, "berater.a", address=proxy, HTTP_X_FORWARDED_FOR=OFFICE)
    assert response.status_code == 302


def test_guessing_authenticator_codes_locks_out_too(client, counsellor_a):
    device, _codes = enroll(counsellor_a)
    post_password(client, "berater.a", address=ATTACKER)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    for _ in range(4):
        assert post_code(client, wrong, address=ATTACKER).status_code == 200
    assert post_code(client, wrong, address=ATTACKER).status_code == 429
    # Locked: not even the right code is checked now, and the password step starts over.
    assert post_code(client, code_for(device), address=ATTACKER).status_code == 429
    assert post_code(client, code_for(device), address=ATTACKER).status_code == 302
    assert not signed_in(client)


def test_reauthentication_is_throttled(client, counsellor_a):
    client.force_login(counsellor_a)
    for _ in range(4):
        response = client.post(reverse("accounts:reauth"), {"password": "wrong"})
        assert response.status_code == 200
    assert client.post(reverse("accounts:reauth"), {"password": "wrong"}).status_code == 429
    assert (
        client.post(
            reverse("accounts:reauth"), {"password": "correct horse battery staple"}
        ).status_code
        == 429
    )


def test_logins_without_a_request_are_not_blocked(db):
    # Management commands and the test client's login() call authenticate() without one.
    from django.contrib.auth import authenticate

    user = UserFactory(username="ohne.anfrage")
    assert authenticate(username="ohne.anfrage", password="correct horse battery staple") == user
