"""The second factor: an authenticator app (TOTP) and one-time recovery codes (django-otp).

Each user has at most one confirmed TOTP device and one recovery-code device. Codes are
checked against a specific device, so replay protection (TOTP `last_t`, deleted static
tokens) and django-otp's throttling apply.
"""

from __future__ import annotations

import base64
import io
import re
from binascii import unhexlify

import segno
from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kausa.accounts import audit_actions
from kausa.core.audit import audit_log
from kausa.core.models import User

RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "recovery"
TOTP_DEVICE_NAME = "authenticator"
TOTP_CODE = re.compile(r"^\d{6}$")


def confirmed_totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_second_factor(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def recovery_codes_left(user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


def normalize_code(raw: str) -> str:
    """Codes may be typed with spaces or dashes ("123 456", "abcd-efgh") and in capitals."""
    return re.sub(r"[\s-]+", "", raw).lower()


def device_for_code(user: User, code: str) -> Device | None:
    """Six digits are an authenticator code, anything else a recovery code."""
    if TOTP_CODE.match(code):
        return confirmed_totp_device(user)
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def verify_code(user: User, code: str) -> Device | None:
    """The device that accepts `code` (consuming it), or None. Locks the device row, so two
    requests cannot both use the same code."""
    with transaction.atomic():
        device = device_for_code(user, code)
        if device is None:
            return None
        device = type(device).objects.select_for_update().get(pk=device.pk)
        return device if device.verify_token(code) else None


def is_throttled(device: Device | None) -> bool:
    """django-otp waits longer after each wrong code for a device."""
    if device is None or not hasattr(device, "verify_is_allowed"):
        return False
    allowed, _details = device.verify_is_allowed()
    return not allowed


def pending_totp_device(user: User) -> TOTPDevice:
    """The unconfirmed device of an enrollment in progress, kept across page reloads."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def secret_for_display(device: TOTPDevice) -> str:
    """The key in Base32, in groups of four, for typing into an app by hand."""
    secret = base64.b32encode(unhexlify(device.key)).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The setup link as an SVG QR code in a data: URI (allowed by our CSP for images)."""
    buffer = io.BytesIO()
    # A viewBox instead of a fixed size, so the <img> scales it; white behind it for dark themes.
    segno.make(device.config_url, error="m").save(
        buffer, kind="svg", xmldecl=False, omitsize=True, light="#fff"
    )
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@transaction.atomic
def totp_device_confirm(*, user: User, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm an enrollment with a code from the app; returns new recovery codes, or None
    when the code is wrong. Other authenticator devices of the user are removed."""
    locked = TOTPDevice.objects.select_for_update().filter(pk=device.pk, user=user, confirmed=False)
    device = locked.first()  # None if a parallel request confirmed it a moment ago
    if device is None or not device.verify_token(code):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _recovery_codes_replace(user)
    audit_log(actor=user, action=audit_actions.MFA_ENABLED, obj=user, changed_fields=["mfa"])
    return codes


@transaction.atomic
def recovery_codes_regenerate(*, user: User) -> list[str]:
    """New recovery codes; the old ones stop working."""
    codes = _recovery_codes_replace(user)
    audit_log(
        actor=user,
        action=audit_actions.RECOVERY_CODES_REGENERATED,
        obj=user,
        changed_fields=["recovery_codes"],
    )
    return codes


@transaction.atomic
def mfa_reset(*, user: User) -> None:
    """Remove the authenticator and the recovery codes, e.g. after a lost phone."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_log(actor=user, action=audit_actions.MFA_RESET, obj=user, changed_fields=["mfa"])


def _recovery_codes_replace(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def format_recovery_code(code: str) -> str:
    """Shown as "abcd-efgh"; the dash is ignored when the code is typed in."""
    return f"{code[:4]}-{code[4:]}"
