"""Template helpers of the portal: the navigation and the language switch that keeps the page."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import get_language, get_language_info

from kausa.portal.navigation import MAIN_NAVIGATION

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_navigation(context: template.Context) -> list[dict[str, Any]]:
    request = context.get("request")
    current = getattr(getattr(request, "resolver_match", None), "view_name", "")
    entries = []
    for name, label in MAIN_NAVIGATION:
        try:
            url = reverse(name)
        except NoReverseMatch:  # a sub-domain that is not installed
            continue
        namespace = name.split(":", 1)[0]
        entries.append(
            {"url": url, "label": label, "current": str(current).startswith(namespace + ":")}
        )
    return entries


@register.simple_tag(takes_context=True)
def language_links(context: template.Context) -> list[dict[str, Any]]:
    """This page in each portal language (the query string kept), current one marked."""
    request = context.get("request")
    path = request.path if request is not None else "/"
    query = request.META.get("QUERY_STRING", "") if request is not None else ""
    active = get_language()
    links = []
    for code in settings.PORTAL_LANGUAGES:
        url = translate_url(path, code)
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": url + (f"?{query}" if query else ""),
                "current": code == active,
                "bidi": info["bidi"],
            }
        )
    return links
