"""Markdown is rendered, then sanitised: only the allowed tags, attributes and link schemes."""

from __future__ import annotations

import pytest

from kausa.portal.content.rendering import ALLOWED_TAGS, render_markdown, sanitise
from kausa.portal.content.tests.helpers import tags_of


def assert_only_allowed(html: str) -> None:
    for tag, attrs in tags_of(html):
        assert tag in ALLOWED_TAGS, (tag, html)
        if tag == "a":
            assert set(attrs) <= {"href", "rel"}, attrs
            assert attrs.get("rel") == "noopener"
            href = attrs.get("href") or ""
            assert not href.lower().startswith(("javascript:", "data:", "vbscript:")), href
        else:
            assert attrs == {}, (tag, attrs)


def test_markdown_becomes_the_allowed_tags():
    html = render_markdown(
        "# Titel\n\n## Teil\n\nText **fett** und _schräg_ und `code`.\n\n- eins\n- zwei\n\n"
        "1. erstens\n\n> Zitat\n\n[Web](https://kausa.example/) [Mail](mailto:a@kausa.example) "
        "[Tel](tel:+49391000)"
    )
    assert "<h2>Titel</h2>" in html  # the page title is the only h1
    assert "<h2>Teil</h2>" in html
    assert "<strong>fett</strong>" in html and "<em>schräg</em>" in html
    assert "<code>code</code>" in html
    assert "<ul>" in html and "<ol>" in html and "<blockquote>" in html
    assert '<a href="https://kausa.example/" rel="noopener">Web</a>' in html
    assert '<a href="mailto:a@kausa.example" rel="noopener">Mail</a>' in html
    assert '<a href="tel:+49391000" rel="noopener">Tel</a>' in html
    assert_only_allowed(html)


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "Text <script>alert(1)</script> Text",
        "[klick](javascript:alert(1))",
        "[klick](JAVASCRIPT:alert(1))",
        "[klick](data:text/html;base64,PHNjcmlwdD4=)",
        '<img src="x" onerror="alert(1)">',
        "![bild](https://evil.example/x.png)",
        '<a href="/x" hx-get="/staff/" hx-trigger="load">x</a>',
        '<div hx-post="/de/counselling/" hx-trigger="load">x</div>',
        '<p style="position:fixed" onclick="x()">x</p>',
        "<iframe src=https://evil.example></iframe>",
    ],
)
def test_dangerous_markdown_leaves_no_active_html(source):
    html = render_markdown(source)
    assert_only_allowed(html)
    assert "<script" not in html and "<img" not in html and "<iframe" not in html
    assert "hx-" not in "".join(str(attrs) for _tag, attrs in tags_of(html))


@pytest.mark.parametrize(
    "raw",
    [
        '<a href="javascript:alert(1)" hx-get="/staff/" onclick="x()">l</a>',
        '<p hx-post="/x" hx-swap="outerHTML" style="color:red" onmouseover="x()">p</p>',
        '<img src="x" onerror="alert(1)"><script>bad()</script><svg onload="x()"></svg>',
        '<h1 class="x" id="y">t</h1><table><tr><td>c</td></tr></table>',
        '<a href="ftp://files.example/">f</a><a href="https://ok.example/" target="_blank">o</a>',
    ],
)
def test_the_sanitiser_drops_what_is_not_allowed_even_in_raw_html(raw):
    """The second line of defence: even HTML that got through (it cannot: markdown-it
    escapes it) keeps no scripts, handlers, htmx attributes or other schemes."""
    html = sanitise(raw)
    assert_only_allowed(html)
    assert "bad()" not in html
    for _tag, attrs in tags_of(html):
        assert not any(name.startswith(("on", "hx-", "style", "class", "id")) for name in attrs)
        assert attrs.get("href") in (None, "https://ok.example/")


def test_typed_html_stays_visible_as_text():
    html = render_markdown("Schreiben Sie <b>fett</b> so: **fett**")
    assert "&lt;b&gt;fett&lt;/b&gt;" in html
    assert "<strong>fett</strong>" in html
