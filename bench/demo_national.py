"""Benchmark: national demo data (500,000 people, 500,000 seats) must generate in under 60 s.

Run: .venv/bin/python bench/demo_national.py [--repeat 3] [--people N] [--seats N]
Prints the time of each run, the median, the peak memory of the process and the ratio to the
target. Touches no database (the gazetteer and occupation list are plain files).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kausa.settings")
os.environ.setdefault("DEBUG", "1")  # no database is touched; settings only
django.setup()

from kausa.demo.national import generate_national  # noqa: E402

TARGET_SECONDS = 60.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--people", type=int, default=500_000)
    parser.add_argument("--seats", type=int, default=500_000)
    args = parser.parse_args()

    timings = []
    with tempfile.TemporaryDirectory() as folder:
        for run in range(args.repeat):
            started = time.perf_counter()
            summary = generate_national(
                seed=2026 + run,
                people=args.people,
                seats=args.seats,
                output_dir=Path(folder),
                today=date.today(),
            )
            timings.append(time.perf_counter() - started)
            print(f"run {run + 1}: {timings[-1]:.2f} s  {summary}")
        sizes = {path.name: path.stat().st_size for path in Path(folder).iterdir()}
    median = statistics.median(timings)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"people={args.people:,} seats={args.seats:,}")
    print(
        f"median {median:.2f} s (target {TARGET_SECONDS:.0f} s, "
        f"ratio {median / TARGET_SECONDS:.3f})"
    )
    print(
        f"peak memory {peak_mb:.0f} MB; files: "
        + ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in sorted(sizes.items()))
    )


if __name__ == "__main__":
    main()
