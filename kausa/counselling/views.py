"""Staff pages of cases: open, read, stage, hand-over, close, sessions, next steps, tasks."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kausa.chains.selectors import open_run_steps_for
from kausa.companies.selectors import company_get_for_user
from kausa.core.access import request_user, staff_view
from kausa.core.forms import apply_errors
from kausa.core.listing import is_htmx, paginate
from kausa.counselling import selectors, services
from kausa.counselling.consents import consent_withdrawn
from kausa.counselling.forms import (
    CaseOpenForm,
    CloseForm,
    HandoverForm,
    NextStepForm,
    SessionForm,
    StageForm,
)
from kausa.counselling.models import Case, ConsentPurpose
from kausa.people.selectors import person_get_for_user


@staff_view()
def case_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    cases = selectors.cases_visible_to(user).select_related(
        "person", "company", "counsellor", "office"
    )
    show = request.GET.get("show", "open")
    if show == "closed":
        cases = cases.filter(closed_at__isnull=False)
    elif show == "mine":
        cases = cases.filter(counsellor=user, closed_at__isnull=True)
    else:
        show = "open"
        cases = cases.filter(closed_at__isnull=True)
    page = paginate(request, cases)
    return render(request, "counselling/case_list.html", {"page": page, "show": show})


@staff_view(write=True)
def person_case_open(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    person = person_get_for_user(user, pk)
    if user.office_id != person.office_id:
        raise PermissionDenied  # only the owning office counsels the person
    return _case_open_page(
        request,
        person,
        "person",
        lambda day: services.case_open_for_person(actor=user, person=person, opened_on=day),
    )


@staff_view(write=True)
def company_case_open(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    company = company_get_for_user(user, pk)
    if user.office is None:
        raise PermissionDenied  # a case belongs to an office
    return _case_open_page(
        request,
        company,
        "company",
        lambda day: services.case_open_for_company(actor=user, company=company, opened_on=day),
    )


def _case_open_page(
    request: HttpRequest, subject: object, kind: str, open_case: Callable[[datetime.date], Case]
) -> HttpResponse:
    form = CaseOpenForm(request.POST or None, initial={"opened_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            case = open_case(form.cleaned_data["opened_on"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The case was opened."))
            return redirect("counselling:case", pk=case.pk)
    context = {"form": form, "subject": subject, "kind": kind}
    return render(request, "counselling/case_open.html", context)


@staff_view()
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    case = selectors.case_get_for_user(user, pk)
    writable = selectors.case_writable_by(user, case)
    context = {
        "case": case,
        "writable": writable and case.closed_at is None,
        "can_reopen": writable and case.closed_at is not None,
        "notes_visible": selectors.notes_visible(user, case),
        "sessions": case.sessions.prefetch_related("topics"),
        "next_steps": case.next_steps.select_related("owner"),
        "referrals": case.referrals.select_related("partner", "topic"),
        "stage_changes": case.stage_changes.select_related("changed_by"),
        "handovers": case.handovers.select_related("from_counsellor", "to_counsellor"),
        "session_form": SessionForm(initial={"held_on": timezone.localdate()}),
        "step_form": NextStepForm(case=case, initial={"owner": case.counsellor_id}),
        "stage_form": StageForm(case=case),
        "close_form": CloseForm(),
        "handover_form": HandoverForm(case=case),
        "counselling_withdrawn": case.person is not None
        and consent_withdrawn(case.person, ConsentPurpose.COUNSELLING),
        "today": timezone.localdate(),
    }
    return render(request, "counselling/case_detail.html", context)


def _writable_case(request: HttpRequest, pk: int) -> Case:
    user = request_user(request)
    case = selectors.case_get_for_user(user, pk)
    if not selectors.case_writable_by(user, case):
        raise PermissionDenied
    return case


def _case_form_post(
    request: HttpRequest, case: Case, form: forms.Form, title: str, call: object
) -> HttpResponse:
    """Run a case action from a posted form; on errors show the form on its own page."""
    if form.is_valid():
        try:
            call()  # type: ignore[operator]
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("counselling:case", pk=case.pk)
    return render(
        request, "counselling/case_form.html", {"case": case, "form": form, "title": title}
    )


@require_POST
@staff_view(write=True)
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = _writable_case(request, pk)
    form = SessionForm(request.POST)
    return _case_form_post(
        request,
        case,
        form,
        _("Record a counselling session"),
        lambda: services.session_record(
            actor=request_user(request), case=case, **form.cleaned_data
        ),
    )


@require_POST
@staff_view(write=True)
def next_step_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = _writable_case(request, pk)
    form = NextStepForm(request.POST, case=case)
    return _case_form_post(
        request,
        case,
        form,
        _("Add a next step"),
        lambda: services.next_step_add(actor=request_user(request), case=case, **form.cleaned_data),
    )


@require_POST
@staff_view(write=True)
def stage_change(request: HttpRequest, pk: int) -> HttpResponse:
    case = _writable_case(request, pk)
    form = StageForm(request.POST, case=case)
    return _case_form_post(
        request,
        case,
        form,
        _("Change the stage"),
        lambda: services.case_set_stage(
            actor=request_user(request), case=case, **form.cleaned_data
        ),
    )


@require_POST
@staff_view(write=True)
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    case = _writable_case(request, pk)
    form = CloseForm(request.POST)
    return _case_form_post(
        request,
        case,
        form,
        _("Close the case"),
        lambda: services.case_close(actor=request_user(request), case=case, **form.cleaned_data),
    )


@require_POST
@staff_view(write=True)
def case_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    case = _writable_case(request, pk)
    try:
        services.case_reopen(actor=request_user(request), case=case)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The case was reopened."))
    return redirect("counselling:case", pk=case.pk)


@require_POST
@staff_view(write=True)
def case_handover(request: HttpRequest, pk: int) -> HttpResponse:
    case = _writable_case(request, pk)
    form = HandoverForm(request.POST, case=case)
    return _case_form_post(
        request,
        case,
        form,
        _("Hand over the case"),
        lambda: services.case_hand_over(
            actor=request_user(request), case=case, counsellor=form.cleaned_data["counsellor"]
        ),
    )


@require_POST
@staff_view(write=True)
def next_step_done(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    step = selectors.next_step_get_for_user(user, pk)
    if not selectors.case_writable_by(user, step.case):
        raise PermissionDenied
    try:
        services.next_step_complete(actor=user, step=step)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The step is done."))
    if request.POST.get("back") == "tasks":
        return redirect("counselling:tasks")
    return redirect("counselling:case", pk=step.case_id)


@staff_view()
def my_tasks(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    today = timezone.localdate()
    steps = list(selectors.open_tasks_for(user))
    context = {
        "overdue": [step for step in steps if step.due_on < today],
        "due_today": [step for step in steps if step.due_on == today],
        "upcoming": [step for step in steps if step.due_on > today],
        "chain_steps": list(open_run_steps_for(user).filter(due_on__lte=today)),
        "today": today,
    }
    return render(request, "counselling/my_tasks.html", context)


@staff_view()
def person_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The counselling part of a person's page: cases and the whole timeline."""
    user = request_user(request)
    person = person_get_for_user(user, pk)
    context = {
        "person": person,
        "cases": selectors.cases_visible_to(user)
        .filter(person=person)
        .select_related("counsellor"),
        "timeline": selectors.person_timeline(user, person),
        "can_open": user.can_write and user.office_id == person.office_id,
        "owning_office": user.office_id == person.office_id,
    }
    template = (
        "counselling/_person_panel.html" if is_htmx(request) else "counselling/person_page.html"
    )
    return render(request, template, context)


@staff_view()
def company_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The counselling part of a company's page: its cases in the user's reach."""
    user = request_user(request)
    company = company_get_for_user(user, pk)
    context = {
        "company": company,
        "cases": selectors.cases_visible_to(user)
        .filter(company=company)
        .select_related("counsellor", "office"),
        "can_open": user.can_write and user.office_id is not None,
    }
    template = (
        "counselling/_company_panel.html" if is_htmx(request) else "counselling/company_page.html"
    )
    return render(request, template, context)
