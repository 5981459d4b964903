"""Is the background worker draining the queue? Whichever queue the installation uses.

Database queue (`manage.py db_worker`): we cannot hook into django-tasks' worker loop, so there
is no heartbeat row. Instead the queue itself tells: the worker is *stale* when a task has been
ready to run for longer than WORKER_STALE_SECONDS and no task started or finished within that
time. An idle worker (nothing waiting) and a busy one (tasks moving) are both fine. A single
task running longer than the threshold while another waits also counts as stale: the queue is
not being drained, which is worth an alert too (add a worker).

Redis queue (RQ, `manage.py rqworker`): every RQ worker registers itself in Redis and renews
the registration while it lives, so a missing worker is seen at once: no live worker listening
on the queue is *stale*, even with nothing waiting (the daily housekeeping is always scheduled).
With workers alive, the rule above applies: the oldest waiting task waited longer than the
threshold and no worker started a task since (RQ workers take the oldest task first).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"
RQ_BACKEND = "django_tasks_rq.RQBackend"


def queue_kind() -> str:
    """ "database", "redis" or "other" (the immediate backend of development and tests)."""
    backend = str(settings.TASKS["default"]["BACKEND"])
    kinds = {DATABASE_BACKEND: "database", RQ_BACKEND: "redis"}
    return kinds.get(backend, "other")


def worker_status(now: datetime.datetime | None = None) -> str:
    """ "ok", "stale", or "not_checked" (no queue to look into: the immediate backend)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.WORKER_STALE_SECONDS)
    kind = queue_kind()
    if kind == "database":
        return _database_status(cutoff)
    if kind == "redis":
        return _redis_status(cutoff)
    return "not_checked"


def worker_missing_since(cutoff: datetime.datetime) -> bool:
    """True if the queue shows no worker at work since `cutoff`: on the database queue no task
    started or finished since then, on Redis no live worker listens. False where nothing can
    be seen (immediate backend)."""
    kind = queue_kind()
    if kind == "database":
        return not _database_progress_since(cutoff)
    if kind == "redis":
        return not _rq_workers()
    return False


def task_waiting(task_path: str) -> bool:
    """True if a task of this module path waits in the queue (ready or scheduled for later),
    so that a scheduler does not queue it twice. Always False on the immediate backend."""
    kind = queue_kind()
    if kind == "database":
        from django_tasks import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        return DBTaskResult.objects.filter(
            task_path=task_path, status=TaskResultStatus.READY
        ).exists()
    if kind == "redis":
        from rq.registry import ScheduledJobRegistry

        for queue in _rq_queues():
            scheduled = ScheduledJobRegistry(queue=queue).get_job_ids()  # type: ignore[no-untyped-call]
            for job in queue.job_class.fetch_many(
                [*queue.get_job_ids(), *scheduled], connection=queue.connection
            ):
                if job is not None and job.func_name == task_path:
                    return True
    return False


def _database_progress_since(cutoff: datetime.datetime) -> bool:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        Q(started_at__gte=cutoff) | Q(finished_at__gte=cutoff)
    ).exists()


def _database_status(cutoff: datetime.datetime) -> str:
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult, get_date_max

    waiting_too_long = (
        DBTaskResult.objects.filter(status=TaskResultStatus.READY)
        .filter(Q(run_after=get_date_max(), enqueued_at__lte=cutoff) | Q(run_after__lte=cutoff))
        .exists()
    )
    if not waiting_too_long:
        return "ok"
    return "ok" if _database_progress_since(cutoff) else "stale"


def _rq_queues() -> list[Any]:
    import django_rq
    from django_tasks_rq import Job

    return [
        django_rq.get_queue(name, job_class=Job)
        for name in sorted(settings.TASKS["default"].get("QUEUES", ["default"]))
    ]


def _rq_workers() -> list[Any]:
    """The live RQ workers listening on any of the backend's queues (a worker's registration
    expires when it stops renewing it, so a killed worker drops out by itself)."""
    from rq import Worker

    workers: dict[str, Any] = {}
    for queue in _rq_queues():
        for worker in Worker.all(queue=queue):
            workers[worker.name] = worker
    return list(workers.values())


def _aware(moment: datetime.datetime | None) -> datetime.datetime | None:
    if moment is None or timezone.is_aware(moment):
        return moment
    return moment.replace(tzinfo=datetime.UTC)  # RQ stores UTC without a zone


def _redis_status(cutoff: datetime.datetime) -> str:
    workers = _rq_workers()
    if not workers:
        return "stale"
    oldest_enqueued = []
    for queue in _rq_queues():
        job_ids = queue.get_job_ids(0, 1)
        job = queue.fetch_job(job_ids[0]) if job_ids else None
        if job is not None and job.enqueued_at is not None:
            oldest_enqueued.append(_aware(job.enqueued_at))
    if not any(moment is not None and moment <= cutoff for moment in oldest_enqueued):
        return "ok"
    for worker in workers:
        job = worker.get_current_job()
        started = _aware(job.started_at) if job is not None else None
        if started is not None and started >= cutoff:
            return "ok"
    return "stale"
