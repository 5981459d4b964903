"""Process chains started for a person or company: start, follow, print, hand-out PDF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kausa.chains import selectors, services
from kausa.chains.forms import RunStartForm, RunStepForm
from kausa.chains.handout_pdf import render_handout
from kausa.chains.models import Audience, StepStatus
from kausa.companies.selectors import company_get_for_user
from kausa.core.access import request_user, staff_view
from kausa.core.audit import audit_log
from kausa.core.forms import apply_errors
from kausa.core.listing import is_htmx
from kausa.counselling.selectors import cases_visible_to
from kausa.people.selectors import person_get_for_user


@staff_view(write=True)
def person_start(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    person = person_get_for_user(user, pk)
    if user.office_id != person.office_id:
        raise PermissionDenied
    cases = cases_visible_to(user).filter(person=person, closed_at__isnull=True)
    return _start(request, user, Audience.PERSON, cases, person=person)


@staff_view(write=True)
def company_start(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    company = company_get_for_user(user, pk)
    if user.office is None:
        raise PermissionDenied  # a chain is run by an office
    cases = cases_visible_to(user).filter(company=company, closed_at__isnull=True)
    return _start(request, user, Audience.COMPANY, cases, company=company)


def _start(request, user, audience, cases, **subject) -> HttpResponse:  # type: ignore[no-untyped-def]
    form = RunStartForm(
        request.POST or None,
        organisation_id=user.organisation_pk,
        audience=audience,
        cases=cases,
        initial={"case": cases.first()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        context = None
        if audience == Audience.COMPANY:
            context = {
                "residence_status": data.get("residence_status") or "unknown",
                "lives_abroad": bool(data.get("lives_abroad")),
            }
        try:
            run = services.run_start(
                actor=user,
                template=data["template"],
                case=data.get("case"),
                language=data["language"],
                context=context,
                **subject,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The process chain was started."))
            return redirect("chains:run", pk=run.pk)
    subject_obj = subject.get("person") or subject.get("company")
    return render(
        request,
        "chains/run_start.html",
        {"form": form, "subject": subject_obj, "audience": audience},
    )


@staff_view()
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    run = selectors.run_get_for_user(user, pk)
    steps = list(run.run_steps.select_related("step", "partner"))
    current = next(
        (item for item in steps if item.status in (StepStatus.OPEN, StepStatus.IN_PROGRESS)), None
    )
    writable = user.can_write and user.office_id == run.office_id
    context = {
        "run": run,
        "steps": steps,
        "current": current,
        "writable": writable,
        "notes_visible": user.office_id == run.office_id,
        "rows": [
            (
                item,
                RunStepForm(
                    initial={"status": item.status, "due_on": item.due_on, "notes": item.notes},
                    prefix=f"s{item.pk}",
                )
                if writable
                else None,
            )
            for item in steps
        ],
        "today": timezone.localdate(),
    }
    return render(request, "chains/run_detail.html", context)


@require_POST
@staff_view(write=True)
def run_step_update(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    item = selectors.run_step_get_for_user(user, pk)
    if user.office_id != item.run.office_id:
        raise PermissionDenied
    form = RunStepForm(request.POST, prefix=f"s{item.pk}")
    if form.is_valid():
        try:
            services.run_step_update(actor=user, run_step=item, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(
            request,
            _("Please check the step: %(errors)s")
            % {"errors": " ".join(str(e) for errors in form.errors.values() for e in errors)},
        )
    return redirect("chains:run", pk=item.run_id)


@staff_view()
def run_handout(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    run = selectors.run_get_for_user(user, pk)
    if user.office_id != run.office_id:
        raise PermissionDenied  # the hand-out names the person: their office prints it
    pdf = render_handout(run)
    audit_log(actor=user, action="chains.run.handout_printed", obj=run, office=run.office)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="prozesskette-{run.pk}.pdf"'
    return response


def _panel(request: HttpRequest, runs, context: dict) -> HttpResponse:  # type: ignore[no-untyped-def]
    context["runs"] = runs.select_related("template")
    template = "chains/_panel.html" if is_htmx(request) else "chains/panel_page.html"
    return render(request, template, context)


@staff_view()
def person_panel(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    person = person_get_for_user(user, pk)
    runs = selectors.runs_visible_to(user).filter(person=person)
    context = {
        "subject": person,
        "start_url_name": "chains:person_start",
        "can_start": user.can_write and user.office_id == person.office_id,
    }
    return _panel(request, runs, context)


@staff_view()
def company_panel(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    company = company_get_for_user(user, pk)
    runs = selectors.runs_visible_to(user).filter(company=company)
    context = {
        "subject": company,
        "start_url_name": "chains:company_start",
        "can_start": user.can_write and user.office_id is not None,
    }
    return _panel(request, runs, context)
