"""Benchmark: the staff pages at national scale, target p95 <= 150 ms per page.

Run: .venv/bin/python bench/pages.py [--people 100000] [--places 20000] [--requests 30]
     [--backend sqlite|postgres|both] [--seed 2026] [--keep DIR] [--profile]

For each backend it builds a fresh database (SQLite: a file in a temporary folder, or in DIR
with --keep, reused when it is there; PostgreSQL: the database `kausa_bench_pages` on the server
DATABASE_URL names, created and dropped by this script; skipped without DATABASE_URL), migrates
it and fills it with `bench/pages_data.build_dataset` (one office of `--people` people and
`--places` open places). Then, in a separate process (the "web process", production settings:
DEBUG off, cached templates, throw-away keys, no second factor), it requests every page through
the Django test client: one warm-up, then `--requests` requests over different people and places
in a fixed seeded order, as the counsellor (the audit log as the team lead). It also times the
office-wide matching run (the worker task `matching_run_execute`, end to end), the first
suggestions page in a fresh process (empty numba cache, then the cache that run filled) and the
web process's memory (RSS) after the pages. Prints a table and, last, one JSON line.

Besides wall-clock p50/p95 it reports the CPU time of the web process per request (p50_cpu_ms,
p95_cpu_ms): on SQLite that includes the database's work, so on a machine whose cores are busy
with other work it tells what a page costs better than the wall clock does.

--profile prints each page's slowest queries.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 150.0
PG_DATABASE = "kausa_bench_pages"
MARK = "BENCH-RESULT "


# --- the parent: one database per backend, child processes for each phase -----------------


def _backend_env(backend: str, folder: Path) -> dict[str, str]:
    from cryptography.fernet import Fernet

    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="kausa.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        MFA_REQUIRED="0",
        STATIC_MANIFEST="0",
        ALLOWED_HOSTS="testserver",
        TASKS_BACKEND="immediate",
        NUMBA_CACHE_DIR=str(folder / "numba-cache"),
    )
    if backend == "sqlite":
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = str(folder / "pages.sqlite3")
    else:
        env["DATABASE_URL"] = _pg_url(os.environ["DATABASE_URL"], PG_DATABASE)
    return env


def _pg_url(url: str, database: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)  # keeps an empty host (a local socket: postgresql:///name)
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.scheme}://{parts.netloc}/{database}{query}"


def _pg_admin(statement: str) -> None:
    import psycopg

    with psycopg.connect(_pg_url(os.environ["DATABASE_URL"], "postgres"), autocommit=True) as db:
        db.execute(statement)


def _child(env: dict[str, str], *args: str) -> dict[str, Any]:
    """Run this script in a fresh process for one phase; its last marked line is the result."""
    command = [sys.executable, str(Path(__file__).resolve()), *args]
    result = subprocess.run(  # noqa: S603 - this script with fixed arguments
        command, env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    sys.stderr.write(result.stderr[-4000:] if result.returncode else "")
    if result.returncode:
        raise SystemExit(f"phase {args[0]} failed ({result.returncode})")
    for line in result.stdout.splitlines():
        if not line.startswith(MARK):
            print(line)
    marked = [line for line in result.stdout.splitlines() if line.startswith(MARK)]
    parsed: dict[str, Any] = json.loads(marked[-1][len(MARK) :])
    return parsed


def run_backend(backend: str, args: argparse.Namespace) -> dict[str, Any]:
    folder = (
        Path(args.keep)
        if args.keep and backend == "sqlite"
        else Path(tempfile.mkdtemp(prefix="kausa-bench-pages-"))
    )
    folder.mkdir(parents=True, exist_ok=True)
    env = _backend_env(backend, folder)
    if backend == "postgres":
        _pg_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        _pg_admin(f"CREATE DATABASE {PG_DATABASE}")
    try:
        build = _child(env, "_build", str(args.people), str(args.places), str(args.seed))
        # The cold starts first: the pages phase fills the numba cache.
        shutil.rmtree(folder / "numba-cache", ignore_errors=True)
        cold = _child(env, "_cold", "empty")
        warm = _child(env, "_cold", "filled")
        pages = _child(
            env,
            "_pages",
            str(args.requests),
            str(args.seed),
            *(["--profile"] if args.profile else []),
        )
        run = _child(env, "_matching")
    finally:
        if backend == "postgres":
            _pg_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        if not args.keep or backend != "sqlite":
            shutil.rmtree(folder, ignore_errors=True)
    return {
        "pages": pages["pages"],
        "build_s": build["seconds"],
        "reused": build["reused"],
        "matching_run_s": run["seconds"],
        "matching_run_pairs": run["pairs"],
        "cold_start_s": {"empty_numba_cache": cold, "filled_numba_cache": warm},
        "rss_mb": pages["rss_mb"],
    }


def print_table(results: dict[str, dict[str, Any]]) -> None:
    for backend, figures in results.items():
        print(
            f"\n== {backend}  (build {figures['build_s']} s"
            f"{', reused' if figures['reused'] else ''})"
        )
        print(
            f"{'page':<22}{'p50 ms':>9}{'p95 ms':>9}{'p50 cpu':>9}{'p95 cpu':>9}{'queries':>9}"
            f"  target {TARGET_MS:.0f}"
        )
        for page, row in figures["pages"].items():
            flag = "" if row["p95_ms"] <= TARGET_MS else "  MISSES"
            print(
                f"{page:<22}{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}{row['p50_cpu_ms']:>9.1f}"
                f"{row['p95_cpu_ms']:>9.1f}{row['queries']:>9}{flag}"
            )
        cold = figures["cold_start_s"]
        print(
            f"matching run {figures['matching_run_s']} s ({figures['matching_run_pairs']} pairs); "
            f"first suggestions page in a new process: empty numba cache "
            f"{cold['empty_numba_cache']['first_page_s']} s "
            f"(+ start {cold['empty_numba_cache']['setup_s']} s), filled cache "
            f"{cold['filled_numba_cache']['first_page_s']} s; "
            f"web process RSS {figures['rss_mb']} MB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--places", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="sqlite")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", metavar="DIR", help="keep (and reuse) the SQLite data set in DIR")
    parser.add_argument("--profile", action="store_true", help="print each page's slowest queries")
    args = parser.parse_args()
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    results = {}
    for backend in backends:
        if backend == "postgres" and not os.environ.get("DATABASE_URL", "").startswith("postgres"):
            print("DATABASE_URL names no PostgreSQL server: PostgreSQL skipped")
            continue
        results[backend] = run_backend(backend, args)
    print_table(results)
    summary = {
        "benchmark": "pages",
        "people": args.people,
        "places": args.places,
        "requests": args.requests,
        "target_ms": TARGET_MS,
        **{
            backend: {
                page: {key: r[key] for key in ("p50_ms", "p95_ms", "p50_cpu_ms", "p95_cpu_ms")}
                for page, r in f["pages"].items()
            }
            for backend, f in results.items()
        },
        "matching_run_s": {b: f["matching_run_s"] for b, f in results.items()},
        "cold_start_s": {b: f["cold_start_s"] for b, f in results.items()},
        "rss_mb": {b: f["rss_mb"] for b, f in results.items()},
        "build_s": {b: f["build_s"] for b, f in results.items()},
        "pages_missing_target": {
            b: [page for page, r in f["pages"].items() if r["p95_ms"] > TARGET_MS]
            for b, f in results.items()
        },
    }
    print(json.dumps(summary))


# --- the phases, each in its own process --------------------------------------------------


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _emit(result: dict[str, Any]) -> None:
    print(MARK + json.dumps(result), flush=True)


def phase_build(people: int, places: int, seed: int) -> None:
    _setup()
    from django.core.management import call_command

    from kausa.core.models import Organisation

    call_command("migrate", verbosity=0)
    from pages_data import ORGANISATION_NAME, build_dataset  # bench/ is on sys.path

    if Organisation.objects.filter(name=ORGANISATION_NAME).exists():
        _emit({"seconds": 0.0, "reused": True})
        return
    dataset = build_dataset(people=people, places=places, seed=seed)
    print(f"built {dataset.people:,} people, {dataset.places:,} places in {dataset.seconds} s")
    _emit({"seconds": dataset.seconds, "reused": False})


def _users() -> tuple[Any, Any]:
    from pages_data import COUNSELLOR_USERNAME, TEAM_LEAD_USERNAME

    from kausa.core.models import User

    return User.objects.get(username=COUNSELLOR_USERNAME), User.objects.get(
        username=TEAM_LEAD_USERNAME
    )


def _page_requests(
    counsellor: Any, count: int, seed: int
) -> dict[str, list[tuple[str, str, dict[str, str]]]]:
    """Per page, warm-up + `count` requests (method, path, data) in a fixed seeded order."""
    import random

    from kausa.people.models import Person
    from kausa.vacancies.models import Vacancy

    rng = random.Random(seed)
    total = count + 1
    people = list(
        Person.objects.filter(office_id=counsellor.office_id)
        .order_by("pk")
        .values_list("pk", "last_name")
    )
    places = list(Vacancy.objects.order_by("pk").values_list("pk", flat=True))
    chosen = rng.sample(people, total)
    chosen_places = rng.sample(places, total)

    def typo(name: str) -> str:
        # A fuzzy query: the family name with one letter dropped.
        at = rng.randrange(1, max(len(name) - 1, 2))
        return name[:at] + name[at + 1 :]

    get = "get"
    return {
        "dashboard": [(get, "/", {})] * total,
        "people_list": [(get, "/people/", {})] * total,
        "people_search_fuzzy": [("post", "/people/", {"q": typo(name)}) for _pk, name in chosen],
        "person_page": [(get, f"/people/{pk}/", {}) for pk, _name in chosen],
        "person_suggestions": [(get, f"/placements/person/{pk}/", {}) for pk, _name in chosen],
        "place_page": [(get, f"/places/{pk}/", {}) for pk in chosen_places],
        "place_candidates": [(get, f"/placements/place/{pk}/", {}) for pk in chosen_places],
        "proposals_list": [(get, "/placements/", {})] * total,
        "case_list": [(get, "/counselling/", {})] * total,
        "my_tasks": [(get, "/counselling/tasks/", {})] * total,
        "companies_list": [(get, "/companies/", {})] * total,
        "places_list": [(get, "/places/", {})] * total,
        "partners_list": [(get, "/network/", {})] * total,
        "events_list": [(get, "/events/", {})] * total,
    }


def _percentile(sorted_values: list[float], share: float) -> float:
    return sorted_values[max(round(share * len(sorted_values)) - 1, 0)]


def _time_page(
    client: Any, requests: list[tuple[str, str, dict[str, str]]], profile: str
) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, cpu_timings, queries = [], [], 0
    for index, (method, path, data) in enumerate(requests):
        with CaptureQueriesContext(connection) as captured:
            started, cpu_started = time.perf_counter(), time.process_time()
            response = getattr(client, method)(path, data, secure=True)
            elapsed = (time.perf_counter() - started) * 1000
            cpu = (time.process_time() - cpu_started) * 1000
        assert response.status_code == 200, (path, response.status_code)
        if index == 0:
            continue  # the warm-up
        timings.append(elapsed)
        cpu_timings.append(cpu)
        queries = len(captured)
        if profile and index == 1:
            slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
            print(f"  {profile}: {len(captured)} queries, slowest:")
            for query in slowest[:4]:
                print(f"    {float(query['time']) * 1000:7.1f} ms  {query['sql'][:400]}")
    timings.sort()
    cpu_timings.sort()
    return {
        "p50_ms": round(_percentile(timings, 0.5), 1),
        "p95_ms": round(_percentile(timings, 0.95), 1),
        # CPU time of this process (SQLite runs inside it; PostgreSQL's share is not in it):
        # what the page costs when other work shares the machine's cores.
        "p50_cpu_ms": round(_percentile(cpu_timings, 0.5), 1),
        "p95_cpu_ms": round(_percentile(cpu_timings, 0.95), 1),
        "queries": queries,
    }


def phase_pages(count: int, seed: int, profile: bool) -> None:
    _setup()
    import psutil
    from django.test import Client

    counsellor, lead = _users()
    client = Client()
    client.force_login(counsellor)
    results = {}
    for page, requests in _page_requests(counsellor, count, seed).items():
        results[page] = _time_page(client, requests, page if profile else "")
    lead_client = Client()
    lead_client.force_login(lead)
    results["audit_log_team_lead"] = _time_page(
        lead_client, [("get", "/audit/", {})] * (count + 1), "audit_log" if profile else ""
    )
    rss = psutil.Process().memory_info().rss / 2**20
    _emit({"pages": results, "rss_mb": round(rss)})


def phase_cold(label: str) -> None:
    """The first suggestions page of a new process (label: which numba cache it finds)."""
    started = time.perf_counter()
    _setup()
    from django.test import Client

    from kausa.people.models import Person

    counsellor, _lead = _users()
    person = Person.objects.filter(office_id=counsellor.office_id).order_by("pk").first()
    assert person is not None
    client = Client()
    client.force_login(counsellor)
    setup = time.perf_counter() - started
    started = time.perf_counter()
    response = client.get(f"/placements/person/{person.pk}/", secure=True)
    first = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    _emit({"cache": label, "setup_s": round(setup, 2), "first_page_s": round(first, 2)})


def phase_matching() -> None:
    _setup()
    from kausa.placements.models import MatchingRun
    from kausa.placements.tasks import matching_run_execute

    counsellor, _lead = _users()
    run = MatchingRun.objects.create(office_id=counsellor.office_id, started_by=counsellor)
    started = time.perf_counter()
    pairs = matching_run_execute.call(run.pk)
    seconds = time.perf_counter() - started
    run.refresh_from_db()
    assert run.state == MatchingRun.State.DONE, run.state
    _emit({"seconds": round(seconds, 1), "pairs": pairs})


if __name__ == "__main__":
    # bench/ first on the path would let a module here shadow a package; the project comes first.
    sys.path[:] = [
        str(ROOT),
        *[p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"],
        str(ROOT / "bench"),
    ]
    phase = sys.argv[1] if len(sys.argv) > 1 else ""
    if phase == "_build":
        phase_build(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    elif phase == "_pages":
        phase_pages(int(sys.argv[2]), int(sys.argv[3]), "--profile" in sys.argv)
    elif phase == "_cold":
        phase_cold(sys.argv[2])
    elif phase == "_matching":
        phase_matching()
    else:
        main()
