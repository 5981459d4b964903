"""Benchmark of the global assignment (kausa.matching.assignment) against its peers.

    .venv/bin/python bench/matching_assignment.py [--sizes 10000,100000,500000] [--skip-slow]

Instances (seeded, so every run and every solver sees the same one):

- places = candidates x 0.9 / 2, each with 1-3 seats (mean 2), so seats are ~90% of the
  candidates and there is competition;
- candidates and places live in districts of ~1250 candidates (about 400 districts at 500k,
  like Germany's ~400 Kreise); a candidate applies to ~50 places of their own district (50
  draws with replacement, duplicates dropped), because training places are chosen within
  commuting distance. The acceptable pairs therefore fall apart into per-district components,
  which the `optimal` solver exploits;
- preferences are correlated, as in real markets: a candidate ranks places by a latent place
  quality plus personal noise (N(0,1)), a place ranks its applicants by a latent candidate
  quality plus noise, and refuses ~5% of them (unacceptable pairs);
- the score of a pair (for `optimal`) is a logistic function of both sides' utilities.

Every solver runs in its own fresh process (spawn), which loads the generated instance from a
temporary .npz file: so "peak MB" is that solver's own ru_maxrss, not the peers'. "build" is
loading the arrays plus constructing the solver's input (Instance, Python lists, or the
`matching` package's objects); "solve" excludes it.

Peers: for `stable`, a plain-Python dict/deque deferred acceptance (below) and the PyPI
`matching` package's HospitalResident (10k only; see _run_matching_package); for
`optimal`, one monolithic OR-Tools SimpleMinCostFlow over the whole instance. --skip-slow
skips the plain-Python and monolithic peers above 100k.
"""

from __future__ import annotations

import argparse
import hashlib
import heapq
import multiprocessing as mp
import resource
import sys
import tempfile
import time
from collections import deque
from pathlib import Path
from typing import Any

import numpy as np

BENCH = Path(__file__).resolve().parent
# Run as a script, Python puts bench/ first on the import path, and bench/matching.py would
# then shadow the PyPI `matching` package (a peer): the folder leaves the path (the spawned
# solver processes inherit it), the project root joins it.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != BENCH]
if str(BENCH.parent) not in sys.path:
    sys.path.insert(0, str(BENCH.parent))

CANDIDATES_PER_DISTRICT = 1250
APPLICATIONS_PER_CANDIDATE = 50
REFUSAL_RATE = 0.05


