"""Benchmark: 10,000 job agency offers imported from the fake server (target 60 s on SQLite),
then a second run of the same offers (target 20 s).

Run: .venv/bin/python bench/ba_import.py [--offers 10000]
Uses a fresh SQLite database in a temporary folder (migrated first, not timed) and the fake
agency on a free local port; the client keeps no minimum interval between requests (the
politeness delay is for the public service, not for the local fake). Prints a table and one
JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

FOLDER = tempfile.mkdtemp(prefix="kausa-bench-ba-")
os.environ["SQLITE_PATH"] = str(Path(FOLDER) / "bench.sqlite3")
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kausa.settings")
os.environ.setdefault("DEBUG", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from kausa.ba.fake_server import FakeBaServer, FakeOffers  # noqa: E402
from kausa.ba.http import PoliteClient  # noqa: E402
from kausa.ba.jobsuche import JobsucheClient  # noqa: E402
from kausa.ba.services import ba_import_execute, ba_import_start  # noqa: E402
from kausa.core.models import Organisation  # noqa: E402

TARGETS = {"first": 60.0, "second": 20.0}


def timed_run(organisation: Organisation, base_url: str) -> tuple[float, dict[str, int]]:
    client = JobsucheClient(PoliteClient(base_url=base_url, min_interval_seconds=0))
    started = time.perf_counter()
    run = ba_import_start(actor=None, organisation=organisation, postal_code="39104", radius_km=50)
    ba_import_execute(run, client)
    seconds = time.perf_counter() - started
    client.close()
    counts = {
        "created": run.created,
        "updated": run.updated,
        "unchanged": run.unchanged,
        "rejected": run.rejected,
        "companies_created": run.companies_created,
        "requests": int(run.request_stats["requests"]),
    }
    return seconds, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--offers", type=int, default=10_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(name="Benchmark-Landesstelle")
    results = {}
    with FakeBaServer(FakeOffers.generate(args.offers)) as server:
        for name in ("first", "second"):
            results[name] = timed_run(organisation, server.base_url)
    print(f"{'run':<8}{'seconds':>10}{'target':>8}{'created':>9}{'unchanged':>11}{'requests':>10}")
    for name, (seconds, counts) in results.items():
        print(
            f"{name:<8}{seconds:>10.2f}{TARGETS[name]:>8.0f}{counts['created']:>9}"
            f"{counts['unchanged']:>11}{counts['requests']:>10}"
        )
    summary = {
        "benchmark": "ba_import",
        "offers": args.offers,
        "first_seconds": round(results["first"][0], 2),
        "second_seconds": round(results["second"][0], 2),
        "first_target": TARGETS["first"],
        "second_target": TARGETS["second"],
        "first": results["first"][1],
        "second": results["second"][1],
        "database": "sqlite",
    }
    print(json.dumps(summary))
    shutil.rmtree(FOLDER, ignore_errors=True)


if __name__ == "__main__":
    main()
