"""Command line: ``python -m kausa.matching solve --method stable|optimal [--seed N] FILE``.

Prints ``{"assignment": {candidate: place or null}, "matched": n, "unmatched": m,
"total_score": x}`` as JSON. Bad input exits with code 2 and one line on stderr, never a
traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import NoReturn

from kausa.matching.assignment import (
    Assignment,
    AssignmentError,
    Instance,
    solve_optimal,
    solve_stable,
)
from kausa.matching.instance_io import InstanceFileError, load_instance

EXIT_BAD_INPUT = 2


class _OneLineParser(argparse.ArgumentParser):
    """argparse prints usage plus the error over several lines; we promise one line."""

    def error(self, message: str) -> NoReturn:
        _fail(message)


def _fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    sys.stderr.write(f"error: {' '.join(message.split())}\n")
    raise SystemExit(code)


def _parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(prog="python -m kausa.matching", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_OneLineParser)
    solve = commands.add_parser("solve", help="assign candidates to places")
    solve.add_argument("--method", choices=("stable", "optimal"), required=True)
    solve.add_argument(
        "--seed", type=int, default=0, help="lottery seed for ties in score-derived lists"
    )
    solve.add_argument("instance", help="instance JSON file")
    return parser


def result_json(instance: Instance, assignment: Assignment) -> dict[str, object]:
    place_ids = instance.place_ids
    return {
        "assignment": {
            cand_id: (place_ids[p] if p >= 0 else None)
            for cand_id, p in zip(
                instance.candidate_ids, assignment.place_of_candidate.tolist(), strict=True
            )
        },
        "matched": assignment.matched,
        "unmatched": assignment.unmatched,
        "total_score": assignment.total_score,
    }


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        instance = load_instance(args.instance, require_scores=args.method == "optimal")
        if args.method == "stable":
            assignment = solve_stable(instance, seed=args.seed)
        else:
            assignment = solve_optimal(instance)
    except (InstanceFileError, AssignmentError) as exc:  # incl. FlowSolverError
        _fail(str(exc))
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except Exception as exc:  # a bug: still one line, but not the "bad input" exit code
        _fail(f"internal error: {type(exc).__name__}: {exc}", code=1)
    json.dump(result_json(instance, assignment), sys.stdout)
    sys.stdout.write("\n")
    return 0
