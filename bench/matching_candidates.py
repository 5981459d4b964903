"""Benchmark: candidate generation, scoring and top-k on the national demo data (not a test).

Run: .venv/bin/python bench/matching_candidates.py [--people N] [--seats N] [--data FOLDER]

Generates the national demo data (500,000 people, 500,000 seats by default) with
``kausa.demo.national.generate_national`` into a temporary folder - in a child process, so
that the generator's memory does not count as the engine's - or reads an existing folder
(``--data``). Then prints, with the targets:

* candidate generation for all people against all places (target <= 10 s), pairs, mean pairs
  per person;
* scoring of all pairs;
* top-10 places for one person among all places: p50/p95/p99 over 1,000 random people
  (target p99 <= 10 ms), and the same for top-10 candidates of one vacancy;
* batch top-10 for everyone with the congestion cap (3 x seats);
* peak memory of this process (ru_maxrss; target <= 2.5 GB);
* a peer: a naive all-pairs numpy haversine filter on a slice of people against all places,
  extrapolated to all people, and the ratio to the engine.

The engine's compiled loops are warmed up on a small market first (numba caches them on disk,
so only the very first run compiles); the warm-up time is printed separately.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kausa.matching.candidates import MAX_START_DELAY_DAYS  # noqa: E402
from kausa.matching.candidates_fit import three_digit_groups  # noqa: E402
from kausa.matching.data import Market, load_national  # noqa: E402
from kausa.matching.topk import Matcher  # noqa: E402
from kausa.reference.gazetteer import haversine_km_array  # noqa: E402

TARGET_CANDIDATES_SECONDS = 10.0
TARGET_P99_MS = 10.0
TARGET_PEAK_GB = 2.5
TODAY = date(2026, 11, 22)  # fixed, so runs are comparable


def generate(folder: Path, seed: int, people: int, seats: int) -> None:
    """Write the demo files (runs in the child process; needs Django settings)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kausa.settings")
    os.environ.setdefault("DEBUG", "1")  # no database is touched; settings only
    django.setup()
    from kausa.demo.national import generate_national

    generate_national(seed=seed, people=people, seats=seats, output_dir=folder, today=TODAY)


class Clock:
    """Wall time and CPU time of this process (all threads) for one phase.

    The CPU time shows the work done even when other processes share the two cores.
    """

    def __enter__(self) -> Clock:
        self._wall = time.perf_counter()
        self._cpu = time.process_time()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.wall = time.perf_counter() - self._wall
        self.cpu = time.process_time() - self._cpu

    def __str__(self) -> str:
        return f"{self.wall:.2f} s (CPU {self.cpu:.2f} s)"


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def warm_up(market: Market) -> float:
    """Compile (or load from the numba cache) every kernel on a small slice."""
    started = time.perf_counter()
    matcher = Matcher(market)
    for person in range(3):
        matcher.best_places(person)
    matcher.best_candidates(0)
    matcher.explain(0, 0)
    return time.perf_counter() - started


def latencies_ms(function, indices) -> np.ndarray:  # type: ignore[no-untyped-def]
    result = np.empty(len(indices))
    for i, index in enumerate(indices):
        started = time.perf_counter()
        function(int(index))
        result[i] = (time.perf_counter() - started) * 1000
    return result


def naive_pairs(market: Market, people: np.ndarray, chunk: int = 16) -> int:
    """All-pairs numpy filter (same rules) for some people against all places: the peer."""
    p, q = market.people, market.places
    group, groups = three_digit_groups(market.occupations.kldb_codes)
    place_group = group[q.occupation]
    total = 0
    for start in range(0, len(people), chunk):
        rows = people[start : start + chunk]
        distance = haversine_km_array(
            p.latitude[rows, None], p.longitude[rows, None], q.latitude, q.longitude
        )
        delay = q.start_date[None, :].astype(np.int64) - p.available_from[rows, None]
        wanted = np.zeros((len(rows), groups), dtype=bool)
        wishes = p.occupations[rows]
        for rank in range(3):
            valid = wishes[:, rank] >= 0
            wanted[np.flatnonzero(valid), group[wishes[valid, rank]]] = True
        keep = (distance <= p.max_commute_km[rows, None]) & (delay >= 0)
        keep &= delay <= MAX_START_DELAY_DAYS
        keep &= wanted[:, place_group]
        total += int(keep.sum())
    return total


