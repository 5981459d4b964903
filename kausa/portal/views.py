"""The portal's entry points: `/` picks the visitor's language, the home page, and the redirect
of the staff app's old addresses to /staff/."""

from __future__ import annotations

from django.conf import settings
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from kausa.portal.tenancy import portal_organisation


@require_safe
@vary_on_headers("Accept-Language")
def portal_root(request: HttpRequest) -> HttpResponse:
    """The portal in the browser's language (German if it asks for none of the seven)."""
    chosen = translation.get_language_from_request(request, check_path=False)
    language = chosen if chosen in settings.PORTAL_LANGUAGES else settings.LANGUAGE_CODE
    with translation.override(language):
        return HttpResponseRedirect(reverse("portal:home"))


def legacy_staff_redirect(request: HttpRequest, rest: str) -> HttpResponse:
    query = request.META.get("QUERY_STRING", "")
    target = f"/staff/{rest}" + (f"?{query}" if query else "")
    if request.method in ("GET", "HEAD"):
        return HttpResponsePermanentRedirect(target)
    # 308 keeps the method and body of a form sent to an old address.
    response = HttpResponseRedirect(target)
    response.status_code = 308
    return response


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"organisation": portal_organisation()})
