"""Asking for counselling in a real browser: the form, the "check your email" page and the
confirmation page pass the portal checks in German and Arabic; a young person sends a request,
confirms it with the link from the mail, and the counsellor sees it on the start page."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from kausa.portal.enquiries.models import Enquiry
from kausa.portal.enquiries.tests.helpers import link_in
from tests.browser.portal_checks import check_portal_page
from tests.browser.test_counsellor_flow import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_and_send(page, live_server, language: str, email: str) -> None:
    page.goto(f"{live_server.url}/{language}/counselling/")
    page.locator("[name=first_name]").fill("Amal")
    page.locator("[name=last_name]").fill("Nasser")
    page.locator("[name=email]").fill(email)
    page.locator("[name=postal_code]").fill("39104")
    page.locator("[name=birth_year]").fill(str(timezone.localdate().year - 19))
    page.locator("[name=languages][value=ar]").check()
    page.locator("[name=german_level]").select_option("2")
    page.locator("[name=question]").fill("أبحث عن تدريب مهني في مجال الطبخ.")
    page.locator("[name=consent]").check()
    page.locator("form.enquiry-form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/{language}/counselling/sent/")


def mail_link(live_server, email: str) -> str:
    messages = [message for message in mail.outbox if email in message.to]
    assert messages
    return live_server.url + link_in(messages[-1])


def test_the_pages_pass_the_portal_checks_in_german_and_arabic(page, live_server, counsellor_a):
    problems: list[str] = []
    for language in ("de", "ar"):
        problems += check_portal_page(page, f"{live_server.url}/{language}/counselling/", language)
        email = f"check-{language}@example.org"
        fill_and_send(page, live_server, language, email)
        problems += check_portal_page(
            page, f"{live_server.url}/{language}/counselling/sent/", language
        )
        problems += check_portal_page(page, mail_link(live_server, email), language)
    assert problems == []


def test_the_form_with_errors_passes_the_checks(page, live_server, counsellor_a):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/ar/counselling/")
    page.locator("[name=first_name]").fill("<b>Amal</b>")
    page.locator("form.enquiry-form button[type=submit]").click()
    page.locator(".error-summary").wait_for()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert page.locator("[name=first_name]").input_value() == "<b>Amal</b>"
    assert Enquiry.objects.count() == 0
    from tests.browser.portal_checks import axe_violations

    assert axe_violations(page) == []
    extra = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert extra <= 0


def test_a_young_person_asks_and_the_counsellor_sees_it(page, live_server, counsellor_a):
    fill_and_send(page, live_server, "ar", "amal@example.org")
    assert Enquiry.objects.get().office is None

    page.goto(mail_link(live_server, "amal@example.org"))
    page.locator("main form button[type=submit]").click()
    page.locator("main h1").wait_for()
    assert "KAUSA Magdeburg" in page.locator("main").inner_text()
    enquiry = Enquiry.objects.get()
    assert enquiry.office == counsellor_a.office and enquiry.person is not None

    log_in(page, live_server, "berater.a")
    card = page.locator("section[aria-labelledby=enquiries-heading]")
    card.get_by_role("link", name="Amal Nasser").click()
    page.wait_for_url(f"{live_server.url}/staff/portal/enquiries/{enquiry.pk}/")
    assert "أبحث عن تدريب مهني" in page.locator("main").inner_text()
    page.locator("form[action$='take-over/'] button").click()
    page.wait_for_url(f"{live_server.url}/staff/portal/enquiries/{enquiry.pk}/")
    enquiry.refresh_from_db()
    assert enquiry.assigned_to == counsellor_a
