"""Benchmark of the global assignment on the real candidate graph (the national demo data).

    .venv/bin/python bench/matching_realgraph.py [--size 100000] [--skip-ortools]

Generates the national demo data (N people, N seats; seed 2026), lets the engine find and
score the candidates (``Matcher``) and builds the instance the app's matching run builds
(``kausa.placements.tasks.stable_instance``: both sides rank by score, ties by the seeded
lottery). Then, in this process after a warm-up:

- ``stable`` through that app path, and the same instance through the general path (explicit
  preference lists: sorted by score first, then deferred acceptance on ranks), with a check
  that both give the same matching (the general path only up to 100k: its sorts take minutes
  above);
- ``optimal`` (min-cost flow per component) against one monolithic OR-Tools min-cost flow over
  the whole graph, with the integer objective of both.

Unlike ``bench/matching_assignment.py`` (about 400 separate districts), this graph is one
giant component: the figures show what splitting gains on real data. Wall and CPU seconds are
both printed: on a shared machine the CPU time is the steadier one.
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
from typing import Any

import numpy as np

BENCH = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != BENCH]
if str(BENCH.parent) not in sys.path:
    sys.path.insert(0, str(BENCH.parent))

from kausa.matching import assignment  # noqa: E402
from kausa.matching.assignment import Instance  # noqa: E402
from kausa.matching.assignment_optimal import component_labels  # noqa: E402
from kausa.matching.candidates import Candidates  # noqa: E402
from kausa.matching.data import load_national  # noqa: E402
from kausa.matching.topk import Matcher  # noqa: E402

SEED = 2026
TODAY = date(2026, 11, 22)
GENERAL_PATH_LIMIT = 100_000


def generate(folder: Path, people: int, seats: int) -> None:
    """Write the demo files (child process; the generator needs Django settings)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kausa.settings")
    os.environ.setdefault("DEBUG", "1")  # no database is touched; settings only
    django.setup()
    from kausa.demo.national import generate_national

    generate_national(seed=SEED, people=people, seats=seats, output_dir=folder, today=TODAY)


def app_instance(candidates: Candidates, scores: np.ndarray, capacities: np.ndarray) -> Instance:
    """The instance of kausa.placements.tasks.stable_instance (kept equal to it)."""
    people, places = candidates.people_count, len(capacities)
    person_of_pair = candidates.person_of_pairs()
    order = np.argsort(candidates.places, kind="stable")  # pairs grouped by place
    place_indptr = np.zeros(places + 1, dtype=np.int64)
    np.cumsum(np.bincount(candidates.places, minlength=places), out=place_indptr[1:])
    return Instance(
        candidate_ids=[str(index) for index in range(people)],
        place_ids=[str(index) for index in range(places)],
        capacities=capacities,
        candidate_indptr=candidates.indptr,
        candidate_places=candidates.places,
        place_indptr=place_indptr,
        place_candidates=person_of_pair[order],
        scores=scores.astype(np.float64),
        candidate_ranked=np.zeros(people, dtype=np.bool_),
        place_ranked=np.zeros(places, dtype=np.bool_),
    )


def stable_general_path(instance: Instance, seed: int) -> assignment.Assignment:
    """The same instance through the general path: lists sorted, ranks, then the kernel."""
    from kausa.matching.assignment_stable import deferred_acceptance, seats_needed

    edges = assignment._resolve(instance, seed)
    seats = seats_needed(edges.places, edges.place_rank, instance.capacities)
    matched = deferred_acceptance(edges.indptr, edges.places, edges.place_rank, seats)
    return assignment._assignment_from_edges(instance.n_candidates, edges, matched[matched >= 0])


class Clock:
    def __enter__(self) -> Clock:
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.wall = time.perf_counter() - self._wall
        self.cpu = time.process_time() - self._cpu

    def __str__(self) -> str:
        return f"{self.wall:.3f} s (CPU {self.cpu:.3f} s)"


def warm_up(market: Any) -> None:
    """Load (or compile) every kernel on a few hundred people."""
    small = Matcher(market)
    candidates = small.candidates()
    scores = small.score(candidates)
    instance = app_instance(candidates, scores, np.asarray(market.places.seats, np.int32))
    if candidates.pair_count > 2_000_000:
        return  # the kernels are warmed by the smaller calls below
    assignment.solve_stable(instance, seed=1)
    stable_general_path(instance, seed=1)
    assignment.solve_optimal(instance)
    assignment.solve_optimal_monolithic(instance)


