"""Daily housekeeping forgets expired sessions and login attempts past the cool-off."""

from __future__ import annotations

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from kausa.counselling.tasks import clear_sign_in_traces, daily_housekeeping
from kausa.portal.models import ThrottleHit

pytestmark = pytest.mark.django_db


def session(expires_in: datetime.timedelta) -> str:
    store = SessionStore()
    store["kausa.filters"] = {"q": "Haddad"}  # a saved list filter with a typed name
    store.set_expiry(timezone.now() + expires_in)
    store.save()
    assert store.session_key is not None
    return store.session_key


def attempt(username: str, age: datetime.timedelta) -> AccessAttempt:
    row = AccessAttempt.objects.create(
        username=username, ip_address="192.0.2.7", user_agent="test", failures_since_start=3
    )
    # attempt_time is set on creation; age it the way time would.
    AccessAttempt.objects.filter(pk=row.pk).update(attempt_time=timezone.now() - age)
    return row


def test_expired_sessions_and_old_attempts_go_fresh_attempts_stay():
    cool_off = datetime.timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES)
    expired = session(-datetime.timedelta(minutes=1))
    alive = session(datetime.timedelta(hours=1))
    old = attempt("amira.haddad", cool_off + datetime.timedelta(minutes=1))
    fresh = attempt("samir.haddad", cool_off - datetime.timedelta(minutes=2))
    failure_log = AccessFailureLog.objects.create(username="amira.haddad", ip_address="192.0.2.7")
    AccessFailureLog.objects.filter(pk=failure_log.pk).update(
        attempt_time=timezone.now() - cool_off - datetime.timedelta(minutes=1)
    )

    ThrottleHit.objects.create(scope="portal.test", client_key="a" * 64, at=timezone.now())
    stale_hit = ThrottleHit.objects.create(
        scope="portal.test", client_key="b" * 64, at=timezone.now() - datetime.timedelta(days=2)
    )

    cleared = clear_sign_in_traces()

    assert cleared == {"login_attempts": 1, "access_logs": 1, "throttle_hits": 1}
    assert not ThrottleHit.objects.filter(pk=stale_hit.pk).exists()
    assert ThrottleHit.objects.count() == 1  # a counter of the last day still counts
    assert not Session.objects.filter(session_key=expired).exists()
    assert Session.objects.filter(session_key=alive).exists()
    assert not AccessAttempt.objects.filter(pk=old.pk).exists()
    # Still counting towards a lock: deleting it would lift the lock early.
    assert AccessAttempt.objects.filter(pk=fresh.pk).exists()
    assert not AccessFailureLog.objects.exists()


def test_the_daily_task_runs_the_clean_up():
    expired = session(-datetime.timedelta(minutes=1))
    attempt("amira.haddad", datetime.timedelta(days=2))
    result = daily_housekeeping.call()
    assert result["login_attempts"] == 1
    assert not Session.objects.filter(session_key=expired).exists()
    assert not AccessAttempt.objects.exists()
