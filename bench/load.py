"""Load test: counsellors clicking through the app on gunicorn + PostgreSQL, with writes.

Run: .venv/bin/python bench/load.py [--users 50] [--minutes 10] [--people 100000]
     [--places 20000] [--restart-postgres] [--terminate-only] [--keep] [--reuse] [--port 8765]
Quick: .venv/bin/python bench/load.py --users 20 --minutes 2 --people 20000 --restart-postgres

Needs the bench extra (pip install -e '.[bench]': locust) and a PostgreSQL server named by
DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres). Steps:

1. creates the database `kausa_bench_load` on that server (dropped afterwards unless --keep;
   --reuse keeps a data set built before with the same sizes), migrates it and fills it with
   `bench/pages_data.build_dataset(people, places, seed)`;
2. starts gunicorn (kausa.wsgi, 4 workers, 127.0.0.1 only, production settings with throw-away
   keys, no second factor) and warms every worker up (the numba kernels of the suggestions);
3. runs locust headless in a child process: `--users` counsellors sign in and click, with 1-3 s
   between clicks, through the dashboard, the people list, person pages, suggestions, the
   proposals and case lists, and write: a proposal from the suggestions, a counselling session
   on an open case. A write counts as acknowledged when the app answered it with its redirect to
   the saved record (302); proposals by their id, sessions by number;
4. with --restart-postgres, restarts the PostgreSQL server half-way (`pg_ctlcluster ... restart`
   as root; --terminate-only ends the connections to the test database instead) and counts the
   failures before, during (until 5 s after the restart returned) and after it;
5. afterwards counts the rows in the database: every acknowledged proposal must be there, and at
   least as many new sessions as were acknowledged;
6. stops gunicorn, prints a table and, last, one JSON line.

Traffic goes to 127.0.0.1 only; the run ends by itself after `--minutes`.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PG_DATABASE = "kausa_bench_load"
MARK = "LOAD-RESULT "
TARGET_P95_MS = 500.0
GRACE_S = 5.0  # after the restart command returned, failures still count as "during"
POOL_SIZE = 3000  # people / open cases handed to the load generator


# --- shared helpers ------------------------------------------------------------------------


def _pg_url(url: str, database: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    return urlunsplit(urlsplit(url)._replace(path="/" + database))


def _server_url() -> str:
    return os.environ.get("DATABASE_URL", "") or "postgres://postgres@127.0.0.1:5432/postgres"


def _pg(statement: str, *params: str) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(_pg_url(_server_url(), "postgres"), autocommit=True) as db:
        cursor = db.execute(statement.encode(), params or None)
        return list(cursor.fetchall()) if cursor.description else []


def _marked(output: str) -> dict[str, Any]:
    lines = [line for line in output.splitlines() if line.startswith(MARK)]
    return json.loads(lines[-1][len(MARK) :])


def _child(env: dict[str, str], *args: str) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), *args]
    result = subprocess.run(  # noqa: S603 - this script with fixed arguments
        command, env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if result.returncode:
        sys.stderr.write(result.stdout[-3000:] + result.stderr[-6000:])
        raise SystemExit(f"phase {args[0]} failed ({result.returncode})")
    return _marked(result.stdout)


def _app_env(folder: Path, keys: dict[str, str], port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="kausa.settings",
        DATABASE_URL=_pg_url(_server_url(), PG_DATABASE),
        DEBUG="0",
        SECRET_KEY=keys["secret"],
        FIELD_ENCRYPTION_KEYS=keys["fernet"],
        MFA_REQUIRED="0",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        STATIC_MANIFEST="0",
        ALLOWED_HOSTS="127.0.0.1",
        TASKS_BACKEND="database",
        LOG_LEVEL="WARNING",
        NUMBA_CACHE_DIR=str(folder / "numba-cache"),
        STATIC_ROOT=str(folder / "static"),
        PYTHONPATH=str(ROOT),
    )
    env.pop("REDIS_URL", None)
    return env


# --- phase: build (child, Django) -----------------------------------------------------------


def phase_build(people: int, places: int, seed: int, reuse: bool) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from kausa.people.models import Person

    call_command("migrate", verbosity=0, interactive=False)
    built = None
    if not (reuse and Person.objects.exists()):
        from pages_data import build_dataset  # bench/ is on sys.path

        built = build_dataset(people, places, seed).seconds
    from pages_data import PASSWORD

    print(MARK + json.dumps({"build_s": built, "pools": _pools(seed), "password": PASSWORD}))


def _pools(seed: int) -> dict[str, Any]:
    """People of the counsellor's office with an open case, and their cases."""
    import random

    from kausa.core.models import Role, User
    from kausa.counselling.models import Case

    counsellor = User.objects.filter(role=Role.COUNSELLOR, username="bench.berater").get()
    rows = list(
        Case.objects.filter(
            office_id=counsellor.office_id, closed_at__isnull=True, person__isnull=False
        ).values_list("person_id", "pk")
    )
    random.Random(seed).shuffle(rows)
    rows = rows[:POOL_SIZE]
    return {
        "username": counsellor.username,
        "people": [person for person, _case in rows],
        "cases": [case for _person, case in rows],
    }


