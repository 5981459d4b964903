"""The whole matching benchmark in one run: assignment, candidate generation and top-k.

    .venv/bin/python bench/matching.py [--size 500000] [--skip-slow]

Runs ``bench/matching_assignment.py`` at one size (the engine's ``stable`` and ``optimal``
against plain-Python deferred acceptance, the PyPI ``matching`` package at 10k and a monolithic
OR-Tools min-cost flow) and then ``bench/matching_candidates.py`` with that many people and
seats (candidate generation, top-10 latency, peak memory), ``bench/matching_realgraph.py``
(``stable`` through the app's path and ``optimal`` against one monolithic OR-Tools flow on the
real candidate graph of the national demo data; the monolithic flow up to 100k) and
``bench/matching_cold.py`` at 10k (first call with an empty numba cache). Prints the tables, a
summary with the targets and, as the last line, one JSON object with the headline figures. A
peer that was not run is ``null`` with the reason under ``"skipped"``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

BENCH = Path(__file__).resolve().parent
# This script's own name would shadow the PyPI `matching` package (a peer), so the bench
# folder leaves the import path and its two modules are loaded from their files.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != BENCH]
if str(BENCH.parent) not in sys.path:
    sys.path.insert(0, str(BENCH.parent))


def _load_sibling(name: str) -> ModuleType:
    module = sys.modules.get(name)
    if module is None:
        spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # child processes (spawn) unpickle functions by this name
        spec.loader.exec_module(module)
    return module


matching_assignment = _load_sibling("matching_assignment")
matching_candidates = _load_sibling("matching_candidates")
matching_realgraph = _load_sibling("matching_realgraph")
matching_cold = _load_sibling("matching_cold")

TARGETS = {
    "stable_s": ("<=", 1.5),
    "app_path_stable_s": ("<=", 1.0),
    "candidate_generation_s": ("<=", 10.0),
    "topk_p99_ms": ("<=", 10.0),
    "peak_rss_mb": ("<=", 2.5 * 1024),
}


def _solve_seconds(results: dict[str, Any], solver: str) -> float | None:
    figures = results.get(solver)
    if not figures or "error" in figures:
        return None
    return round(float(figures["solve"]), 3)


def _rounded(value: Any) -> float | None:
    return None if value is None else round(float(value), 3)


def summarise(
    size: int,
    assignment: dict[str, dict[str, Any]],
    candidates: dict[str, Any],
    real_graph: dict[str, Any],
    cold: dict[str, Any],
) -> dict[str, Any]:
    skipped: dict[str, str] = {}
    for solver, key in (
        ("plain-python", "plain_python_stable_s"),
        ("monolithic", "ortools_optimal_s"),
    ):
        if solver not in assignment:
            skipped[key] = "--skip-slow above 100k"
        elif "error" in assignment[solver]:
            skipped[key] = assignment[solver]["error"]
    if "matching-pkg" not in assignment:
        skipped["matching_pkg_stable_s"] = "run at 10k only: its set-up is quadratic"

    def peak_of(solver: str) -> float:
        return float(assignment.get(solver, {}).get("peak_mb", 0.0))

    # Each solver ran in its own process: the engine's peak is its own, the peers' apart.
    engine_peak = max(float(candidates["peak_rss_mb"]), peak_of("stable"), peak_of("optimal"))
    peer_peaks = {
        solver: round(peak_of(solver))
        for solver in ("plain-python", "matching-pkg", "monolithic")
        if peak_of(solver)
    }
    optimal = assignment.get("optimal", {})
    monolithic = assignment.get("monolithic", {})
    same_total = (
        optimal.get("scaled_total") == monolithic.get("scaled_total") if monolithic else None
    )
    stable_digest = assignment.get("stable", {}).get("digest")
    checks = [
        assignment[peer]["digest"] == stable_digest
        for peer in ("plain-python", "matching-pkg")
        if peer in assignment and "digest" in assignment[peer]
    ]
    if real_graph.get("same_matching_app_path") is not None:
        checks.append(bool(real_graph["same_matching_app_path"]))
    if real_graph.get("real_graph_optimal_s") is None:
        skipped["real_graph_optimal_s"] = "flows on the real graph run up to 100k"
    if real_graph.get("real_graph_ortools_s") is None:
        skipped["real_graph_ortools_s"] = "flows on the real graph run up to 100k"
    summary: dict[str, Any] = {
        "size": size,
        "stable_s": _solve_seconds(assignment, "stable"),
        "plain_python_stable_s": _solve_seconds(assignment, "plain-python"),
        "matching_pkg_stable_s": _solve_seconds(assignment, "matching-pkg"),
        "optimal_s": _solve_seconds(assignment, "optimal"),
        "ortools_optimal_s": _solve_seconds(assignment, "monolithic"),
        "optimal_same_total_as_ortools": same_total,
        "same_matching": all(checks) if checks else None,
        "app_path_stable_s": _rounded(real_graph.get("app_path_stable_s")),
        "app_path_stable_cpu_s": _rounded(real_graph.get("app_path_stable_cpu_s")),
        "real_graph_pairs": real_graph.get("pairs"),
        "real_graph_optimal_s": _rounded(real_graph.get("real_graph_optimal_s")),
        "real_graph_ortools_s": _rounded(real_graph.get("real_graph_ortools_s")),
        "real_graph_same_total": real_graph.get("real_graph_same_total"),
        "naive_same_pair_set": real_graph.get("naive_same_pair_set"),
        "cold_start_s": _rounded(cold.get("cold_start_s")),
        "cached_start_s": _rounded(cold.get("cached_start_s")),
        "candidate_generation_s": round(float(candidates["candidate_generation_s"]), 3),
        "topk_p99_ms": round(float(candidates["topk_p99_ms"]), 3),
        "peak_rss_mb": round(engine_peak),
        "peer_peak_rss_mb": peer_peaks,
        "load_average": round(os.getloadavg()[0], 2),
        "skipped": skipped,
    }
    return summary


def print_summary(summary: dict[str, Any]) -> None:
    print("\nsummary")
    for key, (_, limit) in TARGETS.items():
        value = summary[key]
        verdict = "met" if value is not None and value <= limit else "MISSED"
        print(f"  {key:<24} {value!s:>10}  target <= {limit:g}: {verdict}")
    for peer, engine, label in (
        ("plain_python_stable_s", "stable_s", "stable vs plain Python"),
        ("matching_pkg_stable_s", "stable_s", "stable vs the matching package"),
        ("ortools_optimal_s", "optimal_s", "optimal vs monolithic OR-Tools (target >= 3x)"),
        (
            "real_graph_ortools_s",
            "real_graph_optimal_s",
            "optimal vs monolithic OR-Tools on the real graph (target >= 3x)",
        ),
    ):
        if summary[peer] and summary[engine]:
            print(f"  {label}: {summary[peer] / summary[engine]:.1f}x faster")
        else:
            print(f"  {label}: peer skipped ({summary['skipped'].get(peer, 'no figure')})")


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=500_000)
    parser.add_argument("--skip-slow", action="store_true", help="no slow peers above 100k")
    parser.add_argument(
        "--naive-people", type=int, default=1000, help="people for the all-pairs filter peer"
    )
    args = parser.parse_args(argv)
    assignment_argv = ["--sizes", str(args.size)] + (["--skip-slow"] if args.skip_slow else [])
    print("== global assignment ==")
    assignment = matching_assignment.main(assignment_argv)[args.size]
    print("\n== candidate generation and top-k ==")
    size = str(args.size)
    candidates = matching_candidates.main(
        ["--people", size, "--seats", size, "--naive-people", str(args.naive_people)]
    )
    print("\n== real candidate graph ==")
    # Above 100k the real graph (about 200 pairs per person at 500k) is one component of
    # ~10^8 pairs: both flows take longer than a bounded run allows, so only `stable` runs.
    real_argv = ["--size", size] + (["--stable-only"] if args.size > 100_000 else [])
    real_graph = matching_realgraph.main(real_argv)
    print("\n== cold start ==")
    cold = matching_cold.main(["--size", "10000"])
    summary = summarise(args.size, assignment, candidates, real_graph, cold)
    print_summary(summary)
    print(json.dumps(summary))
    return summary


if __name__ == "__main__":
    main()
