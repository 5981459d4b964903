"""Authenticated encryption of sensitive free text, with key rotation.

Fernet (AES-128-CBC + HMAC-SHA256) through `MultiFernet`: the first key of the setting
`FIELD_ENCRYPTION_KEYS` encrypts, every listed key decrypts. Rotation: put a new key first,
run `manage.py rotate_field_keys`, then drop the old key.

This module is imported by settings.py (key checks), so it must not touch Django settings
at import time.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.core.exceptions import ImproperlyConfigured


class DecryptionError(ValueError):
    """A stored value could not be decrypted: a wrong or missing key, or tampered data."""


def generate_key() -> str:
    """A new random key for FIELD_ENCRYPTION_KEYS."""
    return Fernet.generate_key().decode("ascii")


def development_key(secret_key: str) -> str:
    """DEVELOPMENT ONLY: a key derived from SECRET_KEY, used when DEBUG is on and no key is set.

    Anyone who knows SECRET_KEY can derive it; production must set FIELD_ENCRYPTION_KEYS.
    """
    digest = hashlib.sha256(b"kausa-field-encryption-development-key:" + secret_key.encode())
    return base64.urlsafe_b64encode(digest.digest()).decode("ascii")


def validate_keys(keys: list[str]) -> list[str]:
    """The keys unchanged, or ImproperlyConfigured naming the position of a malformed one."""
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS must name at least one key")
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key.encode("ascii"))
        except (ValueError, UnicodeEncodeError):
            raise ImproperlyConfigured(
                f"FIELD_ENCRYPTION_KEYS: key {position} is not a valid Fernet key "
                "(32 url-safe base64-encoded bytes)"
            ) from None
    return keys


@lru_cache(maxsize=8)
def _fernets(keys: tuple[str, ...]) -> tuple[MultiFernet, Fernet]:
    validate_keys(list(keys))
    fernets = [Fernet(key.encode("ascii")) for key in keys]
    return MultiFernet(fernets), fernets[0]


def _current() -> tuple[MultiFernet, Fernet]:
    from django.conf import settings

    return _fernets(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt_str(plaintext: str) -> str:
    """A token for `plaintext`, encrypted with the current (first) key."""
    multi, _current_key = _current()
    return multi.encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt_str(token: str) -> str:
    """The plaintext of `token`; DecryptionError if no configured key authenticates it."""
    multi, _current_key = _current()
    try:
        return multi.decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError):
        raise DecryptionError(
            "An encrypted value could not be decrypted: the data was altered or it was "
            "encrypted with a key that is not in FIELD_ENCRYPTION_KEYS."
        ) from None


def looks_like_token(value: str) -> bool:
    """Whether `value` has the shape of a Fernet token (version byte 0x80, minimum length)."""
    try:
        raw = base64.b64decode(value.encode("ascii"), altchars=b"-_", validate=True)
    except (ValueError, UnicodeError):
        return False
    return len(raw) >= 73 and raw[0] == 0x80


def is_current(token: str) -> bool:
    """Whether `token` is already encrypted with the current key (rotation skips it)."""
    _multi, current = _current()
    try:
        current.decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeError):
        return False
    return True


def rotate_token(token: str) -> str:
    """`token` re-encrypted with the current key; DecryptionError if no key opens it."""
    multi, _current_key = _current()
    try:
        return multi.rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeError):
        raise DecryptionError(
            "An encrypted value could not be re-encrypted: no key in FIELD_ENCRYPTION_KEYS "
            "opens it, or the data was altered."
        ) from None