def phase_count(since: str) -> None:
    import django

    django.setup()
    from kausa.counselling.models import CounsellingSession
    from kausa.placements.models import Proposal

    print(
        MARK
        + json.dumps(
            {
                "proposal_ids": list(Proposal.objects.values_list("pk", flat=True)),
                "sessions": CounsellingSession.objects.count(),
                "since": since,
            }
        )
    )


# --- phase: locust (child, gevent) ------------------------------------------------------------


def phase_locust(config_path: str) -> None:  # noqa: C901 - one closure per user action
    import random
    import re

    import gevent
    import locust  # noqa: F401 - patches the standard library for gevent first
    from locust import HttpUser, between, task
    from locust.env import Environment

    config = json.loads(Path(config_path).read_text())
    people, cases = config["pools"]["people"], config["pools"]["cases"]
    password = config["password"]
    token_re = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    vacancy_re = re.compile(r'name="vacancy" value="(\d+)"><button')
    proposal_re = re.compile(r"/placements/proposals/(\d+)/$")
    case_re = re.compile(r"/counselling/cases/\d+/$")
    acknowledged: dict[str, Any] = {"proposals": [], "sessions": 0, "writes_refused": 0}
    events: list[tuple[float, bool]] = []  # (time, failed) per request
    signed_in = [0]

    class Counsellor(HttpUser):
        wait_time = between(1, 3)

        def on_start(self) -> None:
            self.rng = random.Random()
            self.token = ""
            self.signed_in = False
            self.sign_in()

        def remember(self, body: str) -> None:
            found = token_re.search(body)
            if found:
                self.token = found.group(1)

        def sign_in(self) -> None:
            page = self.client.get("/login/", name="login")
            self.remember(page.text)
            with self.client.post(
                "/login/",
                {
                    "username": config["pools"]["username"],
                    "password": password,
                    "csrfmiddlewaretoken": self.token,
                },
                name="login",
                allow_redirects=False,
                catch_response=True,
            ) as answer:
                self.signed_in = answer.status_code == 302
                signed_in[0] += int(self.signed_in)
                if not self.signed_in:
                    answer.failure(f"sign-in answered {answer.status_code}")
            if self.signed_in:
                self.page("/", "dashboard")  # a fresh token after sign-in

        def page(self, path: str, name: str) -> str:
            if not self.signed_in:
                self.sign_in()
            with self.client.get(path, name=name, catch_response=True) as answer:
                if answer.ok and "/login/" in answer.url:
                    self.signed_in = False
                    answer.failure("signed out")
                    return ""
                if answer.ok:
                    self.remember(answer.text)
                return answer.text if answer.ok else ""

        @task(2)
        def dashboard(self) -> None:
            self.page("/", "dashboard")

        @task(3)
        def people_list(self) -> None:
            self.page("/people/", "people_list")

        @task(4)
        def person_page(self) -> None:
            self.page(f"/people/{self.rng.choice(people)}/", "person_page")

        @task(2)
        def suggestions(self) -> None:
            self.page(f"/placements/person/{self.rng.choice(people)}/", "suggestions")

        @task(2)
        def proposals_list(self) -> None:
            self.page("/placements/", "proposals_list")

        @task(1)
        def case_list(self) -> None:
            self.page("/counselling/", "case_list")

        @task(1)
        def create_proposal(self) -> None:
            person = self.rng.choice(people)
            body = self.page(f"/placements/person/{person}/", "suggestions")
            offered = vacancy_re.findall(body)
            if not offered:
                return
            with self.client.post(
                f"/placements/person/{person}/propose/",
                {"vacancy": self.rng.choice(offered), "csrfmiddlewaretoken": self.token},
                name="create_proposal",
                allow_redirects=False,
                catch_response=True,
            ) as answer:
                found = proposal_re.search(answer.headers.get("Location", ""))
                if answer.status_code == 302 and found:
                    acknowledged["proposals"].append(int(found.group(1)))
                elif answer.status_code == 302:
                    acknowledged["writes_refused"] += 1  # e.g. proposed meanwhile by another
                elif answer.status_code < 400:
                    answer.failure(f"unexpected {answer.status_code}")

        @task(1)
        def record_session(self) -> None:
            case = self.rng.choice(cases)
            self.page(f"/counselling/cases/{case}/", "case_page")
            with self.client.post(
                f"/counselling/cases/{case}/sessions/",
                {
                    "held_on": time.strftime("%Y-%m-%d"),
                    "duration_minutes": self.rng.randint(15, 90),
                    "channel": "in_person",
                    "language": "de",
                    "notes": "Lasttest",
                    "csrfmiddlewaretoken": self.token,
                },
                name="record_session",
                allow_redirects=False,
                catch_response=True,
            ) as answer:
                if answer.status_code == 302 and case_re.search(answer.headers.get("Location", "")):
                    acknowledged["sessions"] += 1
                elif answer.status_code == 200:
                    acknowledged["writes_refused"] += 1
                    answer.failure("session form refused")

    environment = Environment(user_classes=[Counsellor], host=config["host"])

    def on_request(exception: Any = None, **_kwargs: Any) -> None:
        events.append((time.time(), exception is not None))

    environment.events.request.add_listener(on_request)
    runner = environment.create_local_runner()
    started = time.time()
    runner.start(config["users"], spawn_rate=max(1.0, config["users"] / 10))
    # The sign-ins of the ramp-up (a password hash each) are not the clicking being measured:
    # the figures start once every counsellor is signed in.
    ramp_deadline = time.time() + 120
    while (runner.user_count < config["users"] or signed_in[0] < config["users"]) and (
        time.time() < ramp_deadline
    ):
        gevent.sleep(0.5)
    ramp_up = {"seconds": round(time.time() - started, 1), "signed_in": signed_in[0]}
    environment.stats.reset_all()
    events.clear()
    started = time.time()
    restart: dict[str, Any] = {}
    if config["restart"]:

        def restart_postgres() -> None:
            restart["others_active"] = config["others_active_probe"] and _others_active()
            restart["began"] = time.time()
            restart["how"], restart["ok"] = _restart(config["restart"])
            restart["ended"] = time.time()

        gevent.spawn_later(config["seconds"] / 2, restart_postgres)
    gevent.spawn_later(config["seconds"], runner.quit)
    runner.greenlet.join()
    finished = time.time()
    stats = {}
    for (name, method), entry in sorted(environment.stats.entries.items()):
        stats[name] = {
            "method": method,
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "p50_ms": round(entry.get_response_time_percentile(0.5) or 0, 1),
            "p95_ms": round(entry.get_response_time_percentile(0.95) or 0, 1),
        }
    total = environment.stats.total
    phases = {"before": [0, 0], "during": [0, 0], "after": [0, 0]}
    for moment, failed in events:
        if not restart.get("began") or moment < restart["began"]:
            phase = "before"
        elif moment <= restart["ended"] + GRACE_S:
            phase = "during"
        else:
            phase = "after"
        phases[phase][0] += 1
        phases[phase][1] += int(failed)
    errors = {
        f"{entry.method} {entry.name}: {entry.error}"[:200]: entry.occurrences
        for entry in environment.stats.errors.values()
    }
    print(
        MARK
        + json.dumps(
            {
                "seconds": round(finished - started, 1),
                "ramp_up": ramp_up,
                "requests": total.num_requests,
                "failures": total.num_failures,
                "p50_ms": round(total.get_response_time_percentile(0.5) or 0, 1),
                "p95_ms": round(total.get_response_time_percentile(0.95) or 0, 1),
                "rps": round(total.num_requests / max(1.0, finished - started), 1),
                "per_kind": stats,
                "acknowledged": acknowledged,
                "restart": restart,
                "by_phase": {k: {"requests": v[0], "failures": v[1]} for k, v in phases.items()},
                "errors": errors,
            }
        )
    )


