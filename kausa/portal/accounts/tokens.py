"""The signed links of portal accounts: confirm the email (3 days, once) and set a new
password (2 hours, once: the link is bound to the current password hash).

A link carries the account id and a keyed mark, never the address; `read_*` return the
account or an error code the view turns into a message.
"""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

from kausa.portal.accounts.models import PortalAccount

VERIFY_SALT = "kausa.portal.accounts.verify"
RESET_SALT = "kausa.portal.accounts.reset"
VERIFY_MAX_AGE = 3 * 24 * 60 * 60
RESET_MAX_AGE = 2 * 60 * 60

EXPIRED, INVALID, USED = "expired", "invalid", "used"


class TokenError(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _mark(account: PortalAccount, purpose: str) -> str:
    # Verify: bound to the address; reset: bound to the password hash (a new password
    # makes every earlier reset link useless).
    value = account.email.lower() if purpose == "verify" else account.password
    return salted_hmac(f"kausa.portal.accounts.{purpose}", value).hexdigest()[:32]


def verify_token(account: PortalAccount) -> str:
    return signing.dumps({"a": account.pk, "m": _mark(account, "verify")}, salt=VERIFY_SALT)


def reset_token(account: PortalAccount) -> str:
    return signing.dumps({"a": account.pk, "m": _mark(account, "reset")}, salt=RESET_SALT)


def _load(token: str, salt: str, max_age: int) -> dict[str, Any]:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise TokenError(EXPIRED) from None
    except signing.BadSignature:
        raise TokenError(INVALID) from None
    if not isinstance(data, dict) or not isinstance(data.get("a"), int):
        raise TokenError(INVALID)
    return data


def read_verify_token(token: str) -> PortalAccount:
    """The account whose email this link confirms; `USED` once it is confirmed."""
    data = _load(token, VERIFY_SALT, VERIFY_MAX_AGE)
    account = PortalAccount.objects.filter(pk=int(data["a"]), is_active=True).first()
    if account is None or not constant_time_compare(str(data.get("m")), _mark(account, "verify")):
        raise TokenError(INVALID)
    if account.email_verified_at is not None:
        raise TokenError(USED)
    return account


def read_reset_token(token: str) -> PortalAccount:
    """The account this reset link is for; a link used once (password changed) is `USED`."""
    data = _load(token, RESET_SALT, RESET_MAX_AGE)
    account = PortalAccount.objects.filter(pk=int(data["a"]), is_active=True).first()
    if account is None:
        raise TokenError(INVALID)
    if not constant_time_compare(str(data.get("m")), _mark(account, "reset")):
        raise TokenError(USED)
    return account
