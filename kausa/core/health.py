"""Is the background worker draining the database queue?

We cannot hook into django-tasks' worker loop, so there is no heartbeat row. Instead the
queue itself tells: the worker is *stale* when a task has been ready to run for longer than
WORKER_STALE_SECONDS and no task started or finished within that time. An idle worker
(nothing waiting) and a busy one (tasks moving) are both fine. A single task running longer
than the threshold while another waits also counts as stale: the queue is not being drained,
which is worth an alert too (add a worker).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone


def worker_status(now: datetime.datetime | None = None) -> str:
    """ "ok", "stale", or "not_checked" (queue not in the database: Redis or immediate)."""
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return "not_checked"
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.WORKER_STALE_SECONDS)
    waiting_too_long = (
        DBTaskResult.objects.filter(status=TaskResultStatus.READY)
        .filter(Q(run_after=get_date_max(), enqueued_at__lte=cutoff) | Q(run_after__lte=cutoff))
        .exists()
    )
    if not waiting_too_long:
        return "ok"
    recent_progress = DBTaskResult.objects.filter(
        Q(started_at__gte=cutoff) | Q(finished_at__gte=cutoff)
    ).exists()
    return "ok" if recent_progress else "stale"
