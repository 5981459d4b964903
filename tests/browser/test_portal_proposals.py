"""The company portal's proposals in a real browser: the list and the pseudonymised profile
pass axe (WCAG 2.1 AA) in German and Arabic at 360 px; a company invites a candidate to an
interview and the counsellor sees the new status on the staff proposal page."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore

from kausa.placements.models import ProposalStatus
from kausa.portal import session
from kausa.portal.proposals.models import CompanyResponse
from kausa.portal.proposals.tests.matrix import sent_proposal
from kausa.portal.tests.world import build_world
from tests.browser.portal_checks import check_portal_page
from tests.browser.test_counsellor_flow import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in_company(page, live_server, account) -> None:
    """What the portal sign-in leaves in the session, as this browser's cookie."""
    store = SessionStore()
    store[session.ACCOUNT_KEY] = account.pk
    store[session.ACCOUNT_HASH_KEY] = session._password_mark(account)
    store.create()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": store.session_key, "url": live_server.url}]
    )


@pytest.fixture
def world(organisation, office_a, counsellor_a):
    world = build_world(organisation, office_a, counsellor_a)
    world.person.last_name = "Quraishi"
    world.person.save()
    return world


def test_list_and_profile_pass_the_portal_checks(page, live_server, world):
    proposal = sent_proposal(world.person, world.vacancy, world.counsellor)
    sign_in_company(page, live_server, world.account)
    problems = []
    for language in ("de", "ar"):
        for path in ("", f"{proposal.pk}/"):
            url = f"{live_server.url}/{language}/company/proposals/{path}"
            problems += check_portal_page(page, url, language)
            assert "Quraishi" not in page.content()
    assert problems == []


def test_company_invites_and_the_counsellor_sees_the_interview(page, live_server, world):
    proposal = sent_proposal(world.person, world.vacancy, world.counsellor)
    sign_in_company(page, live_server, world.account)
    page.goto(f"{live_server.url}/de/company/proposals/")
    page.locator(f'a[href="/de/company/proposals/{proposal.pk}/"]').click()
    page.locator('input[name="decision"][value="accepted"]').check()
    page.locator('form[action$="/respond/"] button[type="submit"]').click()
    page.locator(".message-success").wait_for()
    assert page.locator('input[name="decision"]').count() == 0
    assert CompanyResponse.objects.get().decision == "accepted"
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.INTERVIEW

    page.context.clear_cookies()
    log_in(page, live_server, "berater.a")
    page.goto(f"{live_server.url}/staff/placements/proposals/{proposal.pk}/")
    facts = page.locator("dl.facts").inner_text()
    assert "Vorstellungsgespräch" in facts
    assert page.locator("#company-response").is_visible()
    page.goto(f"{live_server.url}/staff/placements/?status=interview")
    assert world.person.full_name in page.locator("table").inner_text()
