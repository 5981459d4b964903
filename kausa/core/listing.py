"""Shared list-page mechanics: paging and the htmx partial swap."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render


def paginate(request: HttpRequest, queryset: QuerySet) -> Page:
    paginator = Paginator(queryset, settings.PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def render_list(
    request: HttpRequest, template: str, results_template: str, context: dict[str, Any]
) -> HttpResponse:
    """The whole page, or only the results when htmx asks for them after a filter change."""
    query = request.GET.copy()
    query.pop("page", None)
    context["query_without_page"] = query.urlencode()
    context["results_template"] = results_template
    if is_htmx(request):
        return render(request, results_template, context)
    return render(request, template, context)


MAX_FILTER_VALUE_LENGTH = 200


def remembered_filters(
    request: HttpRequest, session_key: str, field_names: Iterable[str]
) -> QueryDict | None:
    """List filters that may hold personal data (a person's name) live in the session, not in
    the URL, so they never reach access logs, browser history or a Referer header.

    A POST sets them (an empty `reset` field clears them); GET pages through the stored ones.
    """
    if request.method == "POST":
        if "reset" in request.POST:
            request.session.pop(session_key, None)
        else:
            submitted = {
                name: [value[:MAX_FILTER_VALUE_LENGTH] for value in request.POST.getlist(name)[:20]]
                for name in field_names
                if name in request.POST
            }
            request.session[session_key] = submitted
    stored = request.session.get(session_key)
    if not stored:
        return None
    filters = QueryDict(mutable=True)
    for name, values in stored.items():
        filters.setlist(name, values)
    return filters
