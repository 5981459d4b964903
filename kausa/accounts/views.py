"""My account: password, email address, second factor and recovery codes.

Every change needs a recent password confirmation (`reauthentication_required`).
"""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login

from kausa.accounts import mfa, sessions
from kausa.accounts.decorators import reauthentication_required
from kausa.accounts.forms import EmailChangeForm, EnrollmentForm, ReauthenticationForm
from kausa.accounts.services import user_email_change, user_password_change
from kausa.accounts.throttling import lockout_response
from kausa.core.access import request_user
from kausa.core.audit import record_login


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    context = {
        "has_second_factor": mfa.has_second_factor(user),
        "recovery_codes_left": mfa.recovery_codes_left(user),
        "mfa_required": settings.MFA_REQUIRED,
    }
    return render(request, "accounts/overview.html", context)


@sensitive_post_parameters("password")
@never_cache
@login_required
def reauthenticate(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = ""
    if request.method == "POST":
        credentials = {"username": user.get_username()}
        if not AxesProxyHandler.is_allowed(request, credentials):
            return lockout_response(request, None, credentials)
    form = ReauthenticationForm(
        request.POST if request.method == "POST" else None, request=request, user=user
    )
    if form.is_valid():
        sessions.mark_reauthenticated(request)
        return redirect(target or "accounts:overview")
    if form.is_bound:
        record_login(request, user, success=False)
    return render(request, "accounts/reauth.html", {"form": form, "next": target})


@sensitive_post_parameters("new_password1", "new_password2")
@reauthentication_required
def password_change(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = SetPasswordForm(user, request.POST if request.method == "POST" else None)
    if form.is_valid():
        user_password_change(user=user, password=form.cleaned_data["new_password1"])
        # Keeps this session; the user's other sessions end with the old password hash.
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password has been changed."))
        return redirect("accounts:overview")
    return render(request, "accounts/password_change.html", {"form": form})


@reauthentication_required
def email_change(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = EmailChangeForm(request.POST if request.method == "POST" else None, user=user)
    if form.is_valid():
        user_email_change(user=user, email=form.cleaned_data["email"])
        messages.success(request, _("Your email address has been changed."))
        return redirect("accounts:overview")
    return render(request, "accounts/email_change.html", {"form": form})


@sensitive_post_parameters("code")
@reauthentication_required
def mfa_setup(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if mfa.has_second_factor(user):
        messages.info(request, _("Two-factor authentication is already set up."))
        return redirect("accounts:overview")
    device = mfa.pending_totp_device(user)
    form = EnrollmentForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        if mfa.is_throttled(device):
            form.add_error("code", _("Too many wrong codes. Please wait a moment and try again."))
        else:
            codes = mfa.totp_device_confirm(
                user=user, device=device, code=form.cleaned_data["code"]
            )
            if codes is not None:
                device.refresh_from_db()
                otp_login(request, device)
                return _show_recovery_codes(request, codes, enrolled=True)
            form.add_error("code", _("This code is not valid. Check the time on your phone."))
    context = {
        "form": form,
        "qr_code": mfa.qr_code_data_uri(device),
        "secret": mfa.secret_for_display(device),
        "mfa_required": settings.MFA_REQUIRED,
    }
    return render(request, "accounts/mfa_setup.html", context)


@require_http_methods(["GET", "POST"])
@reauthentication_required
def mfa_reset(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not mfa.has_second_factor(user):
        return redirect("accounts:mfa_setup")
    if request.method == "POST":
        mfa.mfa_reset(user=user)
        request.session.pop(DEVICE_ID_SESSION_KEY, None)
        messages.success(request, _("Two-factor authentication has been removed."))
        return redirect("accounts:mfa_setup" if settings.MFA_REQUIRED else "accounts:overview")
    return render(request, "accounts/mfa_reset.html")


@require_http_methods(["GET", "POST"])
@reauthentication_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not mfa.has_second_factor(user):
        return redirect("accounts:mfa_setup")
    if request.method == "POST":
        return _show_recovery_codes(request, mfa.recovery_codes_regenerate(user=user))
    return render(request, "accounts/recovery_codes_new.html")


def _show_recovery_codes(
    request: HttpRequest, codes: list[str], enrolled: bool = False
) -> HttpResponse:
    """Shown once, in the answer to the POST that made them; they are not stored anywhere
    the page could be fetched again."""
    context = {"codes": [mfa.format_recovery_code(code) for code in codes], "enrolled": enrolled}
    return render(request, "accounts/recovery_codes.html", context)
