"""The office's side of my-data requests: the list of its requests and the decision on one.

Confirming an erasure runs the staff app's erasure service; confirming an export records that
the counsellor downloaded the staff app's export (audited there) and sent it to the person.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kausa.core.access import request_user, staff_view
from kausa.core.forms import apply_errors
from kausa.portal.mydata import selectors, services_staff
from kausa.portal.mydata.forms_staff import DecisionForm
from kausa.portal.mydata.models import DataRequestKind, DataRequestStatus

STATUS_FILTERS = ("open", "done", "refused", "all")


@require_http_methods(["GET", "HEAD"])
@staff_view()
def request_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    status = request.GET.get("status", "open")
    if status not in STATUS_FILTERS:
        status = "open"
    rows = selectors.data_request_list(user, status=None if status == "all" else status)
    return render(
        request,
        "portal_mydata/staff_list.html",
        {"rows": rows[:200], "status": status, "statuses": DataRequestStatus.choices},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view()
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    data_request = selectors.data_request_get_for_user(user, pk, write=request.method == "POST")
    erasure = data_request.kind == DataRequestKind.ERASURE
    form = DecisionForm(request.POST if request.method == "POST" else None, erasure=erasure)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "confirm":
                services_staff.data_request_confirm(
                    actor=user, request=data_request, note=form.cleaned_data["reason"]
                )
                done = _("The person was erased.") if erasure else _("The request is done.")
                messages.success(request, done)
            else:
                services_staff.data_request_refuse(
                    actor=user, request=data_request, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("The request was refused. The person gets an email."))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("portal_mydata_staff:request", pk=data_request.pk)
    person = data_request.person
    context = {
        "data_request": data_request,
        "form": form if user.can_write_for(data_request.office_id) else None,
        "is_open": data_request.status == DataRequestStatus.OPEN,
        "erasure": erasure,
        "person": person,
        "may_export": person is not None and user.works_in(person.office_id),
    }
    return render(request, "portal_mydata/staff_detail.html", context)