def component_share(instance: Instance) -> tuple[int, float]:
    labels, count = component_labels(
        instance.n_candidates,
        instance.n_places,
        instance.candidate_indptr,
        instance.candidate_places,
    )
    sizes = np.bincount(labels)
    return int(count), float(sizes.max() / sizes.sum())


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Print the figures; return them (for bench/matching.py)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--skip-ortools", action="store_true", help="no monolithic flow")
    parser.add_argument("--stable-only", action="store_true", help="no optimal at all")
    parser.add_argument("--generate-into", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.generate_into:
        generate(args.generate_into, args.size, args.size)
        return {}

    with tempfile.TemporaryDirectory() as folder:
        command = [sys.executable, __file__, "--generate-into", folder, "--size", str(args.size)]
        subprocess.run(command, check=True)  # noqa: S603 - our own script
        market = load_national(folder)
        with tempfile.TemporaryDirectory() as small_folder:
            command = [sys.executable, __file__, "--generate-into", small_folder]
            subprocess.run([*command, "--size", "2000"], check=True)  # noqa: S603
            warm_up(load_national(small_folder))

    print(f"load average at start: {os.getloadavg()[0]:.2f} (2 cores, shared)")
    with Clock() as clock:
        matcher = Matcher(market)
        candidates = matcher.candidates()
        scores = matcher.score(candidates)
    capacities = np.asarray(market.places.seats, np.int32)
    print(
        f"real graph: {len(market.people):,} people, {len(market.places):,} places, "
        f"{int(capacities.sum()):,} seats, {candidates.pair_count:,} pairs "
        f"(candidates and scores {clock})"
    )
    with Clock() as clock:
        instance = app_instance(candidates, scores, capacities)
    print(f"app instance (stable_instance) built in {clock}")
    components, share = component_share(instance)
    print(f"components: {components:,}; the largest holds {share:.1%} of people and places")

    result: dict[str, Any] = {"size": args.size, "pairs": candidates.pair_count}
    if str(BENCH) not in sys.path:
        sys.path.append(str(BENCH))  # last, so bench/matching.py cannot shadow the PyPI package
    from matching_naive import same_pair_sets

    sample = np.random.default_rng(SEED).choice(len(market.people), 1000, replace=False)
    with Clock() as clock:
        same_pairs, naive_count, engine_count = same_pair_sets(market, candidates, sample)
    result["naive_same_pair_set"] = same_pairs
    print(
        f"naive all-pairs filter, 1,000 random people: same (person, place) pair set as the "
        f"engine: {same_pairs} ({naive_count:,} vs {engine_count:,} pairs; {clock})"
    )
    runs = []
    for _ in range(3):
        with Clock() as clock:
            stable = assignment.solve_stable(instance, seed=1)
        runs.append((clock.wall, clock.cpu))
    wall, cpu = sorted(runs)[1]
    result.update(app_path_stable_s=wall, app_path_stable_cpu_s=cpu, stable_matched=stable.matched)
    print(
        f"stable, app path (median of 3): {wall:.3f} s (CPU {cpu:.3f} s); "
        f"{stable.matched:,} matched"
    )
    if args.size <= GENERAL_PATH_LIMIT:
        with Clock() as clock:
            general = stable_general_path(instance, seed=1)
        same = bool(np.array_equal(general.place_of_candidate, stable.place_of_candidate))
        result.update(general_path_stable_s=clock.wall, same_matching_app_path=same)
        print(
            f"stable, general path: {clock}; {clock.wall / wall:.1f}x the app path; "
            f"same matching: {same}"
        )
    else:
        result.update(general_path_stable_s=None, same_matching_app_path=None)
        print(f"stable, general path: skipped above {GENERAL_PATH_LIMIT:,}")

    result.update(real_graph_ortools_s=None, real_graph_same_total=None)
    result.update(real_graph_optimal_s=None)
    if args.stable_only:
        return _finish(result)
    with Clock() as clock:
        optimal = assignment.solve_optimal(instance)
    result.update(
        real_graph_optimal_s=clock.wall,
        real_graph_optimal_cpu_s=clock.cpu,
        optimal_scaled_total=optimal.scaled_total,
    )
    print(f"optimal, per component: {clock}; {optimal.matched:,} matched")
    if not args.skip_ortools:
        with Clock() as clock:
            monolithic = assignment.solve_optimal_monolithic(instance)
        same_total = monolithic.scaled_total == optimal.scaled_total
        result.update(
            real_graph_ortools_s=clock.wall,
            real_graph_ortools_cpu_s=clock.cpu,
            real_graph_same_total=same_total,
        )
        print(
            f"optimal, monolithic OR-Tools: {clock}; per component is "
            f"{clock.cpu / max(result['real_graph_optimal_cpu_s'], 1e-9):.2f}x faster (CPU); "
            f"same total: {same_total} ({optimal.scaled_total})"
        )
    return _finish(result)


def _finish(result: dict[str, Any]) -> dict[str, Any]:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result.update(peak_rss_mb=peak, load_average=os.getloadavg()[0])
    print(f"peak memory {peak:.0f} MB; load average at end: {os.getloadavg()[0]:.2f}")
    return result


if __name__ == "__main__":
    main()
