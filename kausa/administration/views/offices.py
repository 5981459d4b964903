"""Offices of the organisation: list, create, edit (team leads and administrators)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kausa.administration import selectors
from kausa.administration.forms import OfficeForm
from kausa.administration.services.offices import OFFICE_FIELDS, office_create, office_update
from kausa.core.access import request_user, team_lead_view
from kausa.core.forms import apply_errors
from kausa.core.models import Office, User


@team_lead_view
def office_list(request: HttpRequest) -> HttpResponse:
    offices = selectors.office_list(request_user(request))
    return render(request, "administration/office_list.html", {"offices": offices})


@team_lead_view
def office_create_view(request: HttpRequest) -> HttpResponse:
    return _office_form(request, request_user(request), None)


@team_lead_view
def office_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    return _office_form(request, user, selectors.office_get_for_user(user, pk))


def _office_form(request: HttpRequest, user: User, office: Office | None) -> HttpResponse:
    """Create an office (`office` None) or change one."""
    initial = OfficeForm.initial_for(office) if office is not None else None
    form = OfficeForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        data = {name: form.cleaned_data[name] for name in OFFICE_FIELDS}
        districts = list(form.cleaned_data["districts_served"])
        try:
            if office is None:
                office_create(actor=user, data=data, districts=districts)
            else:
                office_update(actor=user, office=office, data=data, districts=districts)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The office was saved."))
            return redirect("administration:offices")
    return render(request, "administration/office_form.html", {"form": form, "office": office})
