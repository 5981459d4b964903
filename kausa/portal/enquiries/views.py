"""The portal's request form, the "check your email" page and the two links (confirmation and
a parent's consent). Pages work without JavaScript; every message is in the visitor's language."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from kausa.core.models import Office
from kausa.portal.bots import throttle
from kausa.portal.enquiries import services
from kausa.portal.enquiries.forms import EnquiryForm, ParentConsentForm, needs_parent
from kausa.portal.enquiries.models import Enquiry, EnquiryStatus
from kausa.portal.places.selectors import public_places
from kausa.portal.tenancy import portal_organisation

THROTTLE_LIMIT = 5
THROTTLE_WINDOW = 60 * 60


def _language() -> str:
    return (get_language() or "de").split("-")[0]


def _place(request: HttpRequest) -> Any:
    """The public place the visitor asks about (`?place=<pk>`), if it is one."""
    raw = request.GET.get("place", "")
    if not raw.isdigit() or len(raw) > 12:
        return None
    return public_places().select_related("company", "occupation").filter(pk=int(raw)).first()


@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    organisation = portal_organisation()
    if organisation is None or not Office.objects.filter(organisation=organisation).exists():
        return render(request, "portal_enquiries/unavailable.html", status=503)
    language = _language()
    consent_text = services.current_consent_text(organisation, language)
    place = _place(request)
    status = 200
    if request.method == "POST":
        form = EnquiryForm(request.POST, consent_text=consent_text.text)
        if form.is_valid():
            if throttle(
                request,
                "portal.enquiry",
                limit=THROTTLE_LIMIT,
                window_seconds=THROTTLE_WINDOW,
            ):
                form.add_error(
                    None,
                    _("You sent many requests in a short time. Please try again in one hour."),
                )
                status = 429
            else:
                data = form.cleaned_data
                services.enquiry_submit(
                    organisation=organisation,
                    data=services.EnquiryData(
                        first_name=data["first_name"],
                        last_name=data["last_name"],
                        email=data["email"],
                        phone=data["phone"],
                        lives_abroad=data["lives_abroad"],
                        postal_code=data["postal_code"],
                        birth_year=data["birth_year"],
                        parent_email=data.get("parent_email") or "",
                        languages=list(data["languages"]),
                        german_level=data["german_level"],
                        wishes=form.wishes(),
                        question=data["question"],
                        needs_parent=needs_parent(data["birth_year"]),
                    ),
                    language=language,
                    consent_text=consent_text,
                    place=place,
                )
                return HttpResponseRedirect(reverse("portal_enquiries:sent"))
    else:
        form = EnquiryForm(consent_text=consent_text.text)
    return render(
        request,
        "portal_enquiries/create.html",
        {"form": form, "place": place, "consent_text": consent_text},
        status=status,
    )


@require_safe
def sent(request: HttpRequest) -> HttpResponse:
    return render(request, "portal_enquiries/sent.html", {"days": services.LINK_DAYS})


def _link_problem(request: HttpRequest, error: Exception) -> HttpResponse:
    if isinstance(error, services.TokenExpired):
        return render(request, "portal_enquiries/link.html", {"problem": "expired"}, status=410)
    if isinstance(error, services.AlreadyDone):
        return render(request, "portal_enquiries/link.html", {"problem": "used"}, status=409)
    return render(request, "portal_enquiries/link.html", {"problem": "invalid"}, status=404)


def _from_token(token: str, step: str) -> Enquiry:
    if len(token) > 300:
        raise services.TokenInvalid
    return services.enquiry_from_token(token, step)


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the mail shows a button; only the button confirms (mail scanners that
    open links confirm nothing)."""
    try:
        enquiry = _from_token(token, services.CONFIRM)
        if enquiry.status != EnquiryStatus.PENDING:
            raise services.AlreadyDone
        if request.method == "POST":
            enquiry = services.enquiry_confirm(enquiry=enquiry)
            return render(request, "portal_enquiries/confirmed.html", {"enquiry": enquiry})
    except (services.TokenInvalid, services.TokenExpired, services.AlreadyDone) as error:
        return _link_problem(request, error)
    return render(request, "portal_enquiries/confirm.html", {"enquiry": enquiry})


@require_http_methods(["GET", "POST"])
def parent(request: HttpRequest, token: str) -> HttpResponse:
    try:
        enquiry = _from_token(token, services.PARENT)
        if enquiry.status != EnquiryStatus.AWAITING_PARENT:
            raise services.AlreadyDone
        if request.method == "POST":
            form = ParentConsentForm(request.POST, consent_text=enquiry.consent_text.text)
            if form.is_valid():
                services.enquiry_parent_consent(
                    enquiry=enquiry, parent_name=form.cleaned_data["parent_name"]
                )
                return render(request, "portal_enquiries/parent_done.html")
        else:
            form = ParentConsentForm(consent_text=enquiry.consent_text.text)
    except (services.TokenInvalid, services.TokenExpired, services.AlreadyDone) as error:
        return _link_problem(request, error)
    return render(request, "portal_enquiries/parent.html", {"form": form, "enquiry": enquiry})
