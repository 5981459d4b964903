"""Shared list-page mechanics: paging and the htmx partial swap."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from kausa.core.search import search_queryset

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

M = TypeVar("M", bound=Model)
F = TypeVar("F", bound="DataclassInstance")


def paginate(request: HttpRequest, queryset: QuerySet[M]) -> Page[M]:
    """One page of `queryset`; lists filtered by POST (see `remembered_filters`) page by POST."""
    number = request.POST.get("page") if request.method == "POST" else request.GET.get("page")
    paginator = Paginator(queryset, settings.PAGE_SIZE)
    return paginator.get_page(number)


def filter_list(
    queryset: QuerySet[M],
    *,
    q: str,
    include_archived: bool,
    lookups: dict[str, Any],
    archived_fields: Iterable[str] = ("archived_at",),
    search_field: str = "search_text",
) -> QuerySet[M]:
    """The common shape of the list selectors: unarchived records unless asked otherwise, the
    filters that are set (`lookups`: lookup -> value; None or "" filters nothing), then the
    typo-tolerant search, last because it may compare the names of the remaining rows."""
    if not include_archived:
        queryset = queryset.filter(**{f"{name}__isnull": True for name in archived_fields})
    set_lookups = {name: value for name, value in lookups.items() if value not in (None, "")}
    queryset = queryset.filter(**set_lookups)
    if q:
        queryset = search_queryset(queryset, q, field=search_field)
    return queryset


def filters_from_form(filters_class: type[F], form: forms.Form) -> F:
    """A list selector's typed filters from the cleaned filter form; an invalid form filters
    nothing (the defaults: unarchived records only)."""
    if not form.is_valid():
        return filters_class()
    names = {field.name for field in dataclasses.fields(filters_class)}
    values = {name: value for name, value in form.cleaned_data.items() if name in names}
    return filters_class(**values)


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
    request: HttpRequest,
    session_key: str,
    field_names: Iterable[str],
    *,
    transient: Iterable[str] = ("q",),
) -> QueryDict | None:
    """List filters that may hold personal data (a person's name) are POSTed, not put in the
    URL, so they never reach access logs, browser history or a Referer header.

    The structured filters (office, district, levels …) are kept in the session so that the
    list keeps them between visits; an empty `reset` field clears them. The `transient`
    fields (the free-text search, often a person's name) are never stored: they apply to the
    POST that carries them only, so nothing typed outlives the request or a person's erasure.
    Paging a search re-posts the filter form with a `page` field.
    """
    never_stored = set(transient)
    if request.method == "POST":
        if "reset" in request.POST:
            request.session.pop(session_key, None)
        else:
            request.session[session_key] = {
                name: [value[:MAX_FILTER_VALUE_LENGTH] for value in request.POST.getlist(name)[:20]]
                for name in field_names
                if name in request.POST and name not in never_stored
            }
    stored = request.session.get(session_key) or {}
    if never_stored & stored.keys():  # written before this rule: drop the typed text
        stored = {name: values for name, values in stored.items() if name not in never_stored}
        request.session[session_key] = stored
    filters = QueryDict(mutable=True)
    for name, values in stored.items():
        filters.setlist(name, values)
    if request.method == "POST" and "reset" not in request.POST:
        for name in never_stored:
            if request.POST.get(name):
                filters[name] = request.POST[name][:MAX_FILTER_VALUE_LENGTH]
    return filters or None
