"""/healthz reports a worker that does not drain the queue, and leaves an idle one alone."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kausa.core.health import worker_status
from kausa.core.tasks import search_text_rebuild

pytestmark = pytest.mark.django_db
LONG_AGO = datetime.timedelta(minutes=30)


def enqueued(ago: datetime.timedelta) -> DBTaskResult:
    result = search_text_rebuild.enqueue()
    DBTaskResult.objects.filter(id=result.id).update(enqueued_at=timezone.now() - ago)
    return DBTaskResult.objects.get(id=result.id)


def test_an_idle_worker_is_fine():
    assert worker_status() == "ok"  # nothing queued, nothing ever run


def test_a_fresh_task_is_fine():
    enqueued(datetime.timedelta(seconds=5))
    assert worker_status() == "ok"


def test_a_task_waiting_too_long_without_progress_means_stale(client):
    enqueued(LONG_AGO)
    assert worker_status() == "stale"
    response = client.get(reverse("healthz"))
    # The web app still serves: 200, but the status says something is wrong.
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "migrations": "ok",
        "worker": "stale",
    }


def test_a_busy_worker_is_fine():
    enqueued(LONG_AGO)
    finished = enqueued(LONG_AGO)
    DBTaskResult.objects.filter(id=finished.id).update(
        status="SUCCESSFUL", started_at=timezone.now(), finished_at=timezone.now()
    )
    assert worker_status() == "ok"


def test_a_task_scheduled_for_later_is_not_waiting():
    result = enqueued(LONG_AGO)
    DBTaskResult.objects.filter(id=result.id).update(
        run_after=timezone.now() + datetime.timedelta(hours=1)
    )
    assert worker_status() == "ok"


def test_the_threshold_is_a_setting(settings):
    enqueued(datetime.timedelta(minutes=3))
    assert worker_status() == "ok"
    settings.WORKER_STALE_SECONDS = 60
    assert worker_status() == "stale"


def test_other_queues_are_not_checked(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert worker_status() == "not_checked"
