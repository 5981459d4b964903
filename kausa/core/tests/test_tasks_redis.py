"""The tasks on Redis through RQ: queued by the app, run by a real RQ worker, results in the DB.

Needs a Redis server: REDIS_URL names it, with a database number of the tests' own (the tests
delete every RQ key in it afterwards), e.g. redis://127.0.0.1:6379/13. Without it they are
skipped. The rest of the suite keeps the database queue (kausa.core.testing_env).
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from kausa.core import health
from kausa.core.tests.factories import CompanyFactory, PersonFactory, VacancyFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db]

REDIS_URL = os.environ.get("REDIS_URL", "")
QUEUE = "default"  # the queue every task of the app is defined on
MAGDEBURG = {"postal_code": "39104", "place": "Magdeburg", "latitude": 52.13, "longitude": 11.63}


def _redis_or_skip() -> Any:
    if not REDIS_URL:
        pytest.skip("REDIS_URL is not set: the RQ task tests need a Redis server")
    pytest.importorskip("django_tasks_rq", reason="the 'redis' extra is not installed")
    import redis

    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis at REDIS_URL is unreachable: the RQ task tests need a Redis server")
    return connection


def _delete_rq_keys(connection: Any) -> None:
    keys = list(connection.scan_iter("rq:*", count=500))
    if keys:
        connection.delete(*keys)


@pytest.fixture
def rq_backend(settings: Any) -> Iterator[Any]:
    """The app's settings for Redis (as REDIS_URL alone selects them), on an empty test db."""
    connection = _redis_or_skip()
    _delete_rq_keys(connection)
    settings.RQ_QUEUES = {QUEUE: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [QUEUE]}}
    yield connection
    _delete_rq_keys(connection)
    connection.close()


def run_worker(*, with_scheduler: bool = False) -> int:
    """A real RQ worker in burst mode: takes every waiting job, runs it here, stops; returns
    how many jobs finished successfully."""
    import django_rq
    from django_tasks_rq import Job
    from rq import SimpleWorker
    from rq.registry import FinishedJobRegistry

    queue = django_rq.get_queue(QUEUE, job_class=Job)
    finished = FinishedJobRegistry(queue=queue)
    before = finished.count
    worker = SimpleWorker([queue], connection=queue.connection, job_class=Job)
    worker.work(burst=True, with_scheduler=with_scheduler, logging_level="WARNING")
    return int(finished.count - before)


def test_settings_pick_redis_when_redis_url_is_set():
    """REDIS_URL alone selects RQ; an explicit TASKS_BACKEND still wins (as in the tests)."""
    import subprocess
    import sys

    code = "from django.conf import settings; print(settings.TASKS['default']['BACKEND'])"
    base = {
        key: value for key, value in os.environ.items() if key not in {"TASKS_BACKEND", "REDIS_URL"}
    }
    base.update(DJANGO_SETTINGS_MODULE="kausa.settings", DEBUG="1")
    pytest.importorskip("django_tasks_rq", reason="the 'redis' extra is not installed")
    backends = []
    for extra in (
        {},
        {"REDIS_URL": "redis://127.0.0.1:6379/13"},
        {"REDIS_URL": "redis://127.0.0.1:6379/13", "TASKS_BACKEND": "database"},
    ):
        output = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            env={**base, **extra},
            capture_output=True,
            text=True,
            check=True,
        )
        backends.append(output.stdout.strip())
    assert backends == [health.DATABASE_BACKEND, health.RQ_BACKEND, health.DATABASE_BACKEND]


