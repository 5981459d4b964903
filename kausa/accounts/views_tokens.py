"""My account: personal access tokens for the REST API.

Creating a token needs a session that passed the second factor and a recent password
confirmation; its secret is shown once, in the answer to the POST that made it, and never
stored, logged or put in a URL. Revoking works at once.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from kausa.accounts.decorators import reauthentication_required
from kausa.accounts.forms import ApiTokenForm
from kausa.api import selectors, services
from kausa.core.access import request_user


def _second_factor_passed(request: HttpRequest) -> bool:
    is_verified = getattr(request.user, "is_verified", None)  # set by OTPMiddleware
    return bool(is_verified is not None and is_verified())


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    context = {
        "tokens": selectors.api_tokens_of(user),
        "second_factor_passed": _second_factor_passed(request),
        "now_value": timezone.now(),
    }
    return render(request, "accounts/api_tokens.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@reauthentication_required
def api_token_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not _second_factor_passed(request):
        return render(request, "accounts/api_token_mfa_needed.html", status=403)
    form = ApiTokenForm(
        request.POST if request.method == "POST" else None,
        user=user,
        max_days=settings.API_TOKEN_MAX_DAYS,
    )
    if form.is_valid():
        token, secret = services.api_token_create(
            actor=user,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            valid_days=form.cleaned_data["valid_days"],
        )
        # never_cache sends Cache-Control: no-store: the secret stays out of every cache.
        return render(
            request, "accounts/api_token_created.html", {"token": token, "secret": secret}
        )
    return render(request, "accounts/api_token_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    token = selectors.api_token_get_for_user(user, pk, write=True)
    if request.method == "POST":
        if services.api_token_revoke(actor=user, token=token):
            messages.success(request, _("The token was revoked. It no longer works."))
        return redirect("accounts:api_tokens")
    return render(request, "accounts/api_token_revoke.html", {"token": token})
