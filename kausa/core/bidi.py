"""Left-to-right runs inside right-to-left text.

Phone numbers, e-mail addresses, URLs, § references and Latin names inside Arabic or Farsi
text are reordered by the bidirectional algorithm ("069 90009 689" would read
"689 90009 069"). Each such run is isolated: in HTML by `<bdi dir="ltr">` (the template tag
in `kausa/core/templatetags/bidi.py`), in the PDF by the Unicode isolates LRI … PDI, which
fpdf2's bidi algorithm honours and HarfBuzz draws with no width.
"""

from __future__ import annotations

import re

# Characters of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, presentation forms).
_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"
# A run starts and ends with a Latin or Cyrillic letter, a digit, § or + (a phone number),
# and holds no right-to-left letter in between.
_START = "A-Za-z0-9\u00c0-\u024f\u0400-\u04ff§+"
_END = "A-Za-z0-9\u00c0-\u024f\u0400-\u04ff/)"
LTR_RUN = re.compile(f"[{_START}](?:[^{_RTL}\n]*[{_END}])?")
LRI, PDI = "\u2066", "\u2069"


def ltr_runs(text: str) -> list[tuple[str, bool]]:
    """`text` as (part, is a left-to-right run) pieces, in order; joined they give `text`."""
    parts: list[tuple[str, bool]] = []
    position = 0
    for match in LTR_RUN.finditer(text):
        if match.start() > position:
            parts.append((text[position : match.start()], False))
        parts.append((match.group(0), True))
        position = match.end()
    if position < len(text):
        parts.append((text[position:], False))
    return parts


def isolate_ltr_runs(text: str) -> str:
    """`text` with every left-to-right run wrapped in LRI … PDI (for the PDF)."""
    return "".join(f"{LRI}{part}{PDI}" if ltr else part for part, ltr in ltr_runs(text))
