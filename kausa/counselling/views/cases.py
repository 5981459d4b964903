"""Staff pages of cases: list, open, read, stage, hand-over, close, reopen, panels."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kausa.companies.selectors import company_get_for_user
from kausa.core.access import may_write, request_user, require_write_for_office, staff_view
from kausa.core.actions import run_action
from kausa.core.forms import apply_errors
from kausa.core.listing import is_htmx, paginate
from kausa.counselling import selectors
from kausa.counselling.forms import (
    CaseOpenForm,
    CloseForm,
    HandoverForm,
    NextStepForm,
    SessionForm,
    StageForm,
)
from kausa.counselling.models import Case, ConsentPurpose
from kausa.counselling.services import cases as services
from kausa.events.selectors import company_event_registrations
from kausa.people.selectors import person_get_for_user


@staff_view()
def case_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    show = request.GET.get("show", "open")
    if show not in selectors.CASE_LIST_FILTERS:
        show = "open"
    page = paginate(request, selectors.case_list(user, {"show": show}))
    return render(request, "counselling/case_list.html", {"page": page, "show": show})


@staff_view(write=True)
def person_case_open(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    person = person_get_for_user(user, pk)
    require_write_for_office(user, person.office_id)  # only the owning office counsels
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
    require_write_for_office(user, user.office_id)  # a case belongs to the user's office
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
    writable = may_write(user, case)
    handover_form = HandoverForm(case=case)
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
        "handover_form": handover_form,
        "handover_possible": handover_form.has_colleagues(),
        "counselling_withdrawn": case.person is not None
        and selectors.consent_withdrawn(case.person, ConsentPurpose.COUNSELLING),
        "today": timezone.localdate(),
        **_case_summary(case),
    }
    return render(request, "counselling/case_detail.html", context)


def _case_summary(case: Case) -> dict[str, object]:
    """What the sticky summary and the proposal and chain sections of the case page show."""
    from kausa.chains.models import ChainRun
    from kausa.placements.models import Proposal

    next_due = case.next_steps.filter(done_at__isnull=True).order_by("due_on", "id").first()
    consent = None
    referral_consents = 0
    proposals = Proposal.objects.none()
    person = case.person
    if person is not None:
        consent = (
            person.consents.filter(purpose=ConsentPurpose.COUNSELLING)
            .order_by("-given_on", "-id")
            .first()
        )
        referral_consents = person.consents.filter(
            purpose=ConsentPurpose.REFERRAL, withdrawn_on__isnull=True
        ).count()
        proposals = Proposal.objects.filter(person=person, office_id=case.office_id).select_related(
            "vacancy__company", "vacancy__occupation"
        )
    subject = {"person": person} if person is not None else {"company": case.company}
    runs = ChainRun.objects.filter(office_id=case.office_id, **subject).select_related("template")
    return {
        "next_due": next_due,
        "counselling_consent": consent,
        "referral_consents": referral_consents,
        "proposals": proposals,
        "chain_runs": runs,
    }


def case_form_post(
    request: HttpRequest, case: Case, form: forms.Form, title: str, call: Callable[[], object]
) -> HttpResponse:
    """Run a case action from a posted form; on errors show the form on its own page."""
    if form.is_valid():
        try:
            call()
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
def stage_change(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    case = selectors.case_get_for_user(user, pk, write=True)
    form = StageForm(request.POST, case=case)
    return case_form_post(
        request,
        case,
        form,
        _("Change the stage"),
        lambda: services.case_set_stage(actor=user, case=case, **form.cleaned_data),
    )


@require_POST
@staff_view(write=True)
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    case = selectors.case_get_for_user(user, pk, write=True)
    form = CloseForm(request.POST)
    return case_form_post(
        request,
        case,
        form,
        _("Close the case"),
        lambda: services.case_close(actor=user, case=case, **form.cleaned_data),
    )


@require_POST
@staff_view(write=True)
def case_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    case = selectors.case_get_for_user(user, pk, write=True)
    run_action(
        request,
        lambda: services.case_reopen(actor=user, case=case),
        success=_("The case was reopened."),
    )
    return redirect("counselling:case", pk=case.pk)


@require_POST
@staff_view(write=True)
def case_handover(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    case = selectors.case_get_for_user(user, pk, write=True)
    form = HandoverForm(request.POST, case=case)
    return case_form_post(
        request,
        case,
        form,
        _("Hand over the case"),
        lambda: services.case_hand_over(
            actor=user, case=case, counsellor=form.cleaned_data["counsellor"]
        ),
    )


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
        # One open case per person: the button only while there is none (the service refuses).
        "can_open": user.can_write_for(person.office_id)
        and not person.cases.filter(closed_at__isnull=True).exists(),
        "owning_office": selectors.office_member(user, person.office_id),
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
        "can_open": user.office_id is not None
        and user.can_write_for(user.office_id)
        and not company.cases.filter(closed_at__isnull=True, office_id=user.office_id).exists(),
        "event_registrations": company_event_registrations(user, company),
    }
    template = (
        "counselling/_company_panel.html" if is_htmx(request) else "counselling/company_page.html"
    )
    return render(request, template, context)
