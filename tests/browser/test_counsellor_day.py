"""A counsellor's day in a real browser, on a laptop (1280 px) and a phone (360 px), in German
and English: dashboard → tasks → person → case → record a session → a referral without
consent (refused, the error summary takes the focus) and with consent → proposal → process
chain → hand-out PDF. On every page: nothing scrolls sideways and axe-core finds no WCAG 2.1
A/AA violation (a skipped chain step included, for its contrast)."""

from __future__ import annotations

from importlib import import_module
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from kausa.chains.models import StepStatus
from kausa.chains.services.runs import chain_run_start
from kausa.core.tests.factories import PartnerFactory, published_person_chain
from kausa.counselling.models import CounsellingSession, Referral
from kausa.counselling.services.consents import consent_record
from kausa.partners.models import Topic
from kausa.placements.models import Proposal
from tests.browser.test_counsellor_flow import log_in
from tests.browser.test_staff_layout import LAPTOP, PHONE, axe_violations, demo_records

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEEDED_TOPICS = import_module("kausa.partners.migrations.0002_seed_counselling_topics").TOPICS

WALKS = [("de", LAPTOP), ("de", PHONE), ("en", LAPTOP), ("en", PHONE)]


def day_records(counsellor) -> dict[str, Any]:
    """The office of `demo_records`, plus two partners (one with the person's consent) and a
    process chain started for the person with one step skipped."""
    records = demo_records(counsellor)
    person, organisation = records["person"], counsellor.organisation
    # The seeded topics, again: a transactional test before this one may have emptied the table.
    for code, name in SEEDED_TOPICS:
        Topic.objects.get_or_create(code=code, defaults={"name": name})
    topic = Topic.objects.get(code="residence-work-permit")
    consented = PartnerFactory(organisation=organisation, name="Ausländerbehörde Magdeburg")
    unconsented = PartnerFactory(organisation=organisation, name="Ausländerbehörde Börde")
    for partner in (consented, unconsented):
        partner.topics.set([topic])
    consent_record(
        actor=counsellor,
        person=person,
        purpose="referral",
        partner=consented,
        text_version="v1",
        given_on=timezone.localdate(),
        language="de",
        method="written",
    )
    chain = published_person_chain(organisation)
    run = chain_run_start(
        actor=counsellor, template=chain, person=person, case=records["case"], language="ar"
    )
    skipped = run.run_steps.order_by("pk").last()
    skipped.status = StepStatus.NOT_APPLICABLE
    skipped.save(update_fields=["status"])
    return {
        **records,
        "topic": topic,
        "consented": consented,
        "unconsented": unconsented,
        "run": run,
        "proposal": Proposal.objects.get(person=person),
    }


class Walk:
    """Visits pages and collects what is wrong on each, as readable lines."""

    def __init__(self, page, base_url: str, label: str) -> None:
        self.page, self.base_url, self.label = page, base_url, label
        self.problems: list[str] = []
        self.visited: list[str] = []

    def check(self, what: str) -> None:
        page = self.page
        page.wait_for_load_state("networkidle")  # htmx panels
        self.visited.append(what)
        # the folded forms of the page must fit once opened too
        page.evaluate("document.querySelectorAll('main details').forEach(d => d.open = true)")
        wide = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
        if wide > 0:
            self.problems.append(f"{self.label} {what}: {wide} px wider than the screen")
        path = page.url.removeprefix(self.base_url).split("?")[0]
        self.problems += [f"{self.label} {what}: {v}" for v in axe_violations(page, path)]

    def go(self, what: str, path: str) -> None:
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.status == 200, (self.label, what, path)
        self.check(what)


def walk_the_day(page, base_url: str, records: dict[str, Any], label: str) -> Walk:
    walk = Walk(page, base_url, label)
    case, person = records["case"], records["person"]
    walk.go("dashboard", reverse("workbench:dashboard"))
    walk.go("tasks", reverse("workbench:tasks"))
    walk.go("person", reverse("people:detail", args=[person.pk]))
    walk.go("case", reverse("counselling:case", args=[case.pk]))

    # record a session through the case page's form
    sessions = CounsellingSession.objects.filter(case=case).count()
    form = page.locator(f"form[action='{reverse('counselling:session_create', args=[case.pk])}']")
    form.locator("input[name=duration_minutes]").fill("45")
    form.locator("select[name=channel]").select_option("in_person")
    form.locator("input[name=topics]").first.check()
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"{base_url}{reverse('counselling:case', args=[case.pk])}")
    assert CounsellingSession.objects.filter(case=case).count() == sessions + 1, label
    walk.check("case after the session")

    # a referral to a partner without consent is refused; the summary takes the focus
    refer = reverse("counselling:refer", args=[case.pk]) + f"?topic={records['topic'].pk}"
    walk.go("referral form", refer)
    referrals = Referral.objects.filter(case=case).count()
    form = page.locator("form.form[method=post]")
    form.locator(f"input[name=partner][value='{records['unconsented'].pk}']").check()
    form.locator("select[name=topic]").select_option(str(records["topic"].pk))
    form.locator("button[type=submit]").click()
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert summary.evaluate("element => element === document.activeElement"), label
    assert Referral.objects.filter(case=case).count() == referrals, label
    walk.check("referral refused")
    form = page.locator("form.form[method=post]")
    form.locator(f"input[name=partner][value='{records['consented'].pk}']").check()
    form.locator("select[name=topic]").select_option(str(records["topic"].pk))
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"{base_url}/staff/counselling/referrals/*/")
    assert Referral.objects.filter(case=case).count() == referrals + 1, label
    walk.check("referral recorded")

    walk.go("proposal", reverse("placements:proposal", args=[records["proposal"].pk]))
    walk.go("process chain", reverse("chains:run", args=[records["run"].pk]))
    handout = page.request.get(base_url + reverse("chains:handout", args=[records["run"].pk]))
    assert handout.status == 200, label
    assert handout.body().startswith(b"%PDF"), label
    return walk


def test_a_counsellors_day_at_two_widths_in_two_languages(page, live_server, counsellor_a):
    records = day_records(counsellor_a)
    log_in(page, live_server, "berater.a")  # one login; the language switch sets the cookie
    problems: list[str] = []
    for language, size in WALKS:
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        page.set_viewport_size(size)
        walk = walk_the_day(page, live_server.url, records, f"{language} {size['width']} px")
        assert page.evaluate("document.documentElement.lang") == language
        assert len(walk.visited) == 10, walk.visited
        problems += walk.problems
    assert not problems, "\n".join(problems)