def generate(n_cands: int, seed: int = 7) -> dict[str, np.ndarray]:
    """Arrays of a synthetic instance (see the module docstring)."""
    rng = np.random.default_rng(seed)
    n_places = max(1, round(n_cands * 0.9 / 2))
    n_districts = max(1, n_cands // CANDIDATES_PER_DISTRICT)
    capacities = rng.integers(1, 4, n_places).astype(np.int32)
    cand_quality = rng.normal(size=n_cands)
    place_quality = rng.normal(size=n_places)

    # Places sorted by district so a district's places are one contiguous range.
    place_district = np.sort(rng.integers(0, n_districts, n_places))
    district_start = np.searchsorted(place_district, np.arange(n_districts + 1))
    cand_district = rng.integers(0, n_districts, n_cands)
    lo = district_start[cand_district]
    width = district_start[cand_district + 1] - lo
    has_places = width > 0
    draws = rng.random((n_cands, APPLICATIONS_PER_CANDIDATE))
    picks = lo[:, None] + (draws * width[:, None]).astype(np.int64)
    del draws
    cand = np.repeat(np.arange(n_cands, dtype=np.int64), APPLICATIONS_PER_CANDIDATE)
    keep = np.repeat(has_places, APPLICATIONS_PER_CANDIDATE)
    pair_key = np.sort((cand * n_places + picks.ravel())[keep])
    pair_key = pair_key[np.append(True, np.diff(pair_key) != 0)]  # drops duplicate picks
    del picks, cand, keep
    edge_cand = (pair_key // n_places).astype(np.int32)
    edge_place = (pair_key % n_places).astype(np.int32)
    del pair_key

    cand_utility = place_quality[edge_place] + rng.normal(size=edge_place.size)
    place_utility = cand_quality[edge_cand] + rng.normal(size=edge_place.size)
    score = 1.0 / (1.0 + np.exp(-(cand_utility + place_utility) / 2))

    # Candidate lists: by candidate, best utility first (one float sort key: row + fraction).
    order = np.argsort(edge_cand + _unit_interval(-cand_utility))
    del cand_utility
    cand_places = edge_place[order]
    cand_scores = score[order]
    del order, score
    cand_indptr = np.concatenate([[0], np.cumsum(np.bincount(edge_cand, minlength=n_cands))])

    # Place lists: by place, best utility first, without the refused applicants.
    admitted = rng.random(edge_place.size) >= REFUSAL_RATE
    order = np.argsort(edge_place[admitted] + _unit_interval(-place_utility[admitted]))
    place_cands = edge_cand[admitted][order]
    place_counts = np.bincount(edge_place[admitted], minlength=n_places)
    place_indptr = np.concatenate([[0], np.cumsum(place_counts)])
    return {
        "capacities": capacities,
        "cand_indptr": cand_indptr.astype(np.int64),
        "cand_places": cand_places,
        "cand_scores": cand_scores,
        "place_indptr": place_indptr.astype(np.int64),
        "place_cands": place_cands.astype(np.int32),
    }


def _unit_interval(values: np.ndarray) -> np.ndarray:
    """Order-preserving map into [0, 0.5) (a logistic curve), to append to a row number."""
    return 0.5 / (1.0 + np.exp(-values))


def plain_python_deferred_acceptance(
    cand_prefs: list[list[int]], place_prefs: list[list[int]], capacities: list[int]
) -> list[int]:
    """Textbook candidate-proposing deferred acceptance with dicts, a deque and heapq."""
    rank = [{c: r for r, c in enumerate(prefs)} for prefs in place_prefs]
    held: list[list[tuple[int, int]]] = [[] for _ in place_prefs]  # max-heaps via -rank
    next_choice = [0] * len(cand_prefs)
    place_of = [-1] * len(cand_prefs)
    free = deque(range(len(cand_prefs)))
    while free:
        c = free.popleft()
        prefs = cand_prefs[c]
        while next_choice[c] < len(prefs):
            p = prefs[next_choice[c]]
            next_choice[c] += 1
            r = rank[p].get(c)
            if r is None:
                continue
            heap = held[p]
            if len(heap) < capacities[p]:
                heapq.heappush(heap, (-r, c))
                place_of[c] = p
                break
            if heap and -heap[0][0] > r:
                _, worst = heapq.heapreplace(heap, (-r, c))
                place_of[worst] = -1
                free.append(worst)
                place_of[c] = p
                break
    return place_of


def _digest(place_of_candidate: Any) -> str:
    data = np.asarray(place_of_candidate, dtype=np.int32).tobytes()
    return hashlib.sha256(data).hexdigest()[:12]


def _load(path: str) -> dict[str, np.ndarray]:
    with np.load(path) as data:
        return {key: data[key] for key in data.files}


def _instance(arrays: dict[str, np.ndarray]) -> Any:
    from kausa.matching.assignment import Instance

    n_cands = arrays["cand_indptr"].size - 1
    n_places = arrays["capacities"].size
    return Instance(
        candidate_ids=[f"c{i}" for i in range(n_cands)],
        place_ids=[f"p{i}" for i in range(n_places)],
        capacities=arrays["capacities"],
        candidate_indptr=arrays["cand_indptr"],
        candidate_places=arrays["cand_places"],
        place_indptr=arrays["place_indptr"],
        place_candidates=arrays["place_cands"],
        scores=arrays["cand_scores"],
    )


def _rows(indptr: np.ndarray, indices: np.ndarray) -> list[list[int]]:
    flat = indices.tolist()
    bounds = indptr.tolist()
    return [flat[bounds[i] : bounds[i + 1]] for i in range(len(bounds) - 1)]


def _run_solver(solver: str, path: str) -> dict[str, Any]:
    """Build the solver's input, solve, and describe the result (runs in a child process)."""
    t0 = time.perf_counter()
    arrays = _load(path)
    result: dict[str, Any] = {}
    if solver in ("stable", "optimal", "monolithic"):
        from kausa.matching import assignment

        instance = _instance(arrays)
        # Load the numba cache and OR-Tools outside the timing (both methods' peers alike).
        warm_up = _instance(generate(200, seed=1))
        assignment.solve_stable(warm_up)
        assignment.solve_optimal_monolithic(warm_up)
        assignment.solve_optimal(_instance(generate(5000, seed=1)))
        build = time.perf_counter() - t0
        t1 = time.perf_counter()
        if solver == "stable":
            solved = assignment.solve_stable(instance)
        elif solver == "optimal":
            solved = assignment.solve_optimal(instance)
        else:
            solved = assignment.solve_optimal_monolithic(instance)
        solve = time.perf_counter() - t1
        place_of = solved.place_of_candidate
        result.update(total=solved.total_score, scaled_total=solved.scaled_total)
    elif solver == "plain-python":
        cand_prefs = _rows(arrays["cand_indptr"], arrays["cand_places"])
        place_prefs = _rows(arrays["place_indptr"], arrays["place_cands"])
        capacities = arrays["capacities"].tolist()
        build = time.perf_counter() - t0
        t1 = time.perf_counter()
        place_of = plain_python_deferred_acceptance(cand_prefs, place_prefs, capacities)
        solve = time.perf_counter() - t1
    elif solver == "matching-pkg":
        place_of, build, solve = _run_matching_package(arrays, t0)
    else:
        raise ValueError(solver)
    place_of = np.asarray(place_of, dtype=np.int32)
    result.update(
        build=build,
        solve=solve,
        matched=int(np.count_nonzero(place_of >= 0)),
        digest=_digest(place_of),
        peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )
    return result


def _run_matching_package(
    arrays: dict[str, np.ndarray], t0: float
) -> tuple[list[int], float, float]:
    """The PyPI `matching` package's HospitalResident, resident-optimal.

    Its constructor deep-copies the players (recursion overflow at 10k) and validates the
    input with quadratic loops (~4 minutes at 10k), so the game is assembled from the
    package's own player objects without those steps; the lists given are already mutual.
    """
    from matching.games import HospitalResident
    from matching.games.hospital_resident import _make_players

    cand_prefs = _rows(arrays["cand_indptr"], arrays["cand_places"])
    place_prefs = _rows(arrays["place_indptr"], arrays["place_cands"])
    # The package wants mutual lists; a non-mutual entry never matters for stability.
    listed_by_place = [set(row) for row in place_prefs]
    listed_by_cand = [set(row) for row in cand_prefs]
    resident_prefs = {
        c: [p for p in row if c in listed_by_place[p]] for c, row in enumerate(cand_prefs)
    }
    hospital_prefs = {
        p: [c for c in row if p in listed_by_cand[c]] for p, row in enumerate(place_prefs)
    }
    resident_prefs = {c: row for c, row in resident_prefs.items() if row}
    hospital_prefs = {p: row for p, row in hospital_prefs.items() if row}
    capacities = {p: int(arrays["capacities"][p]) for p in hospital_prefs}
    residents, hospitals = _make_players(resident_prefs, hospital_prefs, capacities)
    game = HospitalResident.__new__(HospitalResident)
    game.residents, game.hospitals = residents, hospitals
    game._all_residents, game._all_hospitals = residents, hospitals
    game.matching, game.blocking_pairs, game.clean = None, None, False
    build = time.perf_counter() - t0
    t1 = time.perf_counter()
    matching = game.solve(optimal="resident")
    solve = time.perf_counter() - t1
    place_of = [-1] * (arrays["cand_indptr"].size - 1)
    for hospital, matched in matching.items():
        for resident in matched:
            place_of[resident.name] = hospital.name
    return place_of, build, solve


def _generate_to(path: str, n_cands: int) -> dict[str, Any]:
    t0 = time.perf_counter()
    arrays = generate(n_cands)
    elapsed = time.perf_counter() - t0
    np.savez(path, **arrays)
    return {
        "generate": elapsed,
        "pairs": int(arrays["cand_places"].size),
        "places": int(arrays["capacities"].size),
        "seats": int(arrays["capacities"].sum()),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _child(queue: Any, func: Any, *args: Any) -> None:
    try:
        queue.put(func(*args))
    except BaseException as exc:  # report, the parent prints it
        queue.put({"error": f"{type(exc).__name__}: {exc}"})


def _in_fresh_process(func: Any, *args: Any) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    process = ctx.Process(target=_child, args=(queue, func, *args))
    process.start()
    result: dict[str, Any] = queue.get()
    process.join()
    return result


def _solvers_for(n_cands: int, skip_slow: bool) -> list[str]:
    slow_ok = not (skip_slow and n_cands > 100_000)
    solvers = ["stable"]
    if slow_ok:
        solvers.append("plain-python")
    if n_cands <= 10_000:
        solvers.append("matching-pkg")
    solvers.append("optimal")
    if slow_ok:
        solvers.append("monolithic")
    return solvers


def main(argv: list[str] | None = None) -> dict[int, dict[str, dict[str, Any]]]:
    """Print the table; return every solver's figures by size (for bench/matching.py)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,500000")
    parser.add_argument("--skip-slow", action="store_true")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    print(
        f"{'size':>7} {'solver':<13} {'build s':>8} {'solve s':>8} {'x engine':>8} "
        f"{'matched':>8} {'total score':>14} {'peak MB':>8}  check"
    )
    report: dict[int, dict[str, dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = str(Path(tmp) / f"instance_{n}.npz")
            info = _in_fresh_process(_generate_to, path, n)
            print(
                f"{n:>7} generated {info['pairs']} pairs, {info['places']} places, "
                f"{info['seats']} seats in {info['generate']:.1f} s "
                f"(peak {info['peak_mb']:.0f} MB)"
            )
            results: dict[str, dict[str, Any]] = {"instance": info}
            report[n] = results
            for solver in _solvers_for(n, args.skip_slow):
                res = _in_fresh_process(_run_solver, solver, path)
                results[solver] = res
                _print_row(n, solver, res, results)
            if n > 10_000:
                print(f"{n:>7} matching-pkg  skipped (run at 10k only: its set-up is quadratic)")
            sys.stdout.flush()
    return report


def _print_row(n: int, solver: str, res: dict[str, Any], results: dict[str, Any]) -> None:
    if "error" in res:
        print(f"{n:>7} {solver:<13} failed: {res['error']}")
        return
    is_optimal = solver in ("optimal", "monolithic")
    engine = results.get("optimal" if is_optimal else "stable", {})
    ratio = res["solve"] / engine["solve"] if engine.get("solve") else float("nan")
    check = ""
    if solver in ("plain-python", "matching-pkg"):
        check = "same matching" if res["digest"] == engine.get("digest") else "DIFFERENT matching"
    elif solver == "monolithic":
        same = res["scaled_total"] == engine.get("scaled_total")
        check = "same total" if same else "DIFFERENT total"
    total = f"{res['total']:.4f}" if "total" in res and is_optimal else ""
    print(
        f"{n:>7} {solver:<13} {res['build']:>8.2f} {res['solve']:>8.3f} {ratio:>8.1f} "
        f"{res['matched']:>8} {total:>14} {res['peak_mb']:>8.0f}  {check}"
    )


if __name__ == "__main__":
    main()