def test_a_matching_run_queued_by_the_app_runs_on_an_rq_worker(
    rq_backend, counsellor_a, organisation, django_capture_on_commit_callbacks
):
    from kausa.core.models import Occupation
    from kausa.people.models import DesiredOccupation
    from kausa.placements.models import MatchingRun
    from kausa.placements.services import matching_run_start

    occupation = Occupation.objects.order_by("pk").first()
    people = []
    for level in (6, 4, 2):  # one seat: the best German level wins it
        person = PersonFactory(
            office=counsellor_a.office, german_level=level, max_commute_km=30, **MAGDEBURG
        )
        DesiredOccupation.objects.create(person=person, occupation=occupation, rank=1)
        people.append(person)
    company = CompanyFactory(organisation=organisation, **MAGDEBURG)
    vacancy = VacancyFactory(
        company=company, occupation=occupation, seats=1, required_german_level=5, **MAGDEBURG
    )

    with django_capture_on_commit_callbacks(execute=True):
        run = matching_run_start(actor=counsellor_a, office=counsellor_a.office)
    assert rq_backend.llen(f"rq:queue:{QUEUE}") == 1  # in Redis, not in the database
    assert health.task_waiting("kausa.placements.tasks.matching_run_execute")

    assert run_worker() == 1

    run = MatchingRun.objects.get(pk=run.pk)
    assert (run.state, run.progress, run.people_count, run.places_count) == ("done", 100, 3, 1)
    pair = run.pairs.get()
    assert (pair.person, pair.vacancy) == (people[0], vacancy)
    assert rq_backend.llen(f"rq:queue:{QUEUE}") == 0
    assert not health.task_waiting("kausa.placements.tasks.matching_run_execute")


def test_housekeeping_runs_on_rq_and_schedules_its_next_run(rq_backend):
    from kausa.counselling.tasks import daily_housekeeping

    expired = SessionStore()
    expired.set_expiry(-60)
    expired.create()
    alive = SessionStore()
    alive.create()

    result = daily_housekeeping.enqueue()
    assert run_worker() == 1

    # The housekeeping cleared the expired session in the database and kept the other one.
    assert set(Session.objects.values_list("session_key", flat=True)) == {alive.session_key}
    stored = daily_housekeeping.get_backend().get_result(result.id)
    assert stored.status == "SUCCESSFUL"
    assert {"erased", "reminded"} <= set(stored.return_value)
    # It queued its next daily run on Redis for later: waiting, not run by a burst worker.
    assert health.task_waiting(daily_housekeeping.module_path)
    assert run_worker() == 0


def test_a_task_due_later_runs_once_its_time_has_come(rq_backend):
    from kausa.core.tasks import search_text_rebuild

    person = PersonFactory(first_name="Çağrı", last_name="Öztürk")
    type(person).objects.filter(pk=person.pk).update(search_text="")
    later = search_text_rebuild.using(run_after=timezone.now() + datetime.timedelta(hours=1))
    later.enqueue()
    due = search_text_rebuild.using(run_after=timezone.now() - datetime.timedelta(seconds=1))
    due.enqueue()

    assert run_worker(with_scheduler=True) == 1  # the scheduler moved only the due one
    person.refresh_from_db()
    assert person.search_text == "cagri ozturk"
    assert health.task_waiting(search_text_rebuild.module_path)  # the later one still waits


def test_healthz_sees_whether_an_rq_worker_is_alive(rq_backend, client):
    import django_rq
    from django_tasks_rq import Job
    from rq import SimpleWorker

    assert health.worker_status() == "stale"  # no worker listens: queued work would never run
    assert client.get("/healthz").json()["worker"] == "stale"

    queue = django_rq.get_queue(QUEUE, job_class=Job)
    worker = SimpleWorker([queue], connection=queue.connection, job_class=Job)
    worker.register_birth()
    try:
        assert health.worker_status() == "ok"  # alive and idle
        assert not health.worker_missing_since(timezone.now())
        from kausa.core.tasks import search_text_rebuild

        search_text_rebuild.enqueue()
        assert health.worker_status() == "ok"  # waiting, but not for long
        later = timezone.now() + datetime.timedelta(seconds=3600)
        assert health.worker_status(now=later) == "stale"  # waited an hour, nobody took it
    finally:
        worker.register_death()
    assert health.worker_missing_since(timezone.now())
