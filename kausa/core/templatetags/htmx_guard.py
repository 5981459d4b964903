"""htmx acts only on markup the app wrote.

htmx turns any element carrying an ``hx-*`` attribute into a live request, with the user's
session and CSRF token. Text a user typed is always escaped, but if escaping ever failed once,
an injected ``<b hx-post=… hx-trigger="load">`` would act on the reader's behalf (CSP stops
``<script>``, not this). So every element the templates give ``hx-*`` attributes also carries
``data-hx-mark="{% htmx_mark %}"``, a value derived from the browser's CSRF secret that stored
text cannot know, and htmx's ``disableSelector`` switches off every element with an ``hx-*``
attribute that lacks it (and everything inside it). The mark is the same for all responses to
one browser, so partials swapped in later keep working; it changes when the CSRF secret
rotates at sign-in.

``{% htmx_config %}`` is the content of the ``<meta name="htmx-config">`` tag in the base
template (CSP forbids inline script, htmx reads the meta tag at start-up).
"""

from __future__ import annotations

import json
import secrets

from django import template
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils.crypto import salted_hmac

register = template.Library()

# Every attribute htmx reads (requests, triggers, inherited settings), with and without "data-".
# hx-on* handlers cannot be listed in a selector; they need eval, which the config forbids.
HTMX_ATTRIBUTES = [
    "get",
    "post",
    "put",
    "patch",
    "delete",
    "trigger",
    "boost",
    "target",
    "swap",
    "swap-oob",
    "select",
    "select-oob",
    "include",
    "vals",
    "vars",
    "headers",
    "params",
    "push-url",
    "replace-url",
    "confirm",
    "prompt",
    "ext",
    "sync",
    "indicator",
    "encoding",
    "request",
    "history",
    "history-elt",
    "preserve",
    "disinherit",
    "inherit",
    "validate",
    "disabled-elt",
    "ws",
    "sse",
]


def htmx_mark_for(request: HttpRequest | None) -> str:
    """A per-browser mark (starts with a letter, so it is a bare CSS identifier).

    Without a request (a page rendered for a mail or an error), a random mark: htmx stays off.
    """
    if request is None:
        return "m" + secrets.token_hex(12)
    get_token(request)  # makes sure the browser has a CSRF secret
    secret = request.META["CSRF_COOKIE"]
    return "m" + salted_hmac("kausa.core.htmx-mark", secret).hexdigest()[:24]


def htmx_settings(mark: str) -> dict[str, object]:
    attributes = ", ".join(
        f"[{prefix}hx-{name}]" for name in HTMX_ATTRIBUTES for prefix in ("", "data-")
    )
    return {
        "selfRequestsOnly": True,
        "allowScriptTags": False,
        "allowEval": False,  # also switches off hx-on* handlers and js: values
        "historyCacheSize": 0,  # no copies of pages with personal data in the browser's storage
        "refreshOnHistoryMiss": True,  # so "back" reloads the page from the server
        "includeIndicatorStyles": False,  # an inline <style>, which CSP refuses
        "disableSelector": (
            f"[hx-disable], [data-hx-disable], :is({attributes}):not([data-hx-mark={mark}])"
        ),
    }


@register.simple_tag(takes_context=True)
def htmx_mark(context: template.Context) -> str:
    return htmx_mark_for(context.get("request"))


@register.simple_tag(takes_context=True)
def htmx_config(context: template.Context) -> str:
    return json.dumps(htmx_settings(htmx_mark_for(context.get("request"))))
