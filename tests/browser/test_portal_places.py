"""Public places in a real browser: the search, the map (tiles never fetched: every request
outside the test server is refused) and a place's page pass the portal checks in German and
Arabic; and the office's approval puts a company's place on the portal map."""

from __future__ import annotations

import pytest
from django.conf import settings

from kausa.core.tests.factories import CompanyFactory
from kausa.portal.accounts.models import PortalAccount
from kausa.portal.places import services
from kausa.portal.places.models import PlacePublication, PublicationStatus
from kausa.portal.places.tests.helpers import LEIPZIG, place
from tests.browser.portal_checks import axe_violations, check_portal_page
from tests.browser.test_counsellor_flow import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _occupation_names_loaded():
    """The live server shares this process: read the occupation names once, before a page
    waits for them (the first search builds its indexes for some seconds)."""
    from kausa.portal.places.search import occupation_keys

    occupation_keys("cook", "de")


def offline(page, live_server) -> list[str]:
    """Refuse every request that leaves the test server; return the refused addresses."""
    refused: list[str] = []

    def handle(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", handle)
    return refused


def show_map(page) -> None:
    page.locator("[data-place-map-show]").click()
    page.locator("#place-map .leaflet-marker-icon").first.wait_for()


def test_search_map_and_place_page_pass_the_checks_in_german_and_arabic(
    page, live_server, organisation
):
    cook = place(organisation, description="Wir kochen regional.\n<b>Keine</b> Vorkenntnisse.")
    place(organisation, where=LEIPZIG)
    refused = offline(page, live_server)
    problems = []
    for language in ("de", "ar"):
        base = f"{live_server.url}/{language}/places"
        refused_before = len(refused)
        problems += check_portal_page(page, f"{base}/?q=cook&postal_code=06108&radius=50", language)
        assert page.locator(".result-list > li").count() == 2
        problems += check_portal_page(page, f"{base}/map/?postal_code=06108&radius=50", language)
        # nothing left the server before the visitor asked for the map
        assert len(refused) == refused_before
        show_map(page)
        assert page.locator("#place-map .leaflet-marker-icon").count() == 2
        assert page.locator(".leaflet-control-attribution").inner_text().find("OpenStreetMap") >= 0
        problems += [f"{language} map drawn: {v}" for v in axe_violations(page)]
        problems += check_portal_page(page, f"{base}/{cook.pk}/?postal_code=04109", language)
    tile_origin = settings.MAP_TILE_ORIGIN.replace("*.", "")
    assert refused and all(tile_origin.split("//")[1] in url for url in refused), refused
    assert problems == []


def test_the_search_works_without_javascript(browser, live_server, organisation):
    cook = place(organisation)
    context = browser.new_context(java_script_enabled=False, locale="ar")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/ar/places/map/")
        page.locator("#id_q").fill("طباخ")
        page.locator("#id_postal_code").fill("06108")
        page.locator(".place-search button[type=submit]").click()
        page.wait_for_url("**/ar/places/map/?*")
        assert page.locator(".result-list > li").count() == 1
        page.locator(".result-list a").first.click()
        page.wait_for_url(f"**/ar/places/{cook.pk}/*")
        assert cook.company.name in page.content()
    finally:
        context.close()


def test_company_place_approved_by_the_office_appears_on_the_map(
    page, live_server, organisation, counsellor_a
):
    company = CompanyFactory(organisation=organisation, name="Gasthaus Saaleblick")
    vacancy = place(organisation, company=company, status=None)
    account = PortalAccount(organisation=organisation, email="kueche@saaleblick.example", name="K")
    account.set_password("Sicheres-Passwort-2026")
    account.company = company
    account.save()
    publication = services.publication_request(vacancy=vacancy, account=account)
    refused = offline(page, live_server)

    page.goto(f"{live_server.url}/de/places/map/")
    assert page.locator("#place-map").count() == 0  # nothing public yet
    assert "Saaleblick" not in page.content()

    log_in(page, live_server, "berater.a")
    page.goto(f"{live_server.url}/staff/portal/places/approvals/")
    page.get_by_role("link", name="Gasthaus Saaleblick").or_(
        page.locator(f'a[href$="/approval/{publication.pk}/"]')
    ).first.click()
    page.locator('input[name="decision"][value="approve"]').check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/staff/portal/places/approvals/")
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.APPROVED

    page.goto(f"{live_server.url}/de/places/map/")
    assert "Gasthaus Saaleblick" in page.locator(".result-list").inner_text()
    show_map(page)
    assert page.locator("#place-map .leaflet-marker-icon").count() == 1
    assert all("openstreetmap" in url for url in refused)
    assert PlacePublication.objects.filter(status=PublicationStatus.APPROVED).count() == 1
