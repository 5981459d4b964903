"""The account pages of the portal in a real browser: each passes the portal checks (axe
WCAG 2.1 AA, lang/dir, 360 px, page budget) in German and Arabic, with an error summary
too, and a company registers through the form in Arabic and signs in."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail

from kausa.portal.accounts import tokens
from kausa.portal.accounts.models import PortalAccount
from kausa.portal.tests.world import make_account
from tests.browser.portal_checks import check_portal_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _no_minimum_time(settings):
    settings.PORTAL_MIN_SUBMIT_SECONDS = 0


def test_account_pages_pass_the_checks_in_german_and_arabic(page, live_server, organisation):
    account = make_account(organisation, "firma@betrieb.example")
    token = tokens.reset_token(account)
    problems: list[str] = []
    for language in ("de", "ar"):
        for path in (
            "account/login/",
            "account/register/",
            "account/register/sent/",
            "account/password/",
            "account/password/sent/",
            f"account/reset/{token}/",
            "account/login/code/",
        ):
            problems += check_portal_page(page, f"{live_server.url}/{language}/{path}", language)
        # A form with errors (the error summary) passes too.
        page.goto(f"{live_server.url}/{language}/account/register/")
        page.locator("form.account-form button[type=submit]").click()
        page.wait_for_load_state("networkidle")
        assert page.locator(".error-summary").count() == 1
        from tests.browser.portal_checks import axe_violations

        problems += [f"{language} register errors: {v}" for v in axe_violations(page)]
    assert problems == []


def test_company_registers_in_arabic_and_signs_in(page, live_server, organisation):
    page.goto(f"{live_server.url}/ar/account/register/")
    page.locator("#id_company_name").fill("مخبز الشمس")
    page.locator("#id_postal_code").fill("39104")
    page.locator("#id_contact_name").fill("سارة حداد")
    page.locator("#id_email").fill("sara@betrieb.example")
    page.locator("#id_password").fill("Sonnige-Backstube-2026")
    page.locator("#id_password_again").fill("Sonnige-Backstube-2026")
    page.locator("#id_privacy").check()
    page.locator("form.account-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/ar/account/register/sent/$"))
    account = PortalAccount.objects.get()
    assert account.language == "ar" and account.registrations.get().company_name == "مخبز الشمس"
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    page.goto(live_server.url + "/" + link.split("/", 3)[3])
    account.refresh_from_db()
    assert account.email_verified_at is not None
    page.goto(f"{live_server.url}/ar/account/login/")
    page.locator("#id_email").fill("sara@betrieb.example")
    page.locator("#id_password").fill("Sonnige-Backstube-2026")
    page.locator("form.account-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/ar/account/pending/$"))
    assert page.locator("main").get_by_text("مخبز الشمس").count() == 1
    problems = check_portal_page(page, f"{live_server.url}/ar/account/pending/", "ar")
    problems += check_portal_page(page, f"{live_server.url}/de/account/security/", "de")
    assert problems == []
    assert settings.SESSION_COOKIE_NAME in {c["name"] for c in page.context.cookies()}
