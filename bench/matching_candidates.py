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
* batch top-10 for everyone with the exposure cap (3 x seats): the coverage allocation of
  ``kausa.matching.coverage`` (everyone with candidates gets at least min(3, candidates)
  suggestions where the caps allow), with its coverage figures - people with 0, 1-2 and >= 3
  suggestions, people with candidates but none, people short of their minimum, the largest
  exposure per seat - and the same figures for the former greedy-by-score cap (a reference
  kept here, run after the peak-memory figure so that it does not count);
* peak memory of this process (ru_maxrss; target <= 2.5 GB);
* a peer: a naive all-pairs numpy haversine filter on a slice of people against all places,
  extrapolated to all people, and the ratio to the engine.

The engine's compiled loops are warmed up on a small market first (numba caches them on disk,
so only the very first run compiles); the warm-up time is printed separately.
"""

from __future__ import annotations

import argparse
import json
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

from kausa.matching import topk_kernels  # noqa: E402
from kausa.matching.candidates import MAX_START_DELAY_DAYS, Candidates  # noqa: E402
from kausa.matching.candidates_fit import three_digit_groups  # noqa: E402
from kausa.matching.coverage import CoverageFigures, coverage_figures  # noqa: E402
from kausa.matching.data import Market, load_national  # noqa: E402
from kausa.matching.topk import (  # noqa: E402
    Matcher,
    batch_best_places,
    exposure_limits,
    rank_candidates,
)
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
    tiny = Candidates(
        indptr=np.array([0, 2, 3], dtype=np.int64),
        places=np.array([0, 1, 0], dtype=np.int32),
        fit=np.zeros(3, dtype=np.int8),
    )
    tiny_scores = np.array([0.5, 0.4, 0.3], dtype=np.float32)
    batch_best_places(tiny, tiny_scores, market.places.seats, k=3)
    greedy_capped_reference(tiny, tiny_scores, market.places.seats, 3, 3.0)
    return time.perf_counter() - started


def latencies_ms(function, indices) -> np.ndarray:  # type: ignore[no-untyped-def]
    result = np.empty(len(indices))
    for i, index in enumerate(indices):
        started = time.perf_counter()
        function(int(index))
        result[i] = (time.perf_counter() - started) * 1000
    return result


def greedy_capped_reference(
    candidates: Candidates, scores: np.ndarray, seats: np.ndarray, k: int, cap_multiple: float
) -> tuple[np.ndarray, np.ndarray, float]:
    """The former batch rule: pairs kept greedily by score while the person has fewer than k
    and the place fewer than floor(cap x seats). Suggestions per person and per place, and
    the mean score of the suggestions."""
    ranked = rank_candidates(candidates, scores)
    capacity = np.floor(cap_multiple * seats.astype(np.float64) + 1e-9).astype(np.int64)
    kept = topk_kernels.capped_top_k(
        candidates.indptr,
        ranked,
        candidates.places[ranked],
        np.ascontiguousarray(scores, dtype=np.float32),
        capacity,
        np.full(candidates.people_count, k, dtype=np.int64),
        np.zeros(candidates.pair_count, dtype=np.bool_),
    )
    person = np.searchsorted(candidates.indptr, kept, side="right") - 1
    per_person = np.bincount(person, minlength=candidates.people_count)
    per_place = np.bincount(candidates.places[ranked[kept]], minlength=len(seats))
    mean_score = float(scores[ranked[kept]].mean()) if len(kept) else 0.0
    return per_person, per_place, mean_score


def describe(figures: CoverageFigures) -> str:
    return (
        f"people with 0 suggestions {figures.with_none:,}, 1-2 {figures.with_one_or_two:,}, "
        f">= 3 {figures.with_three_or_more:,}; with candidates but none "
        f"{figures.with_candidates_but_none:,}; short of min(3, candidates) "
        f"{figures.short_of_minimum:,}; max exposure per seat "
        f"{figures.max_exposure_per_seat:.2f}"
    )


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
    seats = market.places.seats
    degree = np.diff(candidates.indptr)
    per_person = np.diff(batch.indptr)
    per_place = batch.suggestions_per_place(places)
    capacity, _hard, _step = exposure_limits(seats, args.cap_multiple)
    coverage = coverage_figures(per_person, degree, per_place, seats)
    mean_score = float(batch.scores.mean()) if len(batch.scores) else 0.0
    print(
        f"batch top-{args.k} with exposure cap {args.cap_multiple:g} x seats (coverage "
        f"allocation): {batch_clock}; {len(batch.places):,} suggestions, "
        f"people with {args.k}: {int((per_person == args.k).sum()):,}; people without any "
        f"candidate: {int((degree == 0).sum()):,}; places over the cap: "
        f"{int((per_place > capacity).sum()):,} ({int(np.maximum(per_place - capacity, 0).sum()):,}"
        f" exposures); mean score per suggestion {mean_score:.4f}"
    )
    print(f"  coverage: {describe(coverage)}")
    peak = peak_gb()
    print(
        f"peak memory {peak:.2f} GB (target {TARGET_PEAK_GB} GB, ratio {peak / TARGET_PEAK_GB:.2f})"
    )

    with Clock() as greedy_clock:
        greedy_person, greedy_place, greedy_mean = greedy_capped_reference(
            candidates, scores, seats, args.k, args.cap_multiple
        )
    greedy = coverage_figures(greedy_person, degree, greedy_place, seats)
    print(
        f"former greedy cap (reference): {greedy_clock}; {int(greedy_person.sum()):,} "
        f"suggestions; mean score per suggestion {greedy_mean:.4f}"
    )
    print(f"  coverage: {describe(greedy)}")

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
        "batch_s": batch_clock.wall,
        "batch_cpu_s": batch_clock.cpu,
        "greedy_batch_s": greedy_clock.wall,
        "greedy_batch_cpu_s": greedy_clock.cpu,
        "batch_mean_score": mean_score,
        "greedy_batch_mean_score": greedy_mean,
        **{f"coverage_{name}": value for name, value in coverage.as_dict().items()},
        **{f"greedy_{name}": value for name, value in greedy.as_dict().items()},
    }


if __name__ == "__main__":
    print(json.dumps(main()))