def _others_active() -> list[str]:
    rows = _pg(
        "SELECT DISTINCT datname FROM pg_stat_activity WHERE datname IS NOT NULL "
        "AND datname NOT IN ('postgres', %s) AND state = 'active'",
        PG_DATABASE,
    )
    return [row[0] for row in rows]


def _restart(mode: str) -> tuple[str, bool]:
    """Restart the server (pg_ctlcluster, as root), or end the test database's connections."""
    if mode == "restart" and shutil.which("pg_ctlcluster") and os.geteuid() == 0:
        version = sorted(os.listdir("/etc/postgresql"))[-1]
        command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"]
        done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        return " ".join(command), done.returncode == 0
    _pg(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = %s AND pid <> pg_backend_pid()",
        PG_DATABASE,
    )
    return f"pg_terminate_backend on every connection to {PG_DATABASE}", True


# --- the parent ------------------------------------------------------------------------------


def _wait_healthy(url: str, seconds: float) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=5) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not become healthy")


def _warm_up(env: dict[str, str], host: str, pools: dict[str, Any], password: str) -> None:
    """Sign in once and open suggestions pages until every gunicorn worker compiled them."""
    config = {"host": host, "pools": pools, "password": password}
    code = (
        "import json,re,sys,urllib.request,urllib.parse,http.cookiejar\n"
        "c=json.loads(sys.argv[1]);h=c['host'];j=http.cookiejar.CookieJar()\n"
        "o=urllib.request.build_opener(urllib.request.HTTPCookieProcessor(j))\n"
        't=re.search(r\'name="csrfmiddlewaretoken" value="([^"]+)"\','
        "o.open(h+'/login/').read().decode()).group(1)\n"
        "d=urllib.parse.urlencode({'username':c['pools']['username'],"
        "'password':c['password'],'csrfmiddlewaretoken':t}).encode()\n"
        "o.open(urllib.request.Request(h+'/login/',d,headers={'Referer':h+'/login/'}))\n"
        "for p in c['pools']['people'][:24]:\n"
        "    o.open(h+'/placements/person/%d/'%p,timeout=300).read()\n"
        "    o.open(h+'/people/%d/'%p,timeout=300).read()\n"
    )
    subprocess.run(  # noqa: S603 - our interpreter, fixed code
        [sys.executable, "-c", code, json.dumps(config)], env=env, check=True, timeout=900
    )


