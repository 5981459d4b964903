"""The matching-run page explains itself: who starts runs, a missing worker, stalled runs."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kausa.core.models import AuditEntry
from kausa.placements.models import MatchingRun
from kausa.placements.services import matching_runs_fail_stalled

pytestmark = pytest.mark.django_db
RUNS = "placements:runs"


def _age(run: MatchingRun, minutes: int) -> MatchingRun:
    MatchingRun.objects.filter(pk=run.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=minutes)
    )
    run.refresh_from_db()
    return run


def test_a_team_lead_starts_a_run_for_an_office_with_a_reason(client, team_lead, office_b):
    client.force_login(team_lead)
    page = client.get(reverse(RUNS)).content.decode()
    assert 'name="office"' in page and 'name="reason"' in page
    refused = client.post(reverse(RUNS), {"office": office_b.pk})
    assert refused.status_code == 200 and refused.context["start_form"].errors["reason"]
    assert not MatchingRun.objects.exists()
    response = client.post(reverse(RUNS), {"office": office_b.pk, "reason": "Messe nächste Woche"})
    run = MatchingRun.objects.get()
    assert response["Location"] == reverse("placements:run", args=[run.pk])
    assert (run.office, run.started_by, run.reason) == (office_b, team_lead, "Messe nächste Woche")
    assert AuditEntry.objects.filter(action="placements.matching_run.started").count() == 1


def test_a_counsellor_starts_for_the_own_office_only(client, counsellor_a, office_b):
    client.force_login(counsellor_a)
    page = client.get(reverse(RUNS)).content.decode()
    assert 'name="reason"' not in page
    response = client.post(reverse(RUNS), {"office": office_b.pk})
    assert response.context["start_form"].errors["office"]
    client.post(reverse(RUNS), {"office": counsellor_a.office_id})
    assert MatchingRun.objects.get().office_id == counsellor_a.office_id


def test_a_read_only_colleague_is_told_why_there_is_no_button(client, reader_a):
    client.force_login(reader_a)
    page = client.get(reverse(RUNS)).content.decode()
    assert 'id="no-start-reason"' in page and 'name="office"' not in page


def test_a_second_run_for_an_office_is_refused_while_one_waits(client, counsellor_a):
    MatchingRun.objects.create(office=counsellor_a.office, state="queued")
    client.force_login(counsellor_a)
    response = client.post(reverse(RUNS), {"office": counsellor_a.office_id})
    assert response.status_code == 200
    errors = response.context["start_form"].non_field_errors()
    assert errors and ("bereits" in errors[0] or "already" in errors[0])
    assert MatchingRun.objects.count() == 1


def test_a_queued_run_without_a_worker_says_how_to_start_one(client, counsellor_a):
    run = MatchingRun.objects.create(office=counsellor_a.office)
    client.force_login(counsellor_a)
    url = reverse("placements:run", args=[run.pk])
    assert 'id="worker-missing"' not in client.get(url).content.decode()  # just queued
    _age(run, 5)
    page = client.get(url).content.decode()
    assert 'id="worker-missing"' in page and "make worker" in page


def test_a_run_stalled_for_half_an_hour_shows_as_failed_and_is_recorded_by_the_next_start(
    client, counsellor_a
):
    stalled = _age(MatchingRun.objects.create(office=counsellor_a.office, state="running"), 45)
    fresh = _age(MatchingRun.objects.create(office=counsellor_a.office, state="running"), 10)
    client.force_login(counsellor_a)
    page = client.get(reverse("placements:run", args=[stalled.pk])).content.decode()
    status = page[page.index('id="run-status"') :]
    assert "Der Lauf ist fehlgeschlagen" in status
    assert "hx-get" not in status.split(">", 1)[0]  # no more polling
    fresh_page = client.get(reverse("placements:run", args=[fresh.pk])).content.decode()
    assert "hx-get" in fresh_page[fresh_page.index('id="run-status"') :].split(">", 1)[0]
    # pages only read: the state is recorded by the next start (or the daily housekeeping)
    client.get(reverse(RUNS))
    stalled.refresh_from_db()
    assert stalled.state == "running"
    assert matching_runs_fail_stalled(office=counsellor_a.office) == 1
    stalled.refresh_from_db()
    fresh.refresh_from_db()
    assert (stalled.state, fresh.state) == ("failed", "running")
    # A run that reported progress lately is not stalled, however old it is.
    MatchingRun.objects.filter(pk=fresh.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=2), progressed_at=timezone.now()
    )
    fresh.refresh_from_db()
    assert not fresh.stalled
    assert matching_runs_fail_stalled() == 0


def test_the_daily_housekeeping_records_stalled_runs(counsellor_a):
    from kausa.counselling.tasks import daily_housekeeping

    stalled = _age(MatchingRun.objects.create(office=counsellor_a.office, state="queued"), 45)
    assert daily_housekeeping.call()["stalled_runs"] == 1
    stalled.refresh_from_db()
    assert stalled.state == "failed"
