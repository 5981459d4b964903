"""The portal's content pages, under /<language>/info/: the training page, any published
page by its address, and the office finder (postal code → the responsible office)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from kausa.portal.content import selectors
from kausa.portal.content.forms import OfficeFinderForm
from kausa.portal.content.models import ContentPage, PagePurpose
from kausa.portal.content.rendering import render_markdown
from kausa.portal.content.services import content_defaults
from kausa.portal.tenancy import portal_organisation


def _language() -> str:
    return (get_language() or "de").split("-")[0]


def _render_page(request: HttpRequest, found: selectors.PublicPage | None) -> HttpResponse:
    if found is None:
        raise Http404
    return render(
        request,
        "portal_content/page.html",
        {
            "page": found.page,
            "version": found.version,
            "fallback": found.fallback,
            "body": render_markdown(found.version.body_markdown),
        },
    )


@require_safe
def training(request: HttpRequest) -> HttpResponse:
    organisation = portal_organisation()
    if (
        organisation is not None
        and not ContentPage.objects.filter(
            organisation=organisation, purpose=PagePurpose.TRAINING
        ).exists()
    ):
        # An installation that never ran `content_defaults` gets the German default pages
        # on the first visit, so the menu's first entry never leads nowhere.
        content_defaults(organisation)
    return _render_page(
        request, selectors.public_page(language=_language(), purpose=PagePurpose.TRAINING)
    )


@require_safe
def page(request: HttpRequest, slug: str) -> HttpResponse:
    return _render_page(request, selectors.public_page(language=_language(), slug=slug))


@require_safe
def offices(request: HttpRequest) -> HttpResponse:
    searched = "postal_code" in request.GET or "abroad" in request.GET
    form = OfficeFinderForm(request.GET if searched else None)
    results = None
    no_office = False
    abroad = False
    if searched and form.is_valid():
        if form.cleaned_data["abroad"] and not form.cleaned_data["postal_code"]:
            abroad = True
            results = selectors.all_portal_offices()
        else:
            results = selectors.offices_for_postal_code(form.cleaned_data["postal_code"]) or []
            if not results:
                no_office = True
                results = selectors.all_portal_offices()
    return render(
        request,
        "portal_content/offices.html",
        {"form": form, "results": results, "no_office": no_office, "abroad": abroad},
    )
