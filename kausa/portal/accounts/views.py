"""Portal pages of accounts: register, confirm the address, sign in (with the authenticator
step when enabled), sign out, the waiting page, reset the password, the security page.

Answers never tell whether an address has an account: registering and asking for a reset
show the same page for known and unknown addresses, and a failed sign-in says only that the
address or the password is wrong.
"""

from __future__ import annotations

import time
from typing import Any

import segno
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST, require_safe

from kausa.portal import session
from kausa.portal.accounts import mail, services, tokens
from kausa.portal.accounts.forms import (
    CodeForm,
    LoginForm,
    RegisterForm,
    ResetRequestForm,
    SetPasswordForm,
)
from kausa.portal.accounts.models import PortalAccount, RegistrationStatus
from kausa.portal.accounts.throttling import login_blocked, login_failed, login_succeeded
from kausa.portal.bots import throttle
from kausa.portal.tenancy import portal_organisation

REGISTER_LIMIT = 10  # registrations per address and hour
RESET_LIMIT = 10  # reset requests per address and hour
SECOND_STEP_ACCOUNT = "kausa_portal_second_step_account"
SECOND_STEP_SINCE = "kausa_portal_second_step_since"
SECOND_STEP_NEXT = "kausa_portal_second_step_next"
SECOND_STEP_SECONDS = 5 * 60


def account_required(view: Any) -> Any:
    """A signed-in account (confirmed by the office or not); sets `request.portal_account`."""

    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        account = session.current_account(request)
        if account is None:
            return session.login_redirect(request)
        request.portal_account = account  # type: ignore[attr-defined]
        response: HttpResponse = view(request, *args, **kwargs)
        return response

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _too_many(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    context["too_many"] = True
    return render(request, template, context, status=429)


@sensitive_post_parameters("password", "password_again")
@never_cache
def register(request: HttpRequest) -> HttpResponse:
    form = RegisterForm(request.POST or None)
    template = "portal_accounts/register.html"
    if request.method == "POST":
        if throttle(request, "portal.account.register", limit=REGISTER_LIMIT, window_seconds=3600):
            return _too_many(request, template, {"form": RegisterForm()})
        organisation = portal_organisation()
        if form.is_valid() and organisation is not None:
            services.registration_submit(
                organisation=organisation, data=form.cleaned_data, language=get_language()
            )
            return redirect("portal_accounts:register_sent")
        if organisation is None:
            form.add_error(None, _("Registration is not possible at the moment."))
    return render(request, template, {"form": form})


@require_safe
def register_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "portal_accounts/register_sent.html")


@require_safe
@never_cache
def verify(request: HttpRequest, token: str) -> HttpResponse:
    try:
        account = tokens.read_verify_token(token)
    except tokens.TokenError as error:
        return render(
            request,
            "portal_accounts/token_problem.html",
            {"problem": error.code, "kind": "verify"},
            status=400 if error.code == tokens.INVALID else 410,
        )
    services.email_verify(account)
    return render(request, "portal_accounts/verified.html")


def _safe_next(request: HttpRequest, candidate: str | None) -> str | None:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


def _after_login(account: PortalAccount, target: str | None) -> str:
    if account.company_id is None:
        return reverse("portal_accounts:pending")
    if target:
        return target
    try:
        return reverse("portal_business:home")
    except NoReverseMatch:  # the company pages are not installed
        return reverse("portal_accounts:pending")


def _finish_login(request: HttpRequest, account: PortalAccount, target: str | None) -> HttpResponse:
    session.account_login(request, account)
    services.login_recorded(account, success=True)
    return HttpResponseRedirect(_after_login(account, target))


@sensitive_post_parameters("password")
@never_cache
def login(request: HttpRequest) -> HttpResponse:
    target = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    form = LoginForm(request.POST or None)
    context: dict[str, Any] = {"form": form, "next": target or ""}
    template = "portal_accounts/login.html"
    if request.method != "POST":
        return render(request, template, context)
    email = str(request.POST.get("email", ""))[:254]
    if login_blocked(request, email):
        return _too_many(request, template, {"form": LoginForm(), "next": target or ""})
    if not form.is_valid():
        return render(request, template, context)
    account = services.authenticate(form.cleaned_data["email"], form.cleaned_data["password"])
    if account is None:
        login_failed(request, email)
        known = PortalAccount.objects.filter(email__iexact=email.strip()).first()
        if known is not None:
            services.login_recorded(known, success=False)
        form.add_error(None, _("The email address or the password is not correct."))
        return render(request, template, context)
    login_succeeded(request, email)
    if account.email_verified_at is None:
        mail.send_verification(account)
        form.add_error(
            None,
            _(
                "Please confirm your email address first. We have sent you a new link. "
                "Please look in your inbox."
            ),
        )
        return render(request, template, context)
    if account.totp_enabled:
        request.session.cycle_key()
        request.session[SECOND_STEP_ACCOUNT] = account.pk
        request.session[SECOND_STEP_SINCE] = int(time.time())
        request.session[SECOND_STEP_NEXT] = target or ""
        return redirect("portal_accounts:login_code")
    return _finish_login(request, account, target)


