"""Process chains started for a person or company: start, follow, print, hand-out PDF."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kausa.chains import audit_actions, selectors
from kausa.chains.forms import RunLanguageForm, RunStartForm, RunStepForm
from kausa.chains.handout import build_handout, contact_line
from kausa.chains.handout_pdf import render_handout
from kausa.chains.models import HANDOUT_LANGUAGES, Audience, ChainRun, ChainTemplate, StepStatus
from kausa.chains.services import runs as run_services
from kausa.companies.selectors import company_get_for_user
from kausa.core.access import may_write, request_user, require_write_for_office, staff_view
from kausa.core.audit import record_download
from kausa.core.choices import RIGHT_TO_LEFT_LANGUAGES
from kausa.core.forms import apply_errors
from kausa.core.listing import is_htmx
from kausa.core.models import AuditEntry, User
from kausa.counselling.models import Case
from kausa.counselling.selectors import cases_visible_to
from kausa.people.selectors import person_get_for_user

# A browser may fetch one download twice (a double click, a PDF viewer reloading it): the
# same person printing the same hand-out within this window is one print, one audit entry.
HANDOUT_REPEAT_WINDOW = datetime.timedelta(minutes=1)


@require_http_methods(["GET", "POST"])
@staff_view(write=True)
def person_start(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    person = person_get_for_user(user, pk, write=True)  # a person's chain is run by their office
    cases = cases_visible_to(user).filter(person=person, closed_at__isnull=True)
    return _start(request, user, Audience.PERSON, cases, person=person)


@require_http_methods(["GET", "POST"])
@staff_view(write=True)
def company_start(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    company = company_get_for_user(user, pk)
    require_write_for_office(user, user.office_id)  # a chain is run by the user's office
    cases = cases_visible_to(user).filter(company=company, closed_at__isnull=True)
    return _start(request, user, Audience.COMPANY, cases, company=company)


def _company_context(data: dict[str, Any]) -> dict[str, Any]:
    """A company's chain is evaluated against the apprentice's situation given in the form."""
    return {
        "residence_status": data.get("residence_status") or "unknown",
        "lives_abroad": bool(data.get("lives_abroad")),
    }


def _complete_languages(templates: QuerySet[ChainTemplate]) -> str:
    """Which languages each chain is completely translated into (German always is)."""
    names = dict(HANDOUT_LANGUAGES)
    lines = []
    for template in templates:
        states = selectors.template_language_states(template)
        complete = [str(names[code]) for code, state in states.items() if state == "complete"]
        lines.append(f"{template.title()}: {', '.join(complete) or '–'}")
    return _("Completely translated besides German: %(chains)s") % {"chains": "; ".join(lines)}


def _start(
    request: HttpRequest,
    user: User,
    audience: str,
    cases: QuerySet[Case],
    **subject: Any,
) -> HttpResponse:
    form = RunStartForm(
        request.POST or None,
        organisation_id=user.organisation_pk,
        audience=audience,
        cases=cases,
        initial={"case": cases.first()},
    )
    template_field = form.fields["template"]
    assert isinstance(template_field, ModelChoiceField)
    assert template_field.queryset is not None
    form.fields["language"].help_text = _complete_languages(template_field.queryset)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = run_services.chain_run_start(
                actor=user,
                template=data["template"],
                case=data.get("case"),
                language=data["language"],
                context=_company_context(data) if audience == Audience.COMPANY else None,
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
    run = selectors.chain_run_get_for_user(user, pk)
    steps = list(run.run_steps.select_related("step", "partner"))
    current = next(
        (item for item in steps if item.status in (StepStatus.OPEN, StepStatus.IN_PROGRESS)), None
    )
    writable = may_write(user, run)
    handout = build_handout(run)
    parts = {part.run_step.pk: part for part in handout.steps if part.run_step is not None}
    context = {
        "run": run,
        "handout": handout,
        "handout_labels": handout.labels(handout.language),
        "whole_rtl": handout.chosen in RIGHT_TO_LEFT_LANGUAGES,
        "language_form": RunLanguageForm(
            initial={"language": run.language},
            states=selectors.template_language_states(run.template),
        )
        if writable
        else None,
        "steps": steps,
        "current": current,
        "writable": writable,
        "notes_visible": selectors.chain_run_of_own_office(user, run),
        "rows": [
            (
                item,
                parts.get(item.pk),
                contact_line(item),
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
def run_language(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose the hand-out's second language (its office only)."""
    user = request_user(request)
    run = selectors.chain_run_get_for_user(user, pk, write=True)
    form = RunLanguageForm(request.POST, states={})
    if not form.is_valid():
        messages.error(request, _("Choose one of the hand-out languages."))
        return redirect("chains:run", pk=run.pk)
    try:
        run_services.chain_run_language_set(
            actor=user, run=run, language=form.cleaned_data["language"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Saved."))
    return redirect("chains:run", pk=run.pk)


@require_POST
@staff_view(write=True)
def run_step_update(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    item = selectors.chain_run_step_get_for_user(user, pk, write=True)
    form = RunStepForm(request.POST, prefix=f"s{item.pk}")
    if form.is_valid():
        try:
            run_services.chain_run_step_update(actor=user, run_step=item, **form.cleaned_data)
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
    run = selectors.chain_run_get_for_user(user, pk)
    if not selectors.chain_run_of_own_office(user, run):
        raise PermissionDenied  # the hand-out names the person: their office prints it
    pdf = render_handout(run)
    if not _printed_just_now(user, run):
        record_download(
            request, obj=run, action=audit_actions.RUN_HANDOUT_PRINTED, office=run.office
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="prozesskette-{run.pk}.pdf"'
    return response


def _printed_just_now(user: User, run: ChainRun) -> bool:
    return AuditEntry.objects.filter(
        actor=user,
        action=audit_actions.RUN_HANDOUT_PRINTED,
        object_type=ChainRun._meta.label_lower,
        object_id=str(run.pk),
        at__gte=timezone.now() - HANDOUT_REPEAT_WINDOW,
    ).exists()


def _panel(request: HttpRequest, runs: QuerySet[ChainRun], context: dict[str, Any]) -> HttpResponse:
    context["runs"] = runs.select_related("template")
    template = "chains/_panel.html" if is_htmx(request) else "chains/panel_page.html"
    return render(request, template, context)


@staff_view()
def person_panel(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    person = person_get_for_user(user, pk)
    context = {
        "subject": person,
        "start_url_name": "chains:person_start",
        "can_start": may_write(user, person),
    }
    return _panel(request, selectors.chain_run_list(user).filter(person=person), context)


@staff_view()
def company_panel(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    company = company_get_for_user(user, pk)
    context = {
        "subject": company,
        "start_url_name": "chains:company_start",
        "can_start": user.can_write_for(user.office_id),
    }
    return _panel(request, selectors.chain_run_list(user).filter(company=company), context)
