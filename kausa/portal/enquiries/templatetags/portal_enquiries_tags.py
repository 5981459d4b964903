"""The start page card of new portal requests (portal_enquiries/_dashboard_card.html)."""

from __future__ import annotations

from typing import Any

from django import template

from kausa.core.models import User
from kausa.portal.enquiries.selectors import new_enquiries_section
from kausa.workbench.selectors import Section

register = template.Library()


@register.simple_tag(takes_context=True)
def new_enquiries(context: dict[str, Any]) -> Section:
    user = context.get("user")
    if not isinstance(user, User) or user.organisation_id is None:
        return Section()
    return new_enquiries_section(user)
