"""Staff pages of follow-up during training: plan contacts, record a contact, a warning sign
and the outcome (all POST from the case page), and an office's plan (team leads)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kausa.core.access import request_user, staff_view, team_lead_view
from kausa.core.forms import apply_errors
from kausa.counselling import followup_selectors as selectors
from kausa.counselling.followup_forms import (
    FollowUpContactDoneForm,
    FollowUpOutcomeForm,
    FollowUpPlanForm,
    FollowUpStartForm,
    FollowUpWarningForm,
)
from kausa.counselling.selectors import case_get_for_user
from kausa.counselling.services import followup as services
from kausa.counselling.services.followup import PLAN_FIELDS
from kausa.counselling.views.cases import case_form_post


@require_POST
@staff_view(write=True)
def followup_plan_contacts(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    case = case_get_for_user(user, pk, write=True)
    form = FollowUpStartForm(request.POST)
    return case_form_post(
        request,
        case,
        form,
        _("Plan the follow-up contacts"),
        lambda: services.followup_plan_contacts(actor=user, case=case, **form.cleaned_data),
    )


@require_POST
@staff_view(write=True)
def followup_contact_done(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    case = case_get_for_user(user, pk, write=True)
    form = FollowUpContactDoneForm(request.POST, case=case)
    return case_form_post(
        request,
        case,
        form,
        _("Record a follow-up contact"),
        lambda: services.followup_contact_done(
            actor=user, contact=form.cleaned_data["contact"], done_on=form.cleaned_data["done_on"]
        ),
    )


@require_POST
@staff_view(write=True)
def followup_warning(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    case = case_get_for_user(user, pk, write=True)
    form = FollowUpWarningForm(request.POST)
    return case_form_post(
        request,
        case,
        form,
        _("Record a warning sign"),
        lambda: services.followup_warning_record(actor=user, case=case, **form.cleaned_data),
    )


@require_POST
@staff_view(write=True)
def followup_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    case = case_get_for_user(user, pk, write=True)
    form = FollowUpOutcomeForm(request.POST)
    return case_form_post(
        request,
        case,
        form,
        _("Record the outcome of the training"),
        lambda: services.followup_outcome_record(actor=user, case=case, **form.cleaned_data),
    )


@require_http_methods(["GET", "POST"])
@team_lead_view
def followup_plan_edit(request: HttpRequest) -> HttpResponse:
    """The follow-up plan of a chosen office (team leads and administrators). The office
    comes from the query string and goes through the chokepoint (404 for another's)."""
    user = request_user(request)
    office = selectors.followup_plan_office_for_user(user, request.GET.get("office"), write=True)
    plan = selectors.followup_plan_for_office(office)  # unsaved defaults: no write here
    initial = {name: getattr(plan, name) for name in PLAN_FIELDS}
    form = FollowUpPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.followup_plan_update(actor=user, plan=plan, data=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The follow-up plan was saved."))
            return redirect(request.get_full_path())
    context = {"form": form, "office": office, "offices": selectors.followup_plan_offices(user)}
    return render(request, "counselling/followup_plan.html", context)
