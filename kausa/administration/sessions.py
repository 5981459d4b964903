"""Ending every session of a staff member (deactivation, second-factor reset)."""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone

from kausa.core.models import User


def end_sessions(user: User) -> int:
    """Delete the user's stored sessions; returns how many. Sessions are signed blobs in the
    database, so each live one is decoded (a few hundred rows in an office's installation).
    The request layer also ends a session whose user Django no longer accepts."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get(SESSION_KEY)) == str(user.pk):
            session.delete()
            ended += 1
    return ended
