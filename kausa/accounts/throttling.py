"""Login throttling with django-axes: per account and address, and per address alone.

Failures are counted for the pair (username, client address) and for the address over all
usernames. The pair locks after LOGIN_FAILURE_LIMIT failures, so someone guessing from one
address cannot lock the real user out when the real user signs in from another address; the
address alone locks after the higher LOGIN_FAILURE_LIMIT_PER_ADDRESS, which stops guessing
across many usernames. The client address comes from `kausa.core.net.client_address`
(TRUSTED_PROXY_COUNT decides whether X-Forwarded-For is used).
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class LoginThrottleBackend(AxesStandaloneBackend):  # type: ignore[misc]  # axes is untyped
    """Refuses locked-out clients before the password is checked.

    Authentication without a request (management commands, `Client.login` in tests) has no
    client address to throttle by, so it is left to the next backend instead of failing.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        super().authenticate(request, username, password, **kwargs)  # raises when locked out
        return None


class TieredLockoutHandler(AxesDatabaseHandler):  # type: ignore[misc]  # axes is untyped
    """Axes' database handler with one limit for the pair and a higher one for the address."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        recent = _recent_attempts(request).filter(ip_address=request.axes_ip_address)  # type: ignore[attr-defined]
        username = get_client_username(request, credentials)
        by_account = _failures(recent.filter(username=username))
        by_address = _failures(recent)
        if by_address >= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS:
            # Reported on the scale of AXES_FAILURE_LIMIT, which axes compares against.
            return max(by_account, settings.AXES_FAILURE_LIMIT)
        return by_account


def _recent_attempts(request: HttpRequest) -> QuerySet[AccessAttempt]:
    attempts: QuerySet[AccessAttempt] = AccessAttempt.objects.filter(
        attempt_time__gte=get_cool_off_threshold(request)
    )
    return attempts


def _failures(attempts: QuerySet[AccessAttempt]) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """A friendly page with status 429; it never repeats the username."""
    cool_off = get_cool_off(request)
    minutes = max(1, int(cool_off.total_seconds() // 60)) if cool_off else None
    response = render(request, "accounts/lockout.html", {"minutes": minutes}, status=429)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
