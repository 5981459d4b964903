"""`{% error_title_prefix %}`: "Fehler: " in the page title while the page's form has errors."""

from typing import Any

from django import template
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag(takes_context=True)
def error_title_prefix(context: template.Context) -> str:
    # `context.get` does not log a lookup miss, unlike `{% if form.errors %}` on pages without
    # a form (the template logger would note every such page).
    form: Any = context.get("form")
    return f"{gettext('Error:')} " if getattr(form, "errors", None) else ""
