"""Sign-in with password and second factor: TOTP, recovery codes, replays, the audit trail."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from kausa.accounts import mfa
from kausa.accounts.tests.helpers import code_for, enroll, post_code, post_password, signed_in
from kausa.accounts.views_login import PENDING_SINCE
from kausa.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_password_only_user_signs_in_with_a_new_session_key(client, counsellor_a):
    session = client.session
    session["before"] = "login"
    session.save()
    old_key = session.session_key

    response = post_password(client, "berater.a")

    assert response.status_code == 302 and response["Location"] == reverse("workbench:dashboard")
    assert signed_in(client)
    assert client.session.session_key != old_key
    assert client.get(reverse("workbench:dashboard")).status_code == 200


def test_wrong_password_is_refused_in_german_and_audited(client, counsellor_a):
    response = post_password(client, "berater.a", password="not the password at all")

    assert response.status_code == 200
    assert "Bitte Benutzername und Passwort eingeben" in response.text
    assert not signed_in(client)
    entry = AuditEntry.objects.get(action="core.login.failed")
    assert entry.object_id == str(counsellor_a.pk) and entry.actor is None


def test_password_then_authenticator_code(client, counsellor_a):
    device, _codes = enroll(counsellor_a)
    session_key = client.session.session_key

    response = post_password(client, "berater.a")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:verify")
    assert not signed_in(client)  # the password alone is not enough
    assert client.get(reverse("workbench:dashboard")).status_code == 302
    page = client.get(reverse("accounts:verify"))
    assert "Authenticator-App" in page.text

    response = post_code(client, code_for(device))

    assert response.status_code == 302 and response["Location"] == reverse("workbench:dashboard")
    assert signed_in(client)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.session.session_key != session_key
    assert client.get(reverse("workbench:dashboard")).status_code == 200
    assert AuditEntry.objects.filter(
        action="core.login.succeeded", actor=counsellor_a, object_id=str(counsellor_a.pk)
    ).exists()


def test_codes_with_spaces_and_the_next_page_are_kept(client, counsellor_a):
    device, _codes = enroll(counsellor_a)
    post_password(client, "berater.a", query="?next=/staff/people/")
    code = code_for(device)
    response = post_code(client, f"{code[:3]} {code[3:]}")
    assert response.status_code == 302 and response["Location"] == "/staff/people/"


def test_the_same_authenticator_code_cannot_be_used_twice(client, counsellor_a):
    device, _codes = enroll(counsellor_a)
    code = code_for(device)
    post_password(client, "berater.a")
    assert post_code(client, code).status_code == 302
    client.post(reverse("logout"))

    post_password(client, "berater.a")
    response = post_code(client, code)

    assert response.status_code == 200
    assert "ungültig oder wurde bereits verwendet" in response.text
    assert not signed_in(client)
    # An earlier code (inside the tolerance window) is refused too: last_t only moves forward.
    assert post_code(client, code_for(device, steps=-1)).status_code == 200
    assert not signed_in(client)
    # The next time step's code is accepted.
    assert post_code(client, code_for(device, steps=1)).status_code == 302


def test_wrong_code_is_refused_counted_and_audited(client, counsellor_a):
    device, _codes = enroll(counsellor_a)
    post_password(client, "berater.a")
    wrong = f"{(int(code_for(device)) + 500_000) % 1_000_000:06d}"

    response = post_code(client, wrong)

    assert response.status_code == 200
    assert "ungültig" in response.text
    assert not signed_in(client)
    assert AuditEntry.objects.filter(action="core.login.failed").count() == 1
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.get(username="berater.a").failures_since_start == 1


def test_a_recovery_code_works_once(client, counsellor_a):
    _device, codes = enroll(counsellor_a)
    typed = mfa.format_recovery_code(codes[3]).upper()  # "ABCD-EFGH" as printed, in capitals

    post_password(client, "berater.a")
    assert post_code(client, typed).status_code == 302
    assert signed_in(client)
    assert mfa.recovery_codes_left(counsellor_a) == 9
    client.post(reverse("logout"))

    post_password(client, "berater.a")
    response = post_code(client, typed)
    assert response.status_code == 200
    assert not signed_in(client)
    assert post_code(client, codes[4]).status_code == 302


def test_second_step_needs_the_password_step_first(client, counsellor_a):
    enroll(counsellor_a)
    response = client.get(reverse("accounts:verify"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert post_code(client, "123456").status_code == 302
    assert not signed_in(client)


def test_second_step_expires_after_five_minutes(client, counsellor_a):
    device, _codes = enroll(counsellor_a)
    post_password(client, "berater.a")
    session = client.session
    session[PENDING_SINCE] -= 5 * 60 + 1
    session.save()

    response = post_code(client, code_for(device))

    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert not signed_in(client)


def test_device_backoff_after_wrong_codes(client, counsellor_a, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device, _codes = enroll(counsellor_a)
    post_password(client, "berater.a")
    post_code(client, f"{(int(code_for(device)) + 1) % 1_000_000:06d}")

    response = post_code(client, code_for(device))

    assert response.status_code == 200
    assert "Zu viele falsche Codes" in response.text
    assert not signed_in(client)


def test_logout_is_audited(client, counsellor_a):
    post_password(client, "berater.a")
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert not signed_in(client)
    assert AuditEntry.objects.filter(action="core.logout", actor=counsellor_a).exists()
