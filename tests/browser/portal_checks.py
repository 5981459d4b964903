"""Checks every portal page's browser test runs: axe-core (WCAG 2.1 A/AA), no horizontal
scrolling at 360 px, the right `lang`/`dir`, and the bytes the page transferred."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

PHONE = {"width": 360, "height": 740}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGE_BUDGET_BYTES = 150 * 1024


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    options: dict[str, Any] = {"runOnly": {"type": "tag", "values": AXE_TAGS}}
    results = Axe().run(page, options=options)
    return [
        f"{violation['id']}: {[node['target'] for node in violation['nodes']][:3]}"
        for violation in results.response["violations"]
    ]


def transferred_bytes(page) -> int:
    """Bytes of the document and everything it loaded (resource timing; same-origin only)."""
    return int(
        page.evaluate(
            """() => {
              const nav = performance.getEntriesByType('navigation')[0];
              const own = nav ? (nav.encodedBodySize || nav.transferSize || 0) : 0;
              return own + performance.getEntriesByType('resource')
                .reduce((sum, r) => sum + (r.encodedBodySize || r.transferSize || 0), 0);
            }"""
        )
    )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def check_portal_page(page, url: str, language: str) -> list[str]:
    """Problems of one portal page in one language, at 360 px, as readable lines. Requests to
    other origins count as problems too (the map's tile server, configurable, excepted)."""
    page.set_viewport_size(PHONE)
    foreign: list[str] = []
    allowed = {_origin(url), settings.MAP_TILE_ORIGIN.replace("*.", "")}

    def note(request) -> None:
        origin = _origin(request.url)
        if origin.startswith("http") and origin not in allowed:
            foreign.append(request.url)

    page.on("request", note)
    response = page.goto(url)
    page.remove_listener("request", note)
    problems = [f"{url}: request to another origin: {target}" for target in foreign]
    if response is None or response.status != 200:
        return [*problems, f"{url}: status {response.status if response else None}"]
    page.wait_for_load_state("networkidle")
    lang = page.evaluate("document.documentElement.lang")
    direction = page.evaluate("document.documentElement.dir")
    if lang != language:
        problems.append(f"{url}: lang={lang!r}, expected {language!r}")
    if direction != ("rtl" if language in ("ar", "fa") else "ltr"):
        problems.append(f"{url}: dir={direction!r}")
    extra = int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))
    if extra > 0:
        problems.append(f"{url}: {extra} px wider than a 360 px screen")
    if (size := transferred_bytes(page)) > PAGE_BUDGET_BYTES:
        problems.append(f"{url}: {size} bytes transferred (budget {PAGE_BUDGET_BYTES})")
    problems += [f"{url}: {violation}" for violation in axe_violations(page)]
    return problems
