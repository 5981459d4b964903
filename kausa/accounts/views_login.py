"""Sign-in: the password first, then, for users with an authenticator, the second step.

Between the two steps the session holds only the user's id and where to go next; the user
is signed in (and the session key renewed) once the code is accepted.
"""

from __future__ import annotations

from typing import Any

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import login as auth_login
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView, LogoutView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.models import Device

from kausa.accounts import mfa, sessions
from kausa.accounts.forms import CodeForm
from kausa.accounts.throttling import lockout_response
from kausa.core.audit import record_login, record_login_failure, record_logout
from kausa.core.models import User

PENDING_USER = "accounts.pending_user_id"
PENDING_BACKEND = "accounts.pending_backend"
PENDING_SINCE = "accounts.pending_since"
PENDING_NEXT = "accounts.pending_next"
PENDING_KEYS = (PENDING_USER, PENDING_BACKEND, PENDING_SINCE, PENDING_NEXT)
# The second step must follow the password within this many seconds.
PENDING_TIMEOUT = 5 * 60


class StaffLoginView(LoginView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # A locked-out client gets the lockout page without its attempt being checked or
        # recorded, so that nobody can fill the audit trail from outside.
        credentials = {"username": request.POST.get("username", "")}
        if not AxesProxyHandler.is_allowed(request, credentials):
            return lockout_response(request, None, credentials)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if mfa.has_second_factor(user):
            self._start_second_step(user)
            return redirect("accounts:verify")
        response = super().form_valid(form)
        sessions.mark_signed_in(self.request)
        record_login(self.request, user, success=True)
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        username = form.data.get("username", "")
        if username:
            record_login_failure(self.request, username[:150])
        return super().form_invalid(form)

    def _start_second_step(self, user: User) -> None:
        session = self.request.session
        session.cycle_key()
        session[PENDING_USER] = user.pk
        session[PENDING_BACKEND] = user.backend
        session[PENDING_SINCE] = sessions.now()
        session[PENDING_NEXT] = self.get_success_url()


def pending_user(request: HttpRequest) -> User | None:
    """The user who passed the password step in this session a short while ago."""
    since = request.session.get(PENDING_SINCE)
    if not isinstance(since, int) or sessions.now() - since > PENDING_TIMEOUT:
        return None
    user_id = request.session.get(PENDING_USER)
    if not isinstance(user_id, int):
        return None
    return User.objects.filter(pk=user_id, is_active=True).first()


def clear_pending(request: HttpRequest) -> None:
    for key in PENDING_KEYS:
        request.session.pop(key, None)


@sensitive_post_parameters("code")
@never_cache
def login_verify(request: HttpRequest) -> HttpResponse:
    user = pending_user(request)
    if user is None:
        clear_pending(request)
        return redirect("login")
    credentials = {"username": user.get_username()}
    if not AxesProxyHandler.is_allowed(request, credentials):
        clear_pending(request)
        return lockout_response(request, None, credentials)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        code = form.cleaned_data["code"]
        if mfa.is_throttled(mfa.device_for_code(user, code)):
            form.add_error("code", _("Too many wrong codes. Please wait a moment and try again."))
        else:
            device = mfa.verify_code(user, code)
            if device is not None:
                return _finish_login(request, user, device)
            form.add_error("code", _("This code is not valid or has already been used."))
            # Counted like a wrong password: the same lockout applies to guessing codes.
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            record_login(request, user, success=False)
    return render(request, "accounts/login_verify.html", {"form": form})


def _finish_login(request: HttpRequest, user: User, device: Device) -> HttpResponse:
    backend = request.session[PENDING_BACKEND]
    target = request.session[PENDING_NEXT]
    clear_pending(request)
    auth_login(request, user, backend=backend)
    django_otp.login(request, device)
    sessions.mark_signed_in(request)
    record_login(request, user, success=True)
    return redirect(target)


class StaffLogoutView(LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if isinstance(request.user, User) and request.user.is_authenticated:
            record_logout(request, request.user)
        return super().post(request, *args, **kwargs)
