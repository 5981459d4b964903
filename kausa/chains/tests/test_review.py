"""The yearly review: team leads see the steps not checked for a year and mark them checked
(on published versions too); counsellors cannot; bad input changes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kausa.chains.models import ChainStep, TemplateStatus
from kausa.core.models import AuditEntry
from kausa.core.tests.factories import published_person_chain

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _check(client, step, note):
    return client.post(reverse("chains:step_check", args=[step.pk]), {f"c{step.pk}-note": note})


@pytest.fixture
def steps(chain):
    """contract: never checked; work-permit: checked a month ago; chamber: 13 months ago."""
    by_key = {step.key: step for step in chain.steps.all()}
    by_key["work-permit"].last_checked = TODAY - datetime.timedelta(days=30)
    by_key["chamber"].last_checked = TODAY - datetime.timedelta(days=400)
    for step in by_key.values():
        step.save()
    return by_key


def test_the_review_page_lists_unchecked_and_old_steps_only(client, team_lead, steps):
    client.force_login(team_lead)
    response = client.get(reverse("chains:review"))
    assert response.status_code == 200
    listed = [step.key for step, _form in response.context["rows"]]
    assert listed == ["contract", "chamber"]  # never checked first
    assert reverse("chains:step_check", args=[steps["contract"].pk]) in response.content.decode()
    assert reverse("chains:review") in client.get(reverse("chains:templates")).content.decode()


def test_retired_versions_and_other_organisations_are_not_listed(
    client, team_lead, chain, steps, outsider
):
    other = published_person_chain(outsider.organisation, key="fremd")
    ChainStep.objects.filter(template=other).update(last_checked=None)
    client.force_login(team_lead)
    listed = {step.pk for step, _form in client.get(reverse("chains:review")).context["rows"]}
    assert listed and not listed & set(other.steps.values_list("pk", flat=True))
    chain.status = TemplateStatus.RETIRED
    chain.save()
    assert client.get(reverse("chains:review")).context["rows"] == []


def test_marking_a_published_step_checked_records_date_note_and_one_audit_entry(
    client, team_lead, steps
):
    step = steps["contract"]
    client.force_login(team_lead)
    response = _check(client, step, "Quelle geprüft, unverändert.")
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.last_checked == TODAY
    assert step.checked_note == "Quelle geprüft, unverändert."
    assert step.checked_by == team_lead
    assert step.template.status == TemplateStatus.PUBLISHED
    entries = AuditEntry.objects.filter(action="chains.step.checked", object_id=str(step.pk))
    assert entries.count() == 1
    assert AuditEntry.objects.filter(object_type="chains.chainstep").count() == 1
    listed = [s.key for s, _form in client.get(reverse("chains:review")).context["rows"]]
    assert "contract" not in listed


def test_counsellors_and_readers_cannot_review(client, counsellor_a, reader_a, steps):
    step = steps["contract"]
    for user in (counsellor_a, reader_a):
        client.force_login(user)
        assert client.get(reverse("chains:review")).status_code == 403
        assert _check(client, step, "Geprüft").status_code == 403
    step.refresh_from_db()
    assert step.last_checked is None and step.checked_note == ""
    assert not AuditEntry.objects.filter(action="chains.step.checked").exists()


def test_invalid_input_changes_nothing(client, team_lead, steps, outsider):
    step = steps["chamber"]
    before = step.last_checked
    client.force_login(team_lead)
    assert _check(client, step, "   ").status_code == 302  # an empty note is refused
    assert _check(client, step, "x" * 501).status_code == 302  # too long
    step.refresh_from_db()
    assert step.last_checked == before and step.checked_note == ""
    other = published_person_chain(outsider.organisation, key="fremd").steps.first()
    assert _check(client, other, "Geprüft").status_code == 404
    other.refresh_from_db()
    assert other.checked_note == ""
    assert not AuditEntry.objects.filter(action="chains.step.checked").exists()