def _clear_second_step(request: HttpRequest) -> None:
    for key in (SECOND_STEP_ACCOUNT, SECOND_STEP_SINCE, SECOND_STEP_NEXT):
        request.session.pop(key, None)


@sensitive_post_parameters("code")
@never_cache
def login_code(request: HttpRequest) -> HttpResponse:
    """The second step for accounts with an authenticator app."""
    since = request.session.get(SECOND_STEP_SINCE)
    account_id = request.session.get(SECOND_STEP_ACCOUNT)
    account = None
    if (
        isinstance(since, int)
        and isinstance(account_id, int)
        and time.time() - since <= SECOND_STEP_SECONDS
    ):
        account = PortalAccount.objects.filter(pk=account_id, is_active=True).first()
    if account is None or not account.totp_enabled:
        # Not after a password step (or too long ago): nothing to ask, sign in again.
        _clear_second_step(request)
        return render(request, "portal_accounts/login_code.html", {"expired": True})
    template = "portal_accounts/login_code.html"
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if login_blocked(request, account.email):
            _clear_second_step(request)
            return _too_many(request, "portal_accounts/login.html", {"form": LoginForm()})
        if form.is_valid():
            if services.totp_check(account, form.cleaned_data["code"]):
                target = request.session.get(SECOND_STEP_NEXT) or None
                _clear_second_step(request)
                login_succeeded(request, account.email)
                return _finish_login(request, account, target)
            login_failed(request, account.email)
            services.login_recorded(account, success=False)
            form.add_error("code", _("This code is not correct or was already used."))
    return render(request, template, {"form": form})


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    account = session.current_account(request)
    if account is None:
        return HttpResponseRedirect(reverse("portal_accounts:login"))
    services.logout_recorded(account)
    session.account_logout(request)
    messages.success(request, _("You are signed out."))
    return redirect("portal:home")


@require_safe
@account_required
def pending(request: HttpRequest) -> HttpResponse:
    account: PortalAccount = request.portal_account  # type: ignore[attr-defined]
    registration = account.registrations.order_by("-created_at", "-pk").first()
    rejected = (
        account.company_id is None
        and registration is not None
        and registration.status == RegistrationStatus.REJECTED
    )
    return render(
        request,
        "portal_accounts/pending.html",
        {"account": account, "registration": registration, "rejected": rejected},
    )


@never_cache
def reset_request(request: HttpRequest) -> HttpResponse:
    form = ResetRequestForm(request.POST or None)
    template = "portal_accounts/reset_request.html"
    if request.method == "POST":
        if throttle(request, "portal.account.reset", limit=RESET_LIMIT, window_seconds=3600):
            return _too_many(request, template, {"form": ResetRequestForm()})
        if form.is_valid():
            services.reset_request(form.cleaned_data["email"])
            return redirect("portal_accounts:reset_sent")
    return render(request, template, {"form": form})


@require_safe
def reset_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "portal_accounts/reset_sent.html")


@sensitive_post_parameters("password", "password_again")
@never_cache
def reset(request: HttpRequest, token: str) -> HttpResponse:
    try:
        account = tokens.read_reset_token(token)
    except tokens.TokenError as error:
        return render(
            request,
            "portal_accounts/token_problem.html",
            {"problem": error.code, "kind": "reset"},
            status=400 if error.code == tokens.INVALID else 410,
        )
    form = SetPasswordForm(request.POST or None, account=account)
    if request.method == "POST" and form.is_valid():
        services.password_set(account, form.cleaned_data["password"])
        # Every session of the account ends (the session mark follows the password hash).
        session.account_logout(request)
        messages.success(request, _("Your new password is saved. Please sign in."))
        return redirect("portal_accounts:login")
    return render(request, "portal_accounts/reset.html", {"form": form})


def _qr_svg(url: str) -> SafeString:
    svg = segno.make(url, error="m").svg_inline(omitsize=True, light="#fff", title=None)
    # Our own markup from segno (no user text in it but the otpauth URL, which segno
    # encodes as modules, not as text).
    return SafeString(svg)


@sensitive_post_parameters("code")
@never_cache
@account_required
def security(request: HttpRequest) -> HttpResponse:
    account = PortalAccount.objects.get(pk=request.portal_account.pk)  # type: ignore[attr-defined]
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if account.totp_enabled:
            if services.totp_disable(account, code):
                messages.success(request, _("The authenticator app is turned off."))
                return redirect("portal_accounts:security")
        elif services.totp_enable(account, code):
            messages.success(
                request, _("The authenticator app is on. You need a code at every sign-in.")
            )
            return redirect("portal_accounts:security")
        form.add_error("code", _("This code is not correct or was already used."))
    context: dict[str, Any] = {"form": form, "account": account}
    if not account.totp_enabled:
        secret = services.totp_setup_secret(account)
        url = services.totp_config_url(account, secret)
        context["qr_svg"] = _qr_svg(url)
        plain = services.totp_secret_text(secret)
        context["secret_groups"] = " ".join(plain[i : i + 4] for i in range(0, len(plain), 4))
    return render(request, "portal_accounts/security.html", context)
