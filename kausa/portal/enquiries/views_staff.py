"""Staff pages of the portal's counselling requests: the office's list, one request, taking it
over and closing it. Another office's request answers 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kausa.core.access import request_user, staff_view, team_lead_view
from kausa.core.actions import run_action
from kausa.core.choices import LANGUAGES
from kausa.portal.enquiries import selectors, services
from kausa.portal.enquiries.forms import CloseForm, ConsentTextForm
from kausa.portal.enquiries.models import STAFF_VISIBLE, EnquiryConsentText, EnquiryStatus


@require_safe
@staff_view()
def enquiry_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    status = request.GET.get("status", "")
    status = status if status in STAFF_VISIBLE else ""
    page = Paginator(selectors.enquiry_list(user, status=status), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "portal_enquiries/staff/list.html",
        {"page": page, "status": status, "all_offices": user.sees_all_offices},
    )


@require_safe
@staff_view()
def enquiry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    enquiry = selectors.enquiry_get_for_user(user, pk)
    return render(
        request,
        "portal_enquiries/staff/detail.html",
        {
            "enquiry": enquiry,
            "wishes": selectors.enquiry_wishes(enquiry),
            "writable": user.can_write_for(enquiry.office_id),
            "is_active": enquiry.status in (EnquiryStatus.OPEN, EnquiryStatus.IN_PROGRESS),
            "close_form": CloseForm(),
            "languages": _language_names(enquiry.languages),
        },
    )


def _language_names(codes: list[str]) -> list[str]:
    names = dict(LANGUAGES)
    return [str(names.get(code, code)) for code in codes]


def _refused() -> None:
    raise ValidationError(_("This request is closed already."))


@require_POST
@staff_view()
def enquiry_take_over(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    enquiry = selectors.enquiry_get_for_user(user, pk, write=True)

    def call() -> object:
        try:
            return services.enquiry_take_over(actor=user, enquiry=enquiry)
        except services.WrongStatus:
            _refused()
            return None

    run_action(request, call, success=_("You took over the request."))
    return redirect("portal_enquiries_staff:detail", pk=enquiry.pk)


@require_POST
@staff_view()
def enquiry_close(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    enquiry = selectors.enquiry_get_for_user(user, pk, write=True)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose an outcome."))
        return redirect("portal_enquiries_staff:detail", pk=enquiry.pk)

    def call() -> object:
        try:
            return services.enquiry_close(
                actor=user, enquiry=enquiry, outcome=form.cleaned_data["outcome"]
            )
        except services.WrongStatus:
            _refused()
            return None

    run_action(request, call, success=_("The request is closed."))
    return redirect("portal_enquiries_staff:detail", pk=enquiry.pk)


@require_http_methods(["GET", "POST"])
@team_lead_view
def consent_texts(request: HttpRequest) -> HttpResponse:
    """The versions of the request form's consent text per language; a new version applies
    to requests sent from its first day on."""
    user = request_user(request)
    if request.method == "POST":
        form = ConsentTextForm(request.POST)
        if form.is_valid():
            try:
                services.consent_text_create(actor=user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The new version is saved."))
                return redirect("portal_enquiries_staff:consent_texts")
    else:
        form = ConsentTextForm(initial={"valid_from": timezone.localdate()})
    texts = EnquiryConsentText.objects.filter(organisation_id=user.organisation_pk)
    return render(
        request,
        "portal_enquiries/staff/consent_texts.html",
        {"form": form, "texts": texts.order_by("language", "-version")},
    )
