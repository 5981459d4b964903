"""The portal's content pages and the office finder in a real browser: axe (WCAG 2.1 AA),
lang/dir, 360 px and the page budget in German and Arabic, and the finder used by keyboard."""

from __future__ import annotations

import pytest

from kausa.core.models import Office
from kausa.core.tests.factories import district
from kausa.portal.content.services import content_defaults
from kausa.portal.content.tests.helpers import page_with
from tests.browser.portal_checks import check_portal_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def content(office_a, organisation):
    Office.objects.filter(pk=office_a.pk).update(
        street="Breiter Weg 1",
        postal_code="39104",
        place="Magdeburg",
        phone="0391 123456",
        email="magdeburg@kausa.example",
        opening_hours="Mo–Do 9–16 Uhr, Fr 9–12 Uhr",
    )
    office_a.districts_served.set([district("15003")])
    content_defaults(organisation)
    page_with(
        organisation,
        slug="eltern",
        purpose="custom",
        de=("Für Eltern", "## Was tun Eltern?\n\n- Fragen stellen\n- Mitkommen"),
        ar=("للوالدين", "## ماذا يفعل الوالدان؟\n\n- طرح الأسئلة\n- المرافقة"),
    )
    return office_a


@pytest.mark.parametrize("language", ["de", "ar"])
def test_content_pages_pass_the_checks(page, live_server, content, language):
    base = f"{live_server.url}/{language}"
    problems = []
    for path in (
        "/",
        "/info/training/",
        "/info/offices/",
        "/info/offices/?postal_code=39104",
        "/info/offices/?postal_code=99999",
        "/info/offices/?abroad=on",
        "/info/page/eltern/",
        "/info/page/impressum/",
    ):
        problems += check_portal_page(page, base + path, language)
    assert problems == []


def test_the_office_finder_from_the_home_page_by_keyboard(page, live_server, content):
    page.goto(f"{live_server.url}/ar/")
    field = page.locator("#home-postal-code")
    field.focus()
    page.keyboard.type("39104")
    page.keyboard.press("Enter")
    page.wait_for_url("**/ar/info/offices/?postal_code=39104")
    result = page.locator(".office-results")
    assert "KAUSA Magdeburg" in result.inner_text()
    phone = result.locator("bdi", has_text="0391 123456")
    assert phone.get_attribute("dir") == "ltr"


def test_the_finder_says_what_is_wrong_without_javascript(browser, live_server, content):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/de/info/offices/")
        page.locator("#id_postal_code").fill("3910")
        page.locator(".office-finder button[type=submit]").click()
        page.wait_for_url("**/de/info/offices/?postal_code=3910")
        assert page.locator(".error-summary").count() == 1
        assert page.locator(".office-results").count() == 0
    finally:
        context.close()