def main(argv: list[str] | None = None) -> dict[str, float | int | bool]:
    """Print the figures; return the headline ones (for bench/matching.py)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=500_000)
    parser.add_argument("--seats", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--data", type=Path, help="read this folder instead of generating")
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--cap-multiple", type=float, default=3.0)
    parser.add_argument("--naive-people", type=int, default=5_000)
    parser.add_argument("--generate-into", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.generate_into:  # child process
        generate(args.generate_into, args.seed, args.people, args.seats)
        return {}

    with tempfile.TemporaryDirectory() as temporary:
        folder = args.data
        if folder is None:
            folder = Path(temporary)
            started = time.perf_counter()
            command = [sys.executable, __file__, "--generate-into", str(folder)]
            command += ["--people", str(args.people), "--seats", str(args.seats)]
            command += ["--seed", str(args.seed)]
            subprocess.run(command, check=True)  # noqa: S603 - our own script
            print(f"generated demo data in {time.perf_counter() - started:.1f} s (child)")
        market = load_national(folder)
    people, places = len(market.people), len(market.places)
    print(f"people={people:,} places={places:,} seats={int(market.places.seats.sum()):,}")
    print(f"warm-up (compile or load numba cache): {warm_up(market):.2f} s")

    print(f"load average at start: {os.getloadavg()[0]:.2f} (2 cores; other work slows timings)")
    with Clock() as clock:
        matcher = Matcher(market)
        candidates = matcher.candidates()
    candidate_seconds = clock.wall
    print(
        f"candidate generation (index + search): {clock} (target "
        f"{TARGET_CANDIDATES_SECONDS:.0f} s, "
        f"ratio {candidate_seconds / TARGET_CANDIDATES_SECONDS:.2f}); "
        f"pairs {candidates.pair_count:,}, mean {candidates.pair_count / people:.1f} per person"
    )

    with Clock() as clock:
        scores = matcher.score(candidates)
    print(f"scoring all pairs: {clock} ({candidates.pair_count / clock.wall / 1e6:.0f} M pairs/s)")

    rng = np.random.default_rng(args.seed)
    sample = rng.integers(0, people, args.queries)
    single = latencies_ms(lambda person: matcher.best_places(person, args.k), sample)
    p50, p95, p99 = np.percentile(single, [50, 95, 99])
    person_p99 = float(p99)
    print(
        f"top-{args.k} places for one person ({args.queries} people): p50 {p50:.3f} ms, "
        f"p95 {p95:.3f} ms, p99 {p99:.3f} ms (target p99 {TARGET_P99_MS:.0f} ms, "
        f"ratio {p99 / TARGET_P99_MS:.3f})"
    )
    matcher.best_candidates(0)  # builds the people index
    vacancies = rng.integers(0, places, args.queries)
    by_place = latencies_ms(lambda place: matcher.best_candidates(place, args.k), vacancies)
    p50, p95, p99 = np.percentile(by_place, [50, 95, 99])
    print(
        f"top-{args.k} candidates for one vacancy: p50 {p50:.3f} ms, p95 {p95:.3f} ms, "
        f"p99 {p99:.3f} ms"
    )

    with Clock() as batch_clock:
        batch = matcher.batch_best_places(
            args.k, args.cap_multiple, candidates=candidates, scores=scores
        )
    per_person = np.diff(batch.indptr)
    per_place = batch.suggestions_per_place(places)
    capacity = np.floor(args.cap_multiple * market.places.seats + 1e-9)
    print(
        f"batch top-{args.k} with congestion cap {args.cap_multiple:g} x seats: "
        f"{batch_clock}; {len(batch.places):,} suggestions, "
        f"people with {args.k}: {int((per_person == args.k).sum()):,}, with none: "
        f"{int((per_person == 0).sum()):,} (of whom without any candidate: "
        f"{int((np.diff(candidates.indptr) == 0).sum()):,}); "
        f"cap respected: {bool((per_place <= capacity).all())}"
    )
    peak = peak_gb()
    print(
        f"peak memory {peak:.2f} GB (target {TARGET_PEAK_GB} GB, ratio {peak / TARGET_PEAK_GB:.2f})"
    )

    slice_people = np.arange(min(args.naive_people, people))
    with Clock() as clock:
        naive_count = naive_pairs(market, slice_people)
    naive_seconds = clock.wall
    engine_count = int(candidates.indptr[len(slice_people)])
    extrapolated = naive_seconds * people / len(slice_people)
    print(
        f"peer: naive all-pairs numpy haversine filter, {len(slice_people):,} people x "
        f"{places:,} places: {naive_seconds:.2f} s, extrapolated to {people:,} people "
        f"{extrapolated:.0f} s; same pairs as the engine: {naive_count == engine_count} "
        f"({naive_count:,}); engine is {extrapolated / candidate_seconds:.0f}x faster"
    )
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    return {
        "candidate_generation_s": candidate_seconds,
        "pairs": candidates.pair_count,
        "topk_p99_ms": person_p99,
        "peak_rss_mb": peak * 1024,
        "naive_extrapolated_s": extrapolated,
        "naive_same_pairs": naive_count == engine_count,
    }


if __name__ == "__main__":
    main()
