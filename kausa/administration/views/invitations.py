"""The invitation link: set the first password, then set up the second factor."""

from __future__ import annotations

from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from kausa.accounts import sessions
from kausa.administration.services.invitations import (
    InvitationInvalid,
    InvitationState,
    invitation_accept,
    invitation_resolve,
)
from kausa.core.audit import record_login

BACKEND = "django.contrib.auth.backends.ModelBackend"


def _unusable(request: HttpRequest, state: InvitationState) -> HttpResponse:
    status = 404 if state == InvitationState.INVALID else 410
    return render(
        request, "administration/invitation_invalid.html", {"state": state.value}, status=status
    )


@sensitive_post_parameters("new_password1", "new_password2")
@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    invitation, state = invitation_resolve(token)
    if invitation is None or state != InvitationState.VALID:
        return _unusable(request, state)
    member = invitation.user
    form = SetPasswordForm(member, request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            member = invitation_accept(token=token, password=form.cleaned_data["new_password1"])
        except InvitationInvalid:
            return _unusable(request, InvitationState.USED)
        login(request, member, backend=BACKEND)
        sessions.mark_signed_in(request)
        record_login(request, member, success=True)
        return redirect("accounts:mfa_setup")
    context = {"form": form, "member": member}
    return render(request, "administration/invitation_accept.html", context)