def run(args: argparse.Namespace) -> dict[str, Any]:
    from cryptography.fernet import Fernet

    folder = Path(tempfile.mkdtemp(prefix="kausa-bench-load-"))
    (folder / "static").mkdir()
    keys_file = ROOT / "var" / "bench-load-keys.json"
    keys = (
        json.loads(keys_file.read_text())
        if args.reuse and keys_file.exists()
        else {"secret": secrets.token_urlsafe(50), "fernet": Fernet.generate_key().decode()}
    )
    exists = bool(_pg("SELECT 1 FROM pg_database WHERE datname = %s", PG_DATABASE))
    if not (args.reuse and exists):
        _pg(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        _pg(f"CREATE DATABASE {PG_DATABASE}")
    if args.keep or args.reuse:
        keys_file.parent.mkdir(exist_ok=True)
        keys_file.write_text(json.dumps(keys))
    host = f"http://127.0.0.1:{args.port}"
    env = _app_env(folder, keys, args.port)
    gunicorn = None
    try:
        build = _child(
            env, "_build", str(args.people), str(args.places), str(args.seed), str(args.reuse)
        )
        print(f"data set ready (build {build['build_s']} s); starting gunicorn on {host}")
        gunicorn = subprocess.Popen(  # noqa: S603 - the venv's gunicorn, fixed arguments
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "kausa.wsgi",
                "--workers",
                "4",
                "--bind",
                f"127.0.0.1:{args.port}",
                "--timeout",
                "120",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
        _wait_healthy(host, 120)
        started = time.perf_counter()
        _warm_up(env, host, build["pools"], build["password"])
        print(f"warmed up in {time.perf_counter() - started:.0f} s; load for {args.minutes} min")
        before = _child(env, "_count", "before")
        config = {
            "host": host,
            "users": args.users,
            "seconds": args.minutes * 60,
            "pools": build["pools"],
            "password": build["password"],
            "restart": (
                ("terminate" if args.terminate_only else "restart") if args.restart_postgres else ""
            ),
            "others_active_probe": True,
        }
        config_path = folder / "config.json"
        config_path.write_text(json.dumps(config))
        load = _child(env, "_locust", str(config_path))
        # the app answers again after the load (no restart of gunicorn in between)
        _wait_healthy(host, 30)
        after = _child(env, "_count", "after")
    finally:
        if gunicorn is not None:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            try:
                gunicorn.wait(60)
            except subprocess.TimeoutExpired:  # requests still running on a loaded machine
                os.killpg(gunicorn.pid, signal.SIGKILL)
                gunicorn.wait(10)
        if not (args.keep or args.reuse):
            _pg(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        shutil.rmtree(folder, ignore_errors=True)
    stored = set(after["proposal_ids"]) - set(before["proposal_ids"])
    acked = set(load["acknowledged"]["proposals"])
    load["writes"] = {
        "proposals_acknowledged": len(acked),
        "proposals_stored": len(stored),
        "proposals_lost": len(acked - stored),
        "sessions_acknowledged": load["acknowledged"]["sessions"],
        "sessions_stored": after["sessions"] - before["sessions"],
        "sessions_lost": max(
            0, load["acknowledged"]["sessions"] - (after["sessions"] - before["sessions"])
        ),
        "refused": load["acknowledged"]["writes_refused"],
    }
    load["build_s"] = build["build_s"]
    return load


def print_table(result: dict[str, Any], args: argparse.Namespace) -> None:
    print(
        f"\n== {args.users} users, {result['seconds']} s, {args.people} people, "
        f"{result['requests']} requests ({result['rps']}/s), {result['failures']} failures"
    )
    print(f"{'request':<18}{'count':>8}{'fail':>6}{'p50 ms':>9}{'p95 ms':>9}")
    for name, row in result["per_kind"].items():
        flag = "" if row["p95_ms"] <= TARGET_P95_MS else "  over 500 ms"
        print(
            f"{name:<18}{row['requests']:>8}{row['failures']:>6}"
            f"{row['p50_ms']:>9.0f}{row['p95_ms']:>9.0f}{flag}"
        )
    print(
        f"{'all':<18}{result['requests']:>8}{result['failures']:>6}"
        f"{result['p50_ms']:>9.0f}{result['p95_ms']:>9.0f}"
    )
    writes = result["writes"]
    print(
        f"proposals acknowledged {writes['proposals_acknowledged']}, stored "
        f"{writes['proposals_stored']}, lost {writes['proposals_lost']}; sessions acknowledged "
        f"{writes['sessions_acknowledged']}, stored {writes['sessions_stored']}, lost "
        f"{writes['sessions_lost']}; refused {writes['refused']}"
    )
    if result["restart"]:
        restart = result["restart"]
        print(
            f"restart ({restart['how']}, ok={restart['ok']}) took "
            f"{restart['ended'] - restart['began']:.1f} s; requests/failures "
            + ", ".join(
                f"{phase} {row['requests']}/{row['failures']}"
                for phase, row in result["by_phase"].items()
            )
        )
    for error, count in result["errors"].items():
        print(f"  {count} x {error}")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1].startswith("_"):
        sys.path[:] = [str(ROOT), *[p for p in sys.path if Path(p or ".").resolve() != ROOT]]
        sys.path.append(str(ROOT / "bench"))
        phase, *rest = sys.argv[1:]
        if phase == "_build":
            phase_build(int(rest[0]), int(rest[1]), int(rest[2]), rest[3] == "True")
        elif phase == "_count":
            phase_count(rest[0])
        elif phase == "_locust":
            phase_locust(rest[0])
        return
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--places", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--restart-postgres", action="store_true")
    parser.add_argument(
        "--terminate-only",
        action="store_true",
        help="end the test database's connections instead of restarting the server",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse", action="store_true", help="reuse a kept database (and keep it again)"
    )
    args = parser.parse_args()
    if not 1 <= args.users <= 200 or not 0 < args.minutes <= 30:
        raise SystemExit("--users must be 1-200 and --minutes at most 30")
    sys.path.append(str(ROOT / "bench"))
    result = run(args)
    print_table(result, args)
    summary = {
        "benchmark": "load",
        "users": args.users,
        "minutes": args.minutes,
        "people": args.people,
        "places": args.places,
        "target_p95_ms": TARGET_P95_MS,
        **{key: result[key] for key in ("requests", "failures", "p50_ms", "p95_ms", "rps")},
        "per_kind": {
            name: {k: row[k] for k in ("requests", "failures", "p50_ms", "p95_ms")}
            for name, row in result["per_kind"].items()
        },
        "writes": result["writes"],
        "restart": result["restart"],
        "by_phase": result["by_phase"],
        "build_s": result["build_s"],
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
