"""`python -m kausa.matching solve` as a subprocess: JSON out, or exit 2 with one error line.

The invalid cases start all their processes at once (module fixture), so the suite pays the
interpreter start-up about once per core rather than once per case.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

VALID = {
    "candidates": [
        {"id": "c1", "preferences": ["p1", "p2"]},
        {"id": "c2", "preferences": ["p1"]},
        {"id": "c3", "preferences": ["p2", "p1"]},
    ],
    "places": [
        {"id": "p1", "capacity": 1, "preferences": ["c2", "c1", "c3"]},
        {"id": "p2", "capacity": 1, "preferences": ["c1", "c3"]},
    ],
    "scores": [["c1", "p1", 0.9], ["c1", "p2", 0.8], ["c2", "p1", 0.5], ["c3", "p2", 0.1]],
}


def _with(**changes: object) -> dict[str, object]:
    return {**json.loads(json.dumps(VALID)), **changes}


def _candidates_with(index: int, entry: dict[str, object]) -> dict[str, object]:
    data = _with()
    data["candidates"][index] = entry  # type: ignore[index]
    return data


def _places_with(index: int, entry: dict[str, object]) -> dict[str, object]:
    data = _with()
    data["places"][index] = entry  # type: ignore[index]
    return data


# name -> (file content (None: no file), method, text the error line must contain)
INVALID: dict[str, tuple[str | None, str, str]] = {
    "missing file": (None, "stable", "cannot read"),
    "malformed json": ('{"candidates": [', "stable", "is not valid JSON"),
    "not an object": ("[1, 2]", "stable", "must be a JSON object"),
    "unknown place": (
        json.dumps(_candidates_with(0, {"id": "c7", "preferences": ["p99"]})),
        "stable",
        'candidate "c7" lists unknown place "p99"',
    ),
    "unknown candidate": (
        json.dumps(_places_with(1, {"id": "p2", "capacity": 1, "preferences": ["c42"]})),
        "stable",
        'place "p2" lists unknown candidate "c42"',
    ),
    "duplicate candidate id": (
        json.dumps(_candidates_with(1, {"id": "c1", "preferences": []})),
        "stable",
        'duplicate candidate id "c1"',
    ),
    "duplicate place id": (
        json.dumps(_places_with(1, {"id": "p1", "capacity": 1, "preferences": []})),
        "optimal",
        'duplicate place id "p1"',
    ),
    "duplicate in preferences": (
        json.dumps(_candidates_with(2, {"id": "c3", "preferences": ["p2", "p2"]})),
        "stable",
        'candidate "c3" lists place "p2" twice',
    ),
    "negative capacity": (
        json.dumps(_places_with(0, {"id": "p1", "capacity": -1, "preferences": []})),
        "stable",
        'place "p1" has capacity -1',
    ),
    "fractional capacity": (
        json.dumps(_places_with(0, {"id": "p1", "capacity": 1.5, "preferences": []})),
        "stable",
        'place "p1" has capacity 1.5',
    ),
    "boolean capacity": (
        json.dumps(_places_with(0, {"id": "p1", "capacity": True, "preferences": []})),
        "stable",
        'place "p1" has capacity true',
    ),
    "missing scores for optimal": (
        json.dumps({k: v for k, v in VALID.items() if k != "scores"}),
        "optimal",
        'needs "scores"',
    ),
    "non-finite score": (
        json.dumps(_with(scores=[["c1", "p1", float("nan")]])),
        "optimal",
        'candidate "c1" for place "p1" is not a finite number: NaN',
    ),
    "infinite score": (
        json.dumps(_with(scores=[["c1", "p1", float("inf")]])),
        "stable",
        'candidate "c1" for place "p1" is not a finite number: Infinity',
    ),
    "string score": (
        json.dumps(_with(scores=[["c2", "p1", "high"]])),
        "optimal",
        'candidate "c2" for place "p1" is not a finite number: "high"',
    ),
    "score names unknown place": (
        json.dumps(_with(scores=[["c1", "p9", 0.3]])),
        "optimal",
        'unknown place "p9"',
    ),
    "id with a newline stays on one line": (
        json.dumps(_candidates_with(0, {"id": "c\n7", "preferences": ["p\n99"]})),
        "stable",
        'candidate "c\\n7" lists unknown place "p\\n99"',
    ),
}


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "kausa.matching", "solve", *args],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def invalid_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, str, str]]:
    folder = tmp_path_factory.mktemp("invalid")
    running = {}
    for i, (name, (content, method, _)) in enumerate(INVALID.items()):
        path = folder / f"case{i}.json"
        if content is not None:
            path.write_text(content, encoding="utf-8")
        running[name] = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "kausa.matching", "solve", "--method", method, str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    results = {}
    for name, process in running.items():
        out, err = process.communicate()
        results[name] = (process.returncode, out, err)
    return results


@pytest.mark.parametrize("name", list(INVALID))
def test_invalid_input_exits_2_with_one_line_naming_the_entry(
    name: str, invalid_results: dict[str, tuple[int, str, str]]
) -> None:
    code, out, err = invalid_results[name]
    assert code == 2, err
    assert out == ""
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("error: ")
    assert INVALID[name][2] in err
    assert "Traceback" not in err


def _write(tmp_path: Path, data: object) -> str:
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_stable_prints_the_assignment_as_json(tmp_path: Path) -> None:
    done = _run("--method", "stable", "--seed", "4", _write(tmp_path, VALID))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert json.loads(done.stdout) == {
        "assignment": {"c1": "p2", "c2": "p1", "c3": None},
        "matched": 2,
        "unmatched": 1,
        "total_score": pytest.approx(1.3),
    }


def test_optimal_prints_the_assignment_as_json(tmp_path: Path) -> None:
    done = _run("--method", "optimal", _write(tmp_path, VALID))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "assignment": {"c1": "p2", "c2": "p1", "c3": None},
        "matched": 2,
        "unmatched": 1,
        "total_score": pytest.approx(1.3),
    }


def test_stable_without_scores_reports_a_zero_total(tmp_path: Path) -> None:
    data = {k: v for k, v in VALID.items() if k != "scores"}
    done = _run("--method", "stable", _write(tmp_path, data))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["total_score"] == 0
    assert result["assignment"] == {"c1": "p2", "c2": "p1", "c3": None}


def test_bad_arguments_give_one_line_too(tmp_path: Path) -> None:
    done = _run("--method", "greedy", _write(tmp_path, VALID))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: ")


def test_importing_the_engine_does_not_import_django() -> None:
    code = (
        "import sys, kausa.matching.assignment, kausa.matching.cli, kausa.matching.instance_io; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    command = [sys.executable, "-c", code]
    done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    assert done.stdout.strip() == "[]"
