"""Issuing and checking personal access tokens. The secret is shown once and stored hashed."""

from __future__ import annotations

import hashlib
import secrets

from kausa.api.models import ApiToken

TOKEN_PREFIX = "kausa_"  # noqa: S105 (a public marker, not a secret)


def new_secret() -> str:
    """`kausa_` + 40 random URL-safe characters (about 240 bits)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(30)


def hash_secret(secret: str) -> str:
    # A plain SHA-256 suffices: the secret is random and long, so there is nothing to guess.
    return hashlib.sha256(secret.encode()).hexdigest()


def display_prefix(secret: str) -> str:
    return secret[: len(TOKEN_PREFIX) + 6]


def token_for_secret(secret: str) -> ApiToken | None:
    """The stored token for a presented secret, or None (unknown, malformed)."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    return (
        ApiToken.objects.select_related("user", "user__office", "user__organisation")
        .filter(secret_hash=hash_secret(secret))
        .first()
    )
