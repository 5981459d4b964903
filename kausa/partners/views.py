"""Staff pages for the network directory."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kausa.core.access import may_write, request_user, staff_view
from kausa.core.archiving import ArchiveActions, archive_toggle_response
from kausa.core.forms import contact_formset
from kausa.core.listing import filters_from_form, paginate, render_list
from kausa.partners import audit_actions, selectors, services
from kausa.partners.forms import PartnerFilterForm, PartnerForm


@staff_view()
def partner_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = PartnerFilterForm(request.GET or None)
    partners = selectors.partner_list(user, filters_from_form(selectors.PartnerFilters, form))
    return render_list(
        request,
        "partners/partner_list.html",
        "partners/_partner_results.html",
        {
            "form": form,
            "page": paginate(request, partners),
            "can_create": user.can_write_shared(user.organisation_id),
        },
    )


@staff_view()
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    partner = selectors.partner_get_for_user(user, pk)
    context = {
        "partner": partner,
        "can_edit": may_write(user, partner),
        "districts": partner.districts.all(),
        "topics": partner.topics.all(),
        "contacts": partner.contacts.all(),
    }
    return render(request, "partners/partner_detail.html", context)


@staff_view(write=True)
def partner_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    organisation = user.organisation
    if organisation is None:  # staff_view lets only members of an organisation in
        raise PermissionDenied
    initial = {"districts": [user.office.district_id]} if user.office else {}
    form = PartnerForm(request.POST or None, initial=initial)
    contacts = contact_formset(request.POST or None)
    if request.method == "POST" and form.is_valid() and contacts.is_valid():
        partner = services.partner_create(
            actor=user,
            organisation=organisation,
            data=form.partner_data(),
            districts=list(form.cleaned_data["districts"]),
            topics=list(form.cleaned_data["topics"]),
            contacts=contacts.contacts(),
        )
        messages.success(request, _("The network partner was saved."))
        return redirect("partners:detail", pk=partner.pk)
    return render(
        request, "partners/partner_form.html", {"form": form, "contacts": contacts, "partner": None}
    )


@staff_view(write=True)
def partner_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    partner = selectors.partner_get_for_user(user, pk, write=True)
    form = PartnerForm(request.POST or None, initial=PartnerForm.initial_for(partner))
    initial_contacts = list(partner.contacts.values("name", "role", "email", "phone"))
    contacts = contact_formset(request.POST or None, initial=initial_contacts)
    if request.method == "POST" and form.is_valid() and contacts.is_valid():
        services.partner_update(
            actor=user,
            partner=partner,
            data=form.partner_data(),
            districts=list(form.cleaned_data["districts"]),
            topics=list(form.cleaned_data["topics"]),
            contacts=contacts.contacts(),
        )
        messages.success(request, _("The changes were saved."))
        return redirect("partners:detail", pk=partner.pk)
    return render(
        request,
        "partners/partner_form.html",
        {"form": form, "contacts": contacts, "partner": partner},
    )


@require_POST
@staff_view(write=True)
def partner_archive(request: HttpRequest, pk: int) -> HttpResponse:
    return archive_toggle_response(
        request,
        record=selectors.partner_get_for_user(request_user(request), pk, write=True),
        actions=ArchiveActions(audit_actions.ARCHIVED, audit_actions.RESTORED),
        detail_url_name="partners:detail",
        archived_message=_("The network partner was archived."),
        restored_message=_("The network partner was restored."),
    )
