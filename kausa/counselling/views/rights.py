"""Consent records and data rights of a person: export (Art. 15/20) and erasure (Art. 17).

Only the office that owns the person manages consent, exports and erases: other offices
(and team leads) who may see the person get 403 here.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kausa.core.access import request_user, require_write_for_office, staff_view
from kausa.core.actions import run_form_action
from kausa.core.audit import audit_log
from kausa.core.forms import apply_errors
from kausa.core.models import User
from kausa.counselling import selectors
from kausa.counselling.forms import ConsentForm, EraseForm, WithdrawForm
from kausa.counselling.services import consents, data_rights
from kausa.people import audit_actions as people_actions
from kausa.people.models import Person
from kausa.people.selectors import person_get_for_user


def _owned_person(request: HttpRequest, pk: int, *, write: bool = False) -> tuple[User, Person]:
    """The person, if the user works in the office that owns them (404 if invisible)."""
    user = request_user(request)
    person = person_get_for_user(user, pk)
    if write:
        require_write_for_office(user, person.office_id)
    elif not selectors.office_member(user, person.office_id):
        raise PermissionDenied
    return user, person


@staff_view()
def consent_list(request: HttpRequest, pk: int) -> HttpResponse:
    user, person = _owned_person(request, pk, write=request.method == "POST")
    form = None
    if user.can_write_for(person.office_id):
        form = ConsentForm(
            request.POST or None,
            organisation_id=person.office.organisation_id,
            initial={"given_on": timezone.localdate()},
        )
        if request.method == "POST" and form.is_valid():
            try:
                consents.consent_record(actor=user, person=person, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The consent was recorded."))
                return redirect("counselling:consents", pk=person.pk)
    context = {
        "person": person,
        "consents": selectors.consent_list(person),
        "form": form,
        "withdraw_form": WithdrawForm(initial={"withdrawn_on": timezone.localdate()}),
    }
    return render(request, "counselling/consent_list.html", context)


@require_POST
@staff_view(write=True)
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    consent = selectors.consent_get_for_user(user, pk, write=True)
    form = WithdrawForm(request.POST)
    run_form_action(
        request,
        form.is_valid(),
        lambda: consents.consent_withdraw(
            actor=user, consent=consent, withdrawn_on=form.cleaned_data["withdrawn_on"]
        ),
        success=_("The withdrawal was recorded."),
        invalid=_("Enter the date of the withdrawal."),
    )
    return redirect("counselling:consents", pk=consent.person_id)


@staff_view()
def data_rights_page(request: HttpRequest, pk: int) -> HttpResponse:
    user, person = _owned_person(request, pk)
    form = EraseForm() if user.can_write_for(person.office_id) else None
    return render(request, "counselling/data_rights.html", {"person": person, "form": form})


def _exported(request: HttpRequest, pk: int) -> tuple[Person, dict[str, object]]:
    """The export of the person, logged once per export."""
    user, person = _owned_person(request, pk)
    data = data_rights.person_export(person)
    audit_log(actor=user, action=people_actions.EXPORTED, obj=person, office=person.office)
    return person, data


@staff_view()
def export_json(request: HttpRequest, pk: int) -> HttpResponse:
    person, data = _exported(request, pk)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    # The file name carries the record number only, never the name.
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.json"'
    return response


@staff_view()
def export_document(request: HttpRequest, pk: int) -> HttpResponse:
    person, data = _exported(request, pk)
    response = render(request, "counselling/export_document.html", {"data": data})
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.html"'
    return response


@require_POST
@staff_view(write=True)
def erase(request: HttpRequest, pk: int) -> HttpResponse:
    user, person = _owned_person(request, pk, write=True)
    form = EraseForm(request.POST)
    if form.is_valid():
        try:
            data_rights.person_erase(actor=user, person=person)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The person and all their records were erased."))
            return redirect("people:list")
    return render(request, "counselling/data_rights.html", {"person": person, "form": form})
