"""Writes of portal accounts and company registrations. Each leaves an audit entry whose
object is the account or the registration (never an address).

Portal visitors act without a staff user (`actor=None` in the trail); the office's decisions
on a registration are made by a staff member, checked with `require_write`.
"""

from __future__ import annotations

import base64
import re
import secrets
from binascii import unhexlify
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote, urlencode

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_otp.oath import TOTP

from kausa.companies.models import Company
from kausa.companies.services import company_create
from kausa.core.access import WriteDenied, require_write
from kausa.core.audit import audit_log
from kausa.core.models import Organisation, User
from kausa.portal.accounts import audit_actions, mail
from kausa.portal.accounts.models import CompanyRegistration, PortalAccount, RegistrationStatus

TOTP_ISSUER = "KAUSA Portal"


class RegistrationDecided(Exception):
    """The registration was already confirmed or rejected (by a colleague a moment ago)."""


def _dummy_hash(raw: str) -> None:
    # The same work for known and unknown addresses: timing tells nothing either.
    make_password(raw)


def registration_submit(
    *, organisation: Organisation, data: dict[str, Any], language: str
) -> PortalAccount | None:
    """A company registers: a new unverified account, its registration and a confirmation
    mail; for an address that has an account already, only a mail to that address (a new
    confirmation link while it is unconfirmed). The caller shows the same page either way;
    returns the new account or None."""
    email = str(data["email"]).strip().lower()
    existing = PortalAccount.objects.filter(email__iexact=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                account = PortalAccount(
                    organisation=organisation,
                    email=email,
                    name=data["contact_name"],
                    language=language,
                )
                account.set_password(data["password"])
                account.save()
                CompanyRegistration.objects.create(
                    organisation=organisation,
                    account=account,
                    company_name=data["company_name"],
                    postal_code=data["postal_code"],
                    phone=data.get("phone", ""),
                )
                audit_log(actor=None, action=audit_actions.REGISTERED, obj=account)
        except IntegrityError:  # the same address registered a moment ago
            existing = PortalAccount.objects.filter(email__iexact=email).first()
        else:
            mail.send_verification(account)
            return account
    _dummy_hash(str(data["password"]))
    if existing is None or not existing.is_active:
        return None
    if existing.email_verified_at is None:
        mail.send_verification(existing)
    else:
        mail.send_already_registered(existing)
    return None


@transaction.atomic
def email_verify(account: PortalAccount) -> None:
    account.email_verified_at = timezone.now()
    account.save(update_fields=["email_verified_at"])
    audit_log(actor=None, action=audit_actions.VERIFIED, obj=account)


def authenticate(email: str, password: str) -> PortalAccount | None:
    """The active account with this address and password, else None (same work either way)."""
    account = PortalAccount.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if account is None:
        _dummy_hash(password)
        return None
    return account if account.check_password(password) else None


@transaction.atomic
def login_recorded(account: PortalAccount, *, success: bool) -> None:
    if success:
        account.last_login_at = timezone.now()
        account.save(update_fields=["last_login_at"])
    action = audit_actions.LOGIN if success else audit_actions.LOGIN_FAILED
    audit_log(actor=None, action=action, obj=account)


def logout_recorded(account: PortalAccount) -> None:
    audit_log(actor=None, action=audit_actions.LOGOUT, obj=account)


def reset_request(email: str) -> None:
    """Mail a reset link if an active account has this address; nothing tells whether."""
    account = PortalAccount.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if account is not None:
        mail.send_reset(account)


@transaction.atomic
def password_set(account: PortalAccount, raw: str) -> None:
    """A new password from a reset link; the link proved the address, too."""
    account.set_password(raw)
    fields = ["password"]
    if account.email_verified_at is None:
        account.email_verified_at = timezone.now()
        fields.append("email_verified_at")
    account.save(update_fields=fields)
    audit_log(actor=None, action=audit_actions.PASSWORD_RESET, obj=account)


# --- the authenticator app (TOTP) ---------------------------------------------------------


def _totp(secret_hex: str) -> TOTP:
    return TOTP(unhexlify(secret_hex), step=30, digits=6)


def totp_setup_secret(account: PortalAccount) -> str:
    """The key of an enabling in progress (made once, kept across reloads)."""
    if account.totp_enabled:
        raise ValueError("already enabled")
    # A key that is not ours (unreadable after a restore, say) is replaced, not trusted.
    if not re.fullmatch(r"[0-9a-f]{40}", str(account.totp_secret or "")):
        account.totp_secret = secrets.token_hex(20)
        account.save(update_fields=["totp_secret"])
    return str(account.totp_secret)


def totp_secret_text(secret_hex: str) -> str:
    """The key as the authenticator app takes it when typed: base32, without padding."""
    return base64.b32encode(unhexlify(secret_hex)).decode().rstrip("=")


def totp_config_url(account: PortalAccount, secret_hex: str) -> str:
    secret = totp_secret_text(secret_hex)
    label = quote(f"{TOTP_ISSUER}:{account.email}")
    query = urlencode({"secret": secret, "issuer": TOTP_ISSUER, "digits": 6, "period": 30})
    return f"otpauth://totp/{label}?{query}"


def _code_matches(account: PortalAccount, code: str) -> bool:
    """A six-digit code of the account's key, not used before (replay refused)."""
    code = code.strip().replace(" ", "")
    if not (len(code) == 6 and code.isdigit()) or not account.totp_secret:
        return False
    totp = _totp(account.totp_secret)
    if not totp.verify(int(code), tolerance=1, min_t=account.totp_last_step + 1):
        return False
    account.totp_last_step = totp.t()
    account.save(update_fields=["totp_last_step"])
    return True


@transaction.atomic
def totp_enable(account: PortalAccount, code: str) -> bool:
    account = PortalAccount.objects.select_for_update().get(pk=account.pk)
    if account.totp_enabled or not _code_matches(account, code):
        return False
    account.totp_enabled_at = timezone.now()
    account.save(update_fields=["totp_enabled_at"])
    audit_log(actor=None, action=audit_actions.TOTP_ENABLED, obj=account)
    return True


@transaction.atomic
def totp_check(account: PortalAccount, code: str) -> bool:
    """The second sign-in step: the code of the enabled authenticator."""
    account = PortalAccount.objects.select_for_update().get(pk=account.pk)
    return account.totp_enabled and _code_matches(account, code)


@transaction.atomic
def totp_disable(account: PortalAccount, code: str) -> bool:
    account = PortalAccount.objects.select_for_update().get(pk=account.pk)
    if not account.totp_enabled or not _code_matches(account, code):
        return False
    account.totp_secret = ""
    account.totp_enabled_at = None
    account.totp_last_step = 0
    account.save(update_fields=["totp_secret", "totp_enabled_at", "totp_last_step"])
    audit_log(actor=None, action=audit_actions.TOTP_DISABLED, obj=account)
    return True


# --- the office's decision ------------------------------------------------------------------


def _locked_pending(actor: User, registration: CompanyRegistration) -> CompanyRegistration:
    require_write(actor, registration)
    locked = CompanyRegistration.objects.select_for_update().get(pk=registration.pk)
    if locked.status != RegistrationStatus.PENDING:
        raise RegistrationDecided
    return locked


def _link(actor: User, registration: CompanyRegistration, company: Company) -> None:
    registration.status = RegistrationStatus.CONFIRMED
    registration.company = company
    registration.decided_by = actor
    registration.decided_at = timezone.now()
    registration.save(update_fields=["status", "company", "decided_by", "decided_at"])
    account = registration.account
    account.company = company
    account.save(update_fields=["company"])
    audit_log(actor=actor, action=audit_actions.CONFIRMED, obj=registration)


def registration_link(
    *, actor: User, registration: CompanyRegistration, company: Company
) -> CompanyRegistration:
    """Confirm: the account joins an existing company of the registry (no duplicate)."""
    with transaction.atomic():
        locked = _locked_pending(actor, registration)
        if company.organisation_id != locked.organisation_id or company.archived_at is not None:
            raise WriteDenied
        _link(actor, locked, company)
    mail.send_decision(locked)
    return locked


def registration_create_company(
    *,
    actor: User,
    registration: CompanyRegistration,
    data: dict[str, Any],
    languages: Sequence[str] = (),
) -> CompanyRegistration:
    """Confirm: a new company in the registry (companies.services), the account joins it."""
    with transaction.atomic():
        locked = _locked_pending(actor, registration)
        company = company_create(
            actor=actor, organisation=locked.organisation, data=data, languages=languages
        )
        _link(actor, locked, company)
    mail.send_decision(locked)
    return locked


def registration_reject(
    *, actor: User, registration: CompanyRegistration, reason: str
) -> CompanyRegistration:
    with transaction.atomic():
        locked = _locked_pending(actor, registration)
        locked.status = RegistrationStatus.REJECTED
        locked.reason = reason
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "reason", "decided_by", "decided_at"])
        audit_log(actor=actor, action=audit_actions.REJECTED, obj=locked)
    mail.send_decision(locked)
    return locked
