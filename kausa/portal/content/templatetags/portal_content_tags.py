"""`{% content_footer_pages as pages %}`: the portal organisation's published privacy, imprint
and help pages by purpose, for the footer's links."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from kausa.portal.content.selectors import footer_pages

register = template.Library()


@register.simple_tag
def content_footer_pages() -> dict[str, Any]:
    return footer_pages((get_language() or "de").split("-")[0])
