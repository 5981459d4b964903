"""Session limits and the enrollment requirement, checked on every request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from kausa.accounts import mfa, sessions

# Reachable while the second factor is still missing: signing in and out, setting it up,
# the language switch and the health check.
ENROLLMENT_EXEMPT_VIEWS = frozenset(
    {
        "login",
        "logout",
        "set_language",
        "healthz",
        "accounts:verify",
        "accounts:reauth",
        "accounts:mfa_setup",
    }
)


class SessionTimeoutMiddleware:
    """Ends a session after SESSION_IDLE_TIMEOUT without requests or SESSION_ABSOLUTE_TIMEOUT
    after the sign-in, and the session of an account that was deactivated or deleted."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            if sessions.expired(request):
                logout(request)
                messages.info(request, _("Your session has expired. Please log in again."))
                return redirect_to_login(request.get_full_path())
        elif SESSION_KEY in request.session:
            # Django no longer accepts the user (inactive, deleted): remove the session too.
            request.session.flush()
        return self.get_response(request)


class MfaEnrollmentMiddleware:
    """With MFA_REQUIRED, a signed-in user without a second factor can only set one up, and a
    session that skipped the second step (signed in before it was required) starts anew."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if not settings.MFA_REQUIRED or not request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match is None or match.view_name in ENROLLMENT_EXEMPT_VIEWS:
            return None
        is_verified = getattr(request.user, "is_verified", None)  # set by OTPMiddleware
        if is_verified is not None and is_verified():
            return None
        if mfa.has_second_factor(request.user):
            logout(request)
            return redirect_to_login(request.get_full_path())
        return redirect("accounts:mfa_setup")
