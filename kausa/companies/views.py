"""Staff pages for companies."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kausa.companies import audit_actions, selectors, services
from kausa.companies.forms import CompanyFilterForm, CompanyForm
from kausa.core.access import may_write, request_user, staff_view
from kausa.core.archiving import ArchiveActions, archive_toggle_response
from kausa.core.forms import contact_formset
from kausa.core.listing import filters_from_form, paginate, render_list


@staff_view()
def company_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = CompanyFilterForm(request.GET or None)
    companies = selectors.company_list(user, filters_from_form(selectors.CompanyFilters, form))
    return render_list(
        request,
        "companies/company_list.html",
        "companies/_company_results.html",
        {
            "form": form,
            "page": paginate(request, companies),
            "can_create": user.can_write_shared(user.organisation_id),
        },
    )


@staff_view()
def company_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    company = selectors.company_get_for_user(user, pk)
    context = {
        "company": company,
        "can_edit": may_write(user, company),
        "languages": company.languages.all(),
        "contacts": company.contacts.all(),
        "vacancies": company.vacancies.select_related("occupation").filter(
            archived_at__isnull=True
        ),
    }
    return render(request, "companies/company_detail.html", context)


@staff_view(write=True)
def company_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    organisation = user.organisation
    if organisation is None:  # staff_view lets only members of an organisation in
        raise PermissionDenied
    form = CompanyForm(request.POST or None)
    contacts = contact_formset(request.POST or None)
    if request.method == "POST" and form.is_valid() and contacts.is_valid():
        company = services.company_create(
            actor=user,
            organisation=organisation,
            data=form.company_data(),
            languages=form.cleaned_data["languages"],
            contacts=contacts.contacts(),
        )
        messages.success(request, _("The company was registered."))
        return redirect("companies:detail", pk=company.pk)
    return render(
        request,
        "companies/company_form.html",
        {"form": form, "contacts": contacts, "company": None},
    )


@staff_view(write=True)
def company_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    company = selectors.company_get_for_user(user, pk, write=True)
    form = CompanyForm(request.POST or None, initial=CompanyForm.initial_for(company))
    initial_contacts = list(company.contacts.values("name", "role", "email", "phone"))
    contacts = contact_formset(request.POST or None, initial=initial_contacts)
    if request.method == "POST" and form.is_valid() and contacts.is_valid():
        services.company_update(
            actor=user,
            company=company,
            data=form.company_data(),
            languages=form.cleaned_data["languages"],
            contacts=contacts.contacts(),
        )
        messages.success(request, _("The changes were saved."))
        return redirect("companies:detail", pk=company.pk)
    return render(
        request,
        "companies/company_form.html",
        {"form": form, "contacts": contacts, "company": company},
    )


@require_POST
@staff_view(write=True)
def company_archive(request: HttpRequest, pk: int) -> HttpResponse:
    return archive_toggle_response(
        request,
        record=selectors.company_get_for_user(request_user(request), pk, write=True),
        actions=ArchiveActions(audit_actions.ARCHIVED, audit_actions.RESTORED),
        detail_url_name="companies:detail",
        archived_message=_("The company was archived."),
        restored_message=_("The company was restored."),
    )
