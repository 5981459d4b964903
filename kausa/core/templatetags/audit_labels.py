"""`{{ entry.action|audit_label }}`: the registered, translated label of an audit code."""

from django import template

from kausa.core.audit_registry import label_for

register = template.Library()


@register.filter
def audit_label(code: str) -> str:
    return label_for(code)
