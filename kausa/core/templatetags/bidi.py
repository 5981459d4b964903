"""`{% bidi text %}`: text for a right-to-left block with left-to-right runs (phone numbers,
e-mail addresses, URLs, § references, Latin names) isolated in `<bdi dir="ltr">`.

Used by the process chains' hand-out and the referral's note for the person. The parts are
rendered by an autoescaping template: nothing is marked safe here.
"""

from __future__ import annotations

from typing import Any

from django import template

from kausa.core.bidi import ltr_runs

register = template.Library()


@register.inclusion_tag("core/_bidi.html")
def bidi(text: Any, rtl: bool = True) -> dict[str, Any]:
    """`rtl`: the text stands in a right-to-left block (else it is shown as it is)."""
    value = str(text or "")
    return {"parts": ltr_runs(value) if rtl else [(value, False)]}


@register.inclusion_tag("core/_bidi_lines.html")
def bidi_paragraphs(text: Any, rtl: bool = True) -> dict[str, Any]:
    """Like `bidi` for text with line breaks: paragraphs at blank lines, `<br>` at single
    line breaks (as Django's `linebreaks` filter does), each line's runs isolated."""
    value = str(text or "").replace("\r\n", "\n").strip()
    paragraphs = [block for block in value.split("\n\n") if block.strip()] if value else []
    return {
        "paragraphs": [
            [ltr_runs(line) if rtl else [(line, False)] for line in block.strip().split("\n")]
            for block in paragraphs
        ]
    }
