"""Command line: ``python -m kausa.events.speeddating solve INSTANCE.json``.

Prints one JSON object: ``{"meetings": [{"round": 0, "company": "c1", "candidate": "p3"}, …],
"mutual": n, "one_sided": m, "objective": 2n+m, "upper_bound": b}``. Bad input (or a missing
file) exits with code 2 and one line on stderr, nothing on stdout, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, NoReturn

from kausa.events.speeddating.instance import Instance, InstanceError, parse_instance
from kausa.events.speeddating.solver import Schedule, solve

EXIT_BAD_INPUT = 2


class _OneLineParser(argparse.ArgumentParser):
    """argparse prints usage plus the error over several lines; we promise one line."""

    def error(self, message: str) -> NoReturn:
        _fail(message)


def _fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    sys.stderr.write(f"error: {' '.join(message.split())}\n")
    raise SystemExit(code)


def _parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(
        prog="python -m kausa.events.speeddating", description="Schedule a speed dating."
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_OneLineParser)
    solve_command = commands.add_parser("solve", help="schedule the meetings of an instance")
    solve_command.add_argument("instance", help="instance JSON file")
    return parser


def load_instance(path: str) -> Instance:
    shown = json.dumps(path, ensure_ascii=False)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InstanceError(f"cannot read {shown}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise InstanceError(f"{shown} is not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InstanceError(
            f"{shown} is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise InstanceError(f"{shown} is nested too deeply") from None
    return parse_instance(data)


def result_json(instance: Instance, schedule: Schedule) -> dict[str, Any]:
    return {
        "meetings": [
            {
                "round": m.round,
                "company": instance.company_ids[m.company],
                "candidate": instance.candidate_ids[m.candidate],
            }
            for m in schedule.meetings
        ],
        "mutual": schedule.mutual,
        "one_sided": schedule.one_sided,
        "objective": schedule.objective,
        "upper_bound": schedule.upper_bound,
    }


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        instance = load_instance(args.instance)
        schedule = solve(instance)
    except InstanceError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except Exception as exc:  # a bug: still one line, but not the "bad input" exit code
        _fail(f"internal error: {type(exc).__name__}: {exc}", code=1)
    json.dump(result_json(instance, schedule), sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0
