"""The languages a page offers in its switch: German and English for staff, seven for the portal."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.translation import get_language_info

register = template.Library()


@register.simple_tag
def staff_languages() -> list[dict[str, object]]:
    return [{"code": code, **get_language_info(code)} for code in settings.STAFF_LANGUAGES]
