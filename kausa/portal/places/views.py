"""Public pages of apprenticeship places: search (a list), the same results on a map, and the
page of one place. Only places the office approved (selectors.public_places) appear; of the
company only its name and the place's town, never contact persons, emails or phones.

The map is an addition to the list: the page works without JavaScript, and the map (vendored
Leaflet, tiles from settings.MAP_TILE_URL) loads only when the visitor asks for it, so no
request reaches the tile server before that.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from kausa.core.choices import GermanLevel, SchoolCertificate
from kausa.core.middleware import CONTENT_SECURITY_POLICY
from kausa.portal.places import search, selectors
from kausa.portal.places.forms import PlaceSearchForm
from kausa.portal.places.selectors import PlaceRow
from kausa.vacancies.models import Vacancy

PER_PAGE = 20
MAX_MARKERS = 500
FILTER_KEYS = ("q", "postal_code", "radius", "start")

SCHOOL_IN_PLAIN_WORDS = {
    SchoolCertificate.NONE: _("You do not need a school certificate."),
    SchoolCertificate.LOWER_SECONDARY: _(
        "You need a first school certificate (Hauptschulabschluss, after 9 years of school)."
    ),
    SchoolCertificate.INTERMEDIATE: _(
        "You need a middle school certificate (Realschulabschluss, after 10 years of school)."
    ),
    SchoolCertificate.UNIVERSITY_OF_APPLIED_SCIENCES: _(
        "You need a certificate for a university of applied sciences (Fachhochschulreife)."
    ),
    SchoolCertificate.UNIVERSITY: _("You need a certificate for university (Abitur)."),
}


@dataclasses.dataclass(frozen=True)
class ShownPlace:
    """A place as the lists show it: the occupation in the visitor's language if a name
    exists (else only the German one), the company's name, town, start and distance."""

    place: Vacancy
    local_name: str | None
    distance_km: float | None
    url: str


def _german_in_plain_words(level: int) -> str:
    if level == GermanLevel.NONE:
        return gettext("You can start without German.")
    if level == GermanLevel.NATIVE:
        return gettext("You need very good German, like a native speaker.")
    return gettext("You need German at level %(level)s.") % {"level": GermanLevel(level).label}


def _search_form(request: HttpRequest) -> PlaceSearchForm:
    if any(request.GET.get(key) for key in FILTER_KEYS):
        data = request.GET.copy()
        if not data.get("radius"):  # a link with a postal code only: the default distance
            data["radius"] = str(search.DEFAULT_RADIUS)
        return PlaceSearchForm(data)
    return PlaceSearchForm()


def _rows(form: PlaceSearchForm) -> list[PlaceRow]:
    if not form.is_bound:
        return selectors.place_search()
    if not form.is_valid():
        return []
    return selectors.place_search(**form.criteria())


def _shown(rows: list[PlaceRow], form: PlaceSearchForm) -> list[ShownPlace]:
    language = get_language()
    point = form.cleaned_data.get("postal_code") if form.is_bound and form.is_valid() else None
    suffix = f"?postal_code={point.postal_code}" if point is not None else ""
    return [
        ShownPlace(
            place=row.place,
            local_name=search.occupation_name(row.place.occupation.key, language),
            distance_km=row.distance_km,
            url=reverse("portal_places:detail", args=[row.place.pk]) + suffix,
        )
        for row in rows
    ]


def _filter_query(request: HttpRequest) -> str:
    """The filters of this request, for links between the list and the map."""
    query = QueryDict(mutable=True)
    for key in FILTER_KEYS:
        value = request.GET.get(key, "")
        if value:
            query[key] = value[:200]
    return query.urlencode()


def _results_context(request: HttpRequest) -> dict[str, Any]:
    form = _search_form(request)
    shown = _shown(_rows(form), form)
    page = Paginator(shown, PER_PAGE).get_page(request.GET.get("page"))
    return {
        "form": form,
        "page": page,
        "total": len(shown),
        "all_places": shown,
        "searched": form.is_bound,
        "filter_query": _filter_query(request),
    }


@require_safe
def place_search(request: HttpRequest) -> HttpResponse:
    return render(request, "portal_places/search.html", _results_context(request))


def _map_data(shown: list[ShownPlace]) -> dict[str, Any]:
    """What places_map.js draws: what the list shows anyway, nothing of the company's people."""
    return {
        "tiles": {
            "url": settings.MAP_TILE_URL,
            "attribution": settings.MAP_TILE_ATTRIBUTION,
            "attribution_url": settings.MAP_TILE_ATTRIBUTION_URL,
        },
        "places": [
            {
                "lat": item.place.latitude,
                "lon": item.place.longitude,
                "title": item.local_name or item.place.occupation.name,
                "company": item.place.company.name,
                "town": item.place.place,
                "url": item.url,
            }
            for item in shown[:MAX_MARKERS]
        ],
    }


def _map_csp() -> str:
    """The site's policy with the tile server added to img-src (the map page only)."""
    directives = []
    for directive in CONTENT_SECURITY_POLICY.split("; "):
        if directive.startswith("img-src "):
            directive = f"{directive} {settings.MAP_TILE_ORIGIN}"
        directives.append(directive)
    return "; ".join(directives)


@require_safe
def place_map(request: HttpRequest) -> HttpResponse:
    context = _results_context(request)
    context["map_data"] = _map_data(context["all_places"])
    context["too_many"] = context["total"] > MAX_MARKERS
    context["max_markers"] = MAX_MARKERS
    response = render(request, "portal_places/map.html", context)
    if context["all_places"]:
        response["Content-Security-Policy"] = _map_csp()
    return response


@require_safe
def place_detail(request: HttpRequest, pk: int) -> HttpResponse:
    place = selectors.public_place_get(pk)
    distance = None
    point = search.postal_code_point(request.GET.get("postal_code", "")[:10])
    if point is not None:
        distance = search.distance_km(point, place.latitude, place.longitude)
    context = {
        "place": place,
        "local_name": search.occupation_name(place.occupation.key, get_language()),
        "distance_km": distance,
        "point": point,
        "school": SCHOOL_IN_PLAIN_WORDS.get(
            SchoolCertificate(place.required_school_certificate),
            SCHOOL_IN_PLAIN_WORDS[SchoolCertificate.NONE],
        ),
        "german": _german_in_plain_words(place.required_german_level),
    }
    return render(request, "portal_places/detail.html", context)
