"""`{% bidi text %}`: text for a right-to-left block with left-to-right runs (phone numbers,
e-mail addresses, URLs, § references, Latin names) isolated in `<bdi dir="ltr">`.

The parts are rendered by an autoescaping template: nothing is marked safe here.
"""

from __future__ import annotations

from typing import Any

from django import template

from kausa.chains.bidi import ltr_runs

register = template.Library()


@register.inclusion_tag("chains/_bidi.html")
def bidi(text: Any, rtl: bool = True) -> dict[str, Any]:
    """`rtl`: the text stands in a right-to-left block (else it is shown as it is)."""
    value = str(text or "")
    return {"parts": ltr_runs(value) if rtl else [(value, False)]}
