"""The design system page and the favicon (layout itself: tests/browser/test_staff_layout.py)."""

from __future__ import annotations

import re
from pathlib import Path

from django.contrib.staticfiles import finders
from django.urls import reverse


def test_favicon_redirects_to_a_shipped_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    target = response["Location"]
    assert target.endswith("core/favicon.svg")
    assert finders.find("core/favicon.svg") is not None


def test_pages_name_the_icon_and_the_design_page_shows_the_components(client, counsellor_a):
    client.force_login(counsellor_a)
    body = client.get(reverse("core:design")).content.decode()
    assert re.search(r'<link rel="icon" href="[^"]*core/favicon\.svg"', body)
    for css_class in ("card", "badge-ok", "empty-state", "error-summary", "button-secondary"):
        assert f'class="{css_class}"' in body or f" {css_class}" in body, css_class
    assert 'table class="cards"' in body and "data-label=" in body


def test_every_component_on_the_design_page_is_defined_in_the_stylesheet():
    stylesheet = Path(str(finders.find("core/kausa.css"))).read_text(encoding="utf-8")
    for selector in (".card", ".badge-ok", ".empty-state", ".error-summary", "table.cards"):
        assert selector in stylesheet, selector
    # the skipped chain steps no longer fade their text below 4.5:1
    rule = re.search(r"\.chain-not_applicable \{[^}]*\}", stylesheet)
    assert rule is not None and "opacity" not in rule.group(0)
