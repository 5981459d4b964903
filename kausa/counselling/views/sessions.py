"""Staff pages of what happens in counselling: sessions and next steps of a case."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kausa.core.access import request_user, staff_view
from kausa.core.actions import run_action
from kausa.counselling import selectors
from kausa.counselling.forms import NextStepForm, SessionForm
from kausa.counselling.services import sessions as services
from kausa.counselling.views.cases import case_form_post


@require_POST
@staff_view(write=True)
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    case = selectors.case_get_for_user(user, pk, write=True)
    form = SessionForm(request.POST)
    return case_form_post(
        request,
        case,
        form,
        _("Record a counselling session"),
        lambda: services.session_record(actor=user, case=case, **form.cleaned_data),
    )


@require_POST
@staff_view(write=True)
def next_step_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    case = selectors.case_get_for_user(user, pk, write=True)
    form = NextStepForm(request.POST, case=case)
    return case_form_post(
        request,
        case,
        form,
        _("Add a next step"),
        lambda: services.next_step_add(actor=user, case=case, **form.cleaned_data),
    )


@require_POST
@staff_view(write=True)
def next_step_done(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    step = selectors.next_step_get_for_user(user, pk, write=True)
    run_action(
        request,
        lambda: services.next_step_complete(actor=user, step=step),
        success=_("The step is done. “Reopen” next to it undoes this."),
    )
    return redirect(_steps_of(step.case_id))


@require_POST
@staff_view(write=True)
def next_step_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo "done" on the case page (audited like the workbench's undo)."""
    user = request_user(request)
    step = selectors.next_step_get_for_user(user, pk, write=True)
    run_action(
        request,
        lambda: services.next_step_reopen(actor=user, step=step),
        success=_("The step is open again."),
    )
    return redirect(_steps_of(step.case_id))


def _steps_of(case_pk: int) -> str:
    return reverse("counselling:case", args=[case_pk]) + "#steps"
