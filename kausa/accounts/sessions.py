"""Timestamps kept in the session: when the user signed in, was last active and last
re-entered the password. Times are Unix seconds, which the session serializer stores as is."""

from __future__ import annotations

import time

from django.conf import settings
from django.http import HttpRequest

SIGNED_IN_AT = "accounts.signed_in_at"
LAST_SEEN_AT = "accounts.last_seen_at"
REAUTHENTICATED_AT = "accounts.reauthenticated_at"

# Activity is written back at most once a minute, so that not every request saves the session.
SEEN_RESOLUTION = 60


def now() -> int:
    return int(time.time())


def mark_signed_in(request: HttpRequest) -> None:
    """A fresh sign-in also counts as having just confirmed the password."""
    moment = now()
    request.session[SIGNED_IN_AT] = moment
    request.session[LAST_SEEN_AT] = moment
    request.session[REAUTHENTICATED_AT] = moment


def mark_reauthenticated(request: HttpRequest) -> None:
    request.session[REAUTHENTICATED_AT] = now()


def recently_reauthenticated(request: HttpRequest) -> bool:
    at = request.session.get(REAUTHENTICATED_AT)
    return isinstance(at, int) and 0 <= now() - at <= settings.REAUTH_TIMEOUT


def expired(request: HttpRequest) -> bool:
    """Whether the signed-in session is past its idle or absolute limit; records activity.

    A session without timestamps (signed in before this check existed, or by a test's
    `force_login`) starts counting now.
    """
    moment = now()
    signed_in_at = request.session.setdefault(SIGNED_IN_AT, moment)
    last_seen_at = request.session.setdefault(LAST_SEEN_AT, moment)
    if moment - last_seen_at > settings.SESSION_IDLE_TIMEOUT:
        return True
    if moment - signed_in_at > settings.SESSION_ABSOLUTE_TIMEOUT:
        return True
    if moment - last_seen_at >= SEEN_RESOLUTION:
        request.session[LAST_SEEN_AT] = moment
    return False
