"""Staff accounts of the organisation: invite, change the role, deactivate, reactivate,
reset the second factor (team leads and administrators)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kausa.accounts.mfa import has_second_factor
from kausa.administration import selectors
from kausa.administration.forms import InviteForm, MfaResetForm, RoleForm
from kausa.administration.services.invitations import invitation_resend, staff_invite
from kausa.administration.services.staff import (
    staff_deactivate,
    staff_mfa_reset,
    staff_reactivate,
    staff_role_change,
)
from kausa.core.access import request_user, team_lead_view
from kausa.core.forms import apply_errors
from kausa.core.models import User


@team_lead_view
def staff_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    members = list(selectors.staff_list(user))
    for member in members:
        member.invitation_pending = selectors.invitation_pending(member)  # type: ignore[attr-defined]
    return render(request, "administration/staff_list.html", {"members": members})


@team_lead_view
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    member = selectors.staff_get_for_user(user, pk)
    context = {
        "member": member,
        "is_self": member.pk == user.pk,
        "invitation_pending": selectors.invitation_pending(member),
        "open_invitation": selectors.open_invitation(member),
        "has_second_factor": has_second_factor(member),
        "last_mfa_reset": selectors.last_mfa_reset(member),
    }
    return render(request, "administration/staff_detail.html", context)


@team_lead_view
def staff_invite_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = InviteForm(request.POST if request.method == "POST" else None, actor=user)
    if form.is_valid():
        try:
            member = staff_invite(actor=user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The invitation was sent."))
            return redirect("administration:staff_detail", pk=member.pk)
    return render(request, "administration/staff_invite.html", {"form": form})


@team_lead_view
def staff_role(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    member = selectors.staff_get_for_user(user, pk)
    initial = {"role": member.role, "office": member.office_id}
    form = RoleForm(request.POST if request.method == "POST" else None, actor=user, initial=initial)
    if form.is_valid():
        try:
            staff_role_change(actor=user, member=member, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The role was saved."))
            return redirect("administration:staff_detail", pk=member.pk)
    return render(request, "administration/staff_role.html", {"form": form, "member": member})


@team_lead_view
def staff_mfa_reset_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    member = selectors.staff_get_for_user(user, pk)
    form = MfaResetForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            staff_mfa_reset(actor=user, member=member, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("The second factor was removed. It must be set up at the next sign-in.")
            )
            return redirect("administration:staff_detail", pk=member.pk)
    return render(request, "administration/staff_mfa_reset.html", {"form": form, "member": member})


def _act(
    request: HttpRequest, pk: int, action: Callable[..., bool], done: str, nothing: str
) -> HttpResponse:
    """A POST-only action on an account: a message, back to the account's page."""
    user = request_user(request)
    member: User = selectors.staff_get_for_user(user, pk)
    try:
        changed = action(actor=user, member=member)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, done) if changed else messages.info(request, nothing)
    return redirect("administration:staff_detail", pk=member.pk)


@require_POST
@team_lead_view
def staff_deactivate_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        staff_deactivate,
        _("The account was deactivated. Its sessions ended and its API tokens were revoked."),
        _("The account was already deactivated."),
    )


@require_POST
@team_lead_view
def staff_reactivate_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        staff_reactivate,
        _("The account was reactivated."),
        _("The account is active."),
    )


@require_POST
@team_lead_view
def staff_resend_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        invitation_resend,
        _("A new invitation was sent. The previous link no longer works."),
        _("There is no open invitation: the password has been set or the account is deactivated."),
    )
