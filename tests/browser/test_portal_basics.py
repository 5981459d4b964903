"""The portal's frame in a real browser: keyboard only, without JavaScript, mirrored in
Arabic, and the language switch that keeps the page."""

from __future__ import annotations

import pytest

from tests.browser.portal_checks import check_portal_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_start_page_passes_the_checks_in_german_and_arabic(page, live_server):
    problems = []
    for language in ("de", "ar"):
        problems += check_portal_page(page, f"{live_server.url}/{language}/", language)
    assert problems == []


def test_keyboard_only_skip_link_and_language_switch(page, live_server):
    page.goto(f"{live_server.url}/de/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Zum Inhalt springen"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.goto(f"{live_server.url}/de/")
    for _ in range(10):  # Tab to the language switch, as a keyboard user would
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    assert page.evaluate("document.activeElement.textContent").strip().endswith("Sprache")
    page.keyboard.press("Enter")
    arabic = page.locator(".language-switch a[lang=ar]")
    arabic.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/ar/")
    assert page.evaluate("document.documentElement.dir") == "rtl"


def test_arabic_mirrors_the_layout(page, live_server):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/ar/")
    brand = page.locator(".portal .brand").bounding_box()
    assert brand is not None and brand["x"] > 640  # the brand sits on the right
    page.goto(f"{live_server.url}/de/")
    brand = page.locator(".portal .brand").bounding_box()
    assert brand is not None and brand["x"] < 640


def test_pages_work_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="ar")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/")  # the browser's language decides
        assert page.url == f"{live_server.url}/ar/"
        page.locator(".language-switch summary").click()  # <details> opens without script
        page.locator(".language-switch a[lang=de]").click()
        page.wait_for_url(f"{live_server.url}/de/")
        assert page.locator("html").get_attribute("lang") == "de"
    finally:
        context.close()
