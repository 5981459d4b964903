"""Markdown to safe HTML for the portal's content pages.

Two steps, both always: markdown-it-py with raw HTML switched off (typed HTML stays text),
then nh3 keeps only a short list of tags and link schemes. Only the sanitised result is
marked safe — this is the one place of the portal that does so for typed text.
"""

from __future__ import annotations

from functools import cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {"p", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "blockquote", "code", "br"}
)
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# The page title is the only h1; headings of the text start at h2 and end at h4.
_HEADING_TAGS = {"h1": "h2", "h5": "h4", "h6": "h4"}


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def sanitise(html: str) -> str:
    """Only the allowed tags, `href` on links (http, https, mailto, tel or a relative
    address) and rel="noopener"; everything else (scripts, event handlers, htmx
    attributes, styles) is dropped."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener",
        strip_comments=True,
    )


def render_markdown(text: str) -> SafeString:
    parser = _parser()
    tokens = parser.parse(text or "")
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = _HEADING_TAGS.get(token.tag, token.tag)
    html = parser.renderer.render(tokens, parser.options, {})
    return mark_safe(sanitise(html))  # noqa: S308 - sanitised by nh3 just above
