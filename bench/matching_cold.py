"""Cold and warm start of the engine: the first call in a fresh process with an empty numba
cache (every kernel compiles) against the same call again.

    .venv/bin/python bench/matching_cold.py [--size 10000]

A child process runs with ``NUMBA_CACHE_DIR`` pointing at a new empty folder and times, on the
national demo data of N people and N seats: candidates and scores (``Matcher``), ``stable``
through the app's instance and ``optimal``; first (cold) and second (warm) call. A second
child with the same, now filled, cache shows the start of a later process (cache loaded).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != BENCH]
if str(BENCH.parent) not in sys.path:
    sys.path.insert(0, str(BENCH.parent))


def _child(data: Path) -> dict[str, float]:
    started = time.perf_counter()
    import numpy as np

    from kausa.matching import assignment
    from kausa.matching.data import load_national
    from kausa.matching.topk import Matcher

    sys.path.insert(0, str(BENCH))
    from matching_realgraph import app_instance

    market = load_national(data)
    figures: dict[str, float] = {"import_and_load": time.perf_counter() - started}
    for run in ("cold", "warm"):
        t0 = time.perf_counter()
        matcher = Matcher(market)
        candidates = matcher.candidates()
        scores = matcher.score(candidates)
        t1 = time.perf_counter()
        instance = app_instance(candidates, scores, np.asarray(market.places.seats, np.int32))
        assignment.solve_stable(instance, seed=1)
        t2 = time.perf_counter()
        assignment.solve_optimal(instance)
        t3 = time.perf_counter()
        figures[f"{run}_candidates_s"] = t1 - t0
        figures[f"{run}_stable_s"] = t2 - t1
        figures[f"{run}_optimal_s"] = t3 - t2
        figures[f"{run}_total_s"] = t3 - t0
    return figures


def _run_child(data: Path, cache: Path) -> dict[str, float]:
    env = dict(os.environ, NUMBA_CACHE_DIR=str(cache))
    command = [sys.executable, __file__, "--child", str(data)]
    output = subprocess.run(  # noqa: S603 - our own script
        command, env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_child(args.child)))
        return {}
    with tempfile.TemporaryDirectory() as data, tempfile.TemporaryDirectory() as cache:
        generate = [sys.executable, str(BENCH / "matching_realgraph.py")]
        generate += ["--generate-into", data, "--size", str(args.size)]
        subprocess.run(generate, check=True, capture_output=True)  # noqa: S603
        empty = _run_child(Path(data), Path(cache))
        cached = _run_child(Path(data), Path(cache))
    print(f"engine start at {args.size:,} people and seats (load average {os.getloadavg()[0]:.2f})")
    for label, figures in (("empty numba cache", empty), ("cache filled", cached)):
        print(
            f"  {label:<18} first call {figures['cold_total_s']:.2f} s "
            f"(candidates {figures['cold_candidates_s']:.2f}, "
            f"stable {figures['cold_stable_s']:.2f}, "
            f"optimal {figures['cold_optimal_s']:.2f}); second call {figures['warm_total_s']:.3f} s"
        )
    return {
        "cold_start_s": empty["cold_total_s"],
        "cached_start_s": cached["cold_total_s"],
        "warm_s": empty["warm_total_s"],
        "empty_cache": empty,
        "filled_cache": cached,
    }


if __name__ == "__main__":
    main()
