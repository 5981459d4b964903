"""The case page: a summary at the top (person, stage, counsellor, next due step, consent),
anchors to its sections, and "done" on a next step can be undone there (audited)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from kausa.core.models import AuditEntry
from kausa.counselling import audit_actions
from kausa.counselling.models import NextStep
from kausa.counselling.services.consents import consent_record

pytestmark = pytest.mark.django_db


def _summary(html: str) -> str:
    match = re.search(
        r'<div class="case-summary" id="case-summary">(.*?)</nav>\s*</div>', html, re.S
    )
    assert match, "no case summary"
    return match.group(1)


def test_the_summary_names_the_next_due_step_and_the_consent_and_links_the_sections(
    client, counsellor_a, case
):
    today = timezone.localdate()
    NextStep.objects.create(
        case=case, title="Später", due_on=today + datetime.timedelta(days=9), owner=counsellor_a
    )
    NextStep.objects.create(
        case=case,
        title="Zeugnisse holen",
        due_on=today - datetime.timedelta(days=2),
        owner=counsellor_a,
    )
    consent_record(
        actor=counsellor_a,
        person=case.person,
        purpose="counselling",
        partner=None,
        text_version="v1",
        given_on=today,
        language="de",
        method="written",
    )
    client.force_login(counsellor_a)
    html = client.get(reverse("counselling:case", args=[case.pk])).content.decode()
    summary = _summary(html)
    next_step = re.search(r'id="summary-next-step">(.*?)</dd>', summary, re.S).group(1)
    assert "Zeugnisse holen" in next_step and "Später" not in next_step
    assert "badge-bad" in next_step  # overdue
    consent = re.search(r'id="summary-consent">(.*?)</dd>', summary, re.S).group(1)
    assert "badge-ok" in consent
    assert case.person.full_name in summary and counsellor_a.get_full_name() in summary
    anchors = re.findall(r'<a href="#([a-z]+)">', summary.split('class="case-tabs"')[1])
    assert anchors == ["steps", "sessions", "referrals", "proposals", "chains", "stage"]
    for anchor in anchors:
        assert f'<section id="{anchor}"' in html


def test_a_done_step_is_reopened_on_the_case_page_and_both_are_audited(client, counsellor_a, case):
    step = NextStep.objects.create(
        case=case, title="Anruf", due_on=timezone.localdate(), owner=counsellor_a
    )
    client.force_login(counsellor_a)
    client.post(reverse("counselling:step_done", args=[step.pk]))
    step.refresh_from_db()
    assert step.done_at is not None
    html = client.get(reverse("counselling:case", args=[case.pk])).content.decode()
    reopen = reverse("counselling:step_reopen", args=[step.pk])
    assert f'action="{reopen}"' in html

    response = client.post(reopen)
    assert response.status_code == 302 and response["Location"].endswith("#steps")
    step.refresh_from_db()
    assert step.done_at is None
    actions = list(
        AuditEntry.objects.filter(object_id=str(step.pk), object_type__contains="nextstep")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions[-2:] == [audit_actions.NEXT_STEP_COMPLETED, audit_actions.NEXT_STEP_REOPENED]


def test_a_reader_cannot_reopen(client, reader_a, counsellor_a, case):
    step = NextStep.objects.create(
        case=case,
        title="Anruf",
        due_on=timezone.localdate(),
        owner=counsellor_a,
        done_at=timezone.now(),
    )
    client.force_login(reader_a)
    assert client.post(reverse("counselling:step_reopen", args=[step.pk])).status_code == 403
    step.refresh_from_db()
    assert step.done_at is not None
