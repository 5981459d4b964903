"""The header's sign-in state: the portal account of this browser (never request.user)."""

from __future__ import annotations

from typing import Any

from django import template

from kausa.portal.session import current_account

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_account(context: template.Context) -> Any:
    request = context.get("request")
    if request is None or not hasattr(request, "session"):
        return None
    return current_account(request)
