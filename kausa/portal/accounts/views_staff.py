"""The office's side: company registrations waiting for confirmation, and the decision on
one of them (link to an existing company, register a new one, or reject)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kausa.companies.forms import CompanyForm
from kausa.companies.models import Company
from kausa.core.access import request_user, staff_view
from kausa.portal.accounts import selectors, services
from kausa.portal.accounts.forms import LinkForm, RejectForm
from kausa.portal.accounts.models import CompanyRegistration, RegistrationStatus

SEARCH_LIMIT = 20


@require_safe
@staff_view(write=True)
def registrations(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    pending = selectors.pending_registrations_for_user(user)
    decided = (
        selectors.registrations_for_user(user)
        .exclude(status=RegistrationStatus.PENDING)
        .order_by("-decided_at", "-pk")[:20]
    )
    return render(
        request,
        "portal_accounts_staff/registrations.html",
        {"pending": pending, "decided": decided},
    )


def _company_initial(registration: CompanyRegistration) -> dict[str, Any]:
    return {
        "name": registration.company_name,
        "postal_code": registration.postal_code,
        "phone": registration.phone,
        "email": registration.account.email,
    }


@staff_view(write=True)
def registration(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    record = selectors.registration_get_for_user(user, pk, write=True)
    organisation_companies = Company.objects.filter(
        organisation_id=record.organisation_id, archived_at__isnull=True
    )
    lookalikes = selectors.lookalike_companies(record)
    query = str(request.GET.get("q", "")).strip()[:100]
    found: list[Company] = []
    if query:
        found = list(organisation_companies.filter(name__icontains=query)[:SEARCH_LIMIT])
    choices = [hit.company for hit in lookalikes] + [
        company for company in found if company.pk not in {hit.company.pk for hit in lookalikes}
    ]
    decision = request.POST.get("decision") if request.method == "POST" else None
    link_form = LinkForm(
        request.POST if decision == "link" else None,
        queryset=organisation_companies,
        choices=choices,
        prefix="link",
    )
    create_form = CompanyForm(
        request.POST if decision == "create" else None,
        initial=_company_initial(record),
        prefix="new",
    )
    reject_form = RejectForm(request.POST if decision == "reject" else None, prefix="reject")
    if request.method == "POST":
        if record.status != RegistrationStatus.PENDING:
            messages.error(request, _("This registration has already been decided."))
            return redirect("portal_accounts_staff:registration", pk=record.pk)
        try:
            if decision == "link" and link_form.is_valid():
                services.registration_link(
                    actor=user, registration=record, company=link_form.cleaned_data["company"]
                )
                messages.success(request, _("The registration is confirmed and linked."))
                return redirect("portal_accounts_staff:registrations")
            if decision == "create" and create_form.is_valid():
                services.registration_create_company(
                    actor=user,
                    registration=record,
                    data=create_form.company_data(),
                    languages=create_form.cleaned_data["languages"],
                )
                messages.success(request, _("The company was registered and the account linked."))
                return redirect("portal_accounts_staff:registrations")
            if decision == "reject" and reject_form.is_valid():
                services.registration_reject(
                    actor=user, registration=record, reason=reject_form.cleaned_data["reason"]
                )
                messages.success(request, _("The registration was rejected."))
                return redirect("portal_accounts_staff:registrations")
        except services.RegistrationDecided:
            messages.error(request, _("This registration has already been decided."))
            return redirect("portal_accounts_staff:registration", pk=record.pk)
    return render(
        request,
        "portal_accounts_staff/registration.html",
        {
            "registration": record,
            "lookalikes": lookalikes,
            "query": query,
            "found": found,
            "link_form": link_form,
            "create_form": create_form,
            "reject_form": reject_form,
            "decision": decision,
        },
    )
