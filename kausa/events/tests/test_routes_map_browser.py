"""The route map in a real browser: Leaflet draws the stops under the strict CSP, labels stay
text, and the tile server is allowed but never reached (tile requests are intercepted)."""

from __future__ import annotations

import pytest

from kausa.events.tests.test_routes_services import add_point, route_event
from tests.browser.test_counsellor_flow import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_map_shows_markers_and_line_without_csp_violations(page, live_server, counsellor_a):
    event = route_event(counsellor_a.office)
    add_point(counsellor_a, event, "Treffpunkt Hauptbahnhof", 52.1300, 11.6270)
    add_point(counsellor_a, event, "<img src=x onerror=alert(1)>", 52.1350, 11.6350)
    add_point(counsellor_a, event, "Dom", 52.1240, 11.6340)
    problems: list[str] = []
    tiles: list[str] = []
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("dialog", lambda dialog: (problems.append("dialog"), dialog.dismiss()))

    def no_tiles(route):
        tiles.append(route.request.url)
        route.fulfill(status=204, body=b"")

    page.route("https://tile.openstreetmap.org/**", no_tiles)
    log_in(page, live_server, "berater.a")
    page.goto(f"{live_server.url}/events/{event.pk}/route/")
    page.locator(".leaflet-marker-icon").nth(2).wait_for()
    assert page.locator(".leaflet-marker-icon").count() == 3
    assert page.locator("path.leaflet-interactive").count() == 1  # the line through the stops
    assert page.locator("#route-map").is_visible()
    assert page.locator("#route-map img[src='x']").count() == 0  # the label stayed text
    assert "OpenStreetMap" in page.locator(".leaflet-control-attribution").inner_text()
    page.wait_for_timeout(300)
    assert tiles, "the page's CSP must let the browser ask the tile server"
    assert [p for p in problems if "tile.openstreetmap.org" not in p] == []
