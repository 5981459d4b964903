"""`manage.py load_demo`: output, repeated runs and bad arguments."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kausa.demo.small import DEMO_PASSWORD
from kausa.people.models import Person


def run(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_small_prints_the_logins_also_when_the_data_exists():
    first = run("--size", "small")
    assert "Demo data loaded (seed 2026)" in first
    for text in (DEMO_PASSWORD, "berater.magdeburg", "berater.halle", "berater.dessau",
                 "lesend.magdeburg", "leitung", "admin", "KAUSA Halle (Saale)"):  # fmt: skip
        assert text in first
    second = run("--size", "small", "--seed", "5")
    assert "already exists" in second
    assert DEMO_PASSWORD in second and "berater.dessau" in second
    assert Person.objects.count() == 300


def test_national_writes_the_files(tmp_path):
    output = tmp_path / "national"
    text = run("--size", "national", "--seed", "3", "--people", "800", "--seats", "900",
               "--output", str(output))  # fmt: skip
    assert "800 people" in text and "900 seats" in text
    assert sorted(p.name for p in output.iterdir()) == ["meta.json", "people.npz", "places.npz"]
    meta = json.loads((output / "meta.json").read_text(encoding="utf-8"))
    assert meta["seed"] == 3 and meta["counts"]["seats"] == 900


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--size", "big"), "invalid choice"),
        (("--seed", "-1"), "must not be negative"),
        (("--seed", "abc"), "expected a whole number"),
        (("--size", "national", "--people", "0"), "must be at least 1"),
        (("--size", "small", "--output", "x"), "--output only applies to --size national"),
        (("--size", "small", "--seats", "5", "--people", "5"), "only apply to --size national"),
    ],
)
def test_bad_arguments_are_explained(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_output_must_be_a_directory(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(CommandError, match="not a directory"):
        run("--size", "national", "--people", "5", "--seats", "5", "--output", str(blocker))
