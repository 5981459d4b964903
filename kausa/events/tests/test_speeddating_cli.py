"""`python -m kausa.events.speeddating solve` as a subprocess: one JSON object on stdout, or
exit 2 with one error line on stderr and nothing on stdout.

The invalid cases start all their processes at once (module fixture), so the suite pays the
interpreter start-up about once per core rather than once per case.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

WORKDIR = Path(__file__).resolve().parents[3]

VALID: dict[str, Any] = {
    "rounds": 3,
    "companies": [
        {"id": "c1", "wants": ["p1", "p2"], "unavailable_rounds": [0]},
        {"id": "c2", "wants": ["p1"], "unavailable_rounds": []},
    ],
    "candidates": [
        {"id": "p1", "wants": ["c1"], "unavailable_rounds": []},
        {"id": "p2", "wants": ["c2"]},
    ],
    "max_meetings_per_candidate": 2,
}


def _with(**changes: object) -> dict[str, Any]:
    return {**json.loads(json.dumps(VALID)), **changes}


def _command(path: Path) -> list[str]:
    return [sys.executable, "-m", "kausa.events.speeddating", "solve", str(path)]


# name -> (file content (None: no file), text the error line must contain)
INVALID: dict[str, tuple[str | None, str]] = {
    "missing file": (None, "cannot read"),
    "malformed json": ('{"rounds": ', "is not valid JSON"),
    "not an object": ("[1, 2]", "must be a JSON object"),
    "not utf-8": ("\udcff", "is not UTF-8"),
    "unknown candidate": (
        json.dumps(_with(companies=[{"id": "c1", "wants": ["p9"]}, {"id": "c2", "wants": []}])),
        'candidate "p9" wanted by company "c1" is unknown',
    ),
    "unknown company": (
        json.dumps(_with(candidates=[{"id": "p1", "wants": ["c7"]}, {"id": "p2", "wants": []}])),
        'company "c7" wanted by candidate "p1" is unknown',
    ),
    "negative rounds": (json.dumps(_with(rounds=-2)), "'rounds' must not be negative"),
    "fractional rounds": (json.dumps(_with(rounds=2.5)), "'rounds' must be a whole number"),
    "duplicate id": (
        json.dumps(_with(candidates=[{"id": "p1", "wants": []}] * 2)),
        'candidate id "p1" appears twice',
    ),
    "wants not a list": (
        json.dumps(_with(companies=[{"id": "c1", "wants": "p1"}])),
        "'wants' of company \"c1\" must be a list",
    ),
    "round out of range": (
        json.dumps(
            _with(
                candidates=[
                    {"id": "p1", "wants": [], "unavailable_rounds": [3]},
                    {"id": "p2", "wants": []},
                ]
            )
        ),
        "holds round 3; rounds run from 0 to 2",
    ),
    "missing key": (
        json.dumps({"rounds": 3, "companies": []}),
        "the instance has no 'candidates' list",
    ),
    "bad cap": (
        json.dumps(_with(max_meetings_per_candidate=-1)),
        "'max_meetings_per_candidate' must not be negative",
    ),
}


@pytest.fixture(scope="module")
def invalid_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, str, str]]:
    folder = tmp_path_factory.mktemp("speeddating-invalid")
    processes = {}
    for name, (content, _) in INVALID.items():
        path = folder / f"{name.replace(' ', '_')}.json"
        if content is not None:
            # surrogateescape turns the lone surrogate into a byte that is not UTF-8
            path.write_bytes(content.encode("utf-8", "surrogateescape"))
        processes[name] = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            _command(path),
            cwd=WORKDIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    results = {}
    for name, process in processes.items():
        stdout, stderr = process.communicate(timeout=120)
        results[name] = (process.returncode, stdout, stderr)
    return results


@pytest.mark.parametrize("name", sorted(INVALID))
def test_bad_input_exits_2_with_one_line(
    name: str, invalid_runs: dict[str, tuple[int, str, str]]
) -> None:
    code, stdout, stderr = invalid_runs[name]
    assert code == 2, stderr
    assert stdout == ""
    assert stderr.endswith("\n")
    assert stderr.count("\n") == 1
    assert stderr.startswith("error: ")
    assert INVALID[name][1] in stderr
    assert "Traceback" not in stderr


def test_a_valid_instance_prints_one_json_object(tmp_path: Path) -> None:
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(VALID), encoding="utf-8")
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        _command(path), cwd=WORKDIR, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.count("\n") == 1
    result = json.loads(done.stdout)  # exactly one JSON document, else this raises
    assert set(result) == {"meetings", "mutual", "one_sided", "objective", "upper_bound"}
    # c1 is away in round 0; everyone else can meet: 4 meetings, c1-p1 mutual.
    met = {(m["company"], m["candidate"]): m["round"] for m in result["meetings"]}
    assert set(met) == {("c1", "p1"), ("c1", "p2"), ("c2", "p1"), ("c2", "p2")}
    assert met[("c1", "p1")] != 0
    assert met[("c1", "p2")] != 0
    assert (result["mutual"], result["one_sided"], result["objective"]) == (1, 3, 5)
    assert result["upper_bound"] == 5


def test_no_arguments_is_a_usage_error_on_one_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kausa.events.speeddating"],
        cwd=WORKDIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1


def test_the_package_imports_no_django() -> None:
    code = (
        "import sys, kausa.events.speeddating.cli; "
        "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=WORKDIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert done.stdout.strip() == "False"
