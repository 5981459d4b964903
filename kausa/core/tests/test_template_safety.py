"""Nothing a user typed is ever marked safe, and htmx acts only on markup the app wrote.

A lint over every template and every Python module under kausa/: switching autoescaping off,
marking values safe, compiling templates from strings and hx-* attributes without the
browser's mark (see kausa/core/templatetags/htmx_guard.py) fail here. The few legitimate
uses are allow-listed below, each with the reason why no user data can reach it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

KAUSA = Path(__file__).resolve().parents[2]
THIS_FILE = Path(__file__).resolve()

TEMPLATE_RULES = {
    "autoescape off": re.compile(r"{%\s*autoescape\s+off\s*%}"),
    "|safe": re.compile(r"\|\s*safe(seq)?\b"),
    "filter safe": re.compile(r"{%\s*filter\s+[^%]*\bsafe"),
}
PYTHON_RULES = {
    "mark_safe(": re.compile(r"\bmark_safe\s*\("),
    "format_html(": re.compile(r"\bformat_html(_join)?\s*\("),
    "SafeString(": re.compile(r"\bSafe(String|Data|Text)\s*\("),
    "@html_safe": re.compile(r"\bhtml_safe\b"),
    "__html__": re.compile(r"\b__html__\b"),
    # A template compiled from a string is where user text could become template code.
    "Template(": re.compile(r"(?<![\w.])Template\s*\(\s*[^)]"),
    "from_string(": re.compile(r"\.from_string\s*\("),
}

# (path relative to kausa/, rule) -> why it is safe. Entries that no longer match fail too.
ALLOWED: dict[tuple[str, str], str] = {
    (
        "counselling/templates/counselling/referral_handout.txt",
        "autoescape off",
    ): (
        "Plain text for the partner's mail body (text/plain). The function that renders it "
        "drops the safe mark, and the HTML page prints the hand-out from the context with "
        "autoescaping; the payload-everywhere test covers that page."
    ),
    ("portal/content/rendering.py", "mark_safe("): (
        "Content pages: Markdown without raw HTML, then nh3 with an allow-list of tags, "
        "attributes and link schemes; kausa/portal/content/tests/test_rendering.py feeds it "
        "scripts, event handlers, javascript: links and htmx attributes."
    ),
    ("portal/accounts/views.py", "SafeString("): (
        "The authenticator QR code: SVG that segno draws from the otpauth URL as modules, "
        "with no text of the user's in it."
    ),
}


def template_files() -> list[Path]:
    # Also the portal's sub-domains (kausa/portal/<sub-domain>/templates/).
    return sorted(path for path in KAUSA.glob("**/templates/**/*") if path.is_file())


def python_files() -> list[Path]:
    return sorted(path for path in KAUSA.rglob("*.py") if path != THIS_FILE)


def findings() -> set[tuple[str, str, int]]:
    found = set()
    sources = [(path, TEMPLATE_RULES) for path in template_files()]
    sources += [(path, PYTHON_RULES) for path in python_files()]
    for path, rules in sources:
        text = path.read_text(encoding="utf-8")
        for rule, pattern in rules.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.add((str(path.relative_to(KAUSA)), rule, line))
    return found


def test_the_lint_sees_the_templates_and_the_code():
    assert len(template_files()) > 50
    assert any(path.name == "base.html" for path in template_files())
    assert len(python_files()) > 100


def test_nothing_is_marked_safe_outside_the_allow_list():
    found = findings()
    unexpected = sorted(hit for hit in found if (hit[0], hit[1]) not in ALLOWED)
    assert unexpected == [], (
        "User text must never be marked safe; escape it, or allow-list the use with a reason"
    )
    stale = sorted(set(ALLOWED) - {(path, rule) for path, rule, _line in found})
    assert stale == [], "allow-list entries without a matching use: remove them"


@pytest.mark.parametrize(
    ("rule", "sample"),
    [
        ("autoescape off", "{% autoescape off %}{{ x }}{% endautoescape %}"),
        ("|safe", "{{ person.first_name|safe }}"),
        ("|safe", "{{ names | safeseq }}"),
        ("filter safe", "{% filter force_escape|safe %}"),
    ],
)
def test_the_template_rules_catch_the_forbidden_forms(rule, sample):
    assert TEMPLATE_RULES[rule].search(sample)


@pytest.mark.parametrize(
    ("rule", "sample"),
    [
        ("mark_safe(", "return mark_safe(partner.name)"),
        ("format_html(", 'format_html("<b>{}</b>", name)'),
        ("SafeString(", "SafeString(text)"),
        ("Template(", "Template(step.description).render(context)"),
        ("from_string(", 'engines["django"].from_string(text)'),
    ],
)
def test_the_python_rules_catch_the_forbidden_forms(rule, sample):
    assert PYTHON_RULES[rule].search(sample)


HX_TAG = re.compile(r"<[a-zA-Z][^<>]*?\s(?:data-)?hx-[a-z-]+=[^<>]*>", re.S)
MARK = 'data-hx-mark="{% htmx_mark %}"'
LOADS_GUARD = re.compile(r"{%\s*load\s[^%]*\bhtmx_guard\b")


def test_every_htmx_element_carries_the_mark():
    """Without the mark htmx ignores the element (a feature would silently stop working)."""
    missing = []
    checked = 0
    for path in template_files():
        text = path.read_text(encoding="utf-8")
        for match in HX_TAG.finditer(text):
            checked += 1
            tag = match.group(0)
            if MARK not in tag:
                missing.append(f"{path.relative_to(KAUSA)}: {tag[:80]}")
            elif not LOADS_GUARD.search(text):
                missing.append(f"{path.relative_to(KAUSA)}: does not load htmx_guard")
    assert checked >= 5  # the live search, the panels and the run status
    assert missing == []
