"""Build ``data/occupation_names.csv``: occupation names in seven languages.

Run with ``python -m kausa.reference.build.build_occupation_names`` (``--check`` only compares).
Build time only: it reads ``occupation_names_source.csv`` next to this file, one row per
occupation and kind, one column per language::

    key,kind,origin,en,ar,uk,ru,tr,fa,de
    koch-koechin,official,machine,Cook,طباخ,Кухар,Повар,Aşçı,آشپز,
    koch-koechin,title,machine,chef,شيف|طاهي,...,Küchenchef

A cell holds one name, several names separated by ``|`` (titles only), or nothing. The German
official name is not repeated here: it comes from ``occupations.csv``. The build writes one
row per name (``key,language,name,kind,origin``), sorted by key, language, kind and name, and
stops with a message naming the row on: an unknown key, kind or origin; an empty name between
``|``; stray whitespace; several official names in one cell or a German official name; a key
without an English official name or with two official rows; the same name twice for one key
and language (compared normalised, as the search compares them); a German title that is only
a form of the official name.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NoReturn

from kausa.reference import occupations
from kausa.reference.occupation_search import (
    KINDS,
    NAMES_HEADER,
    ORIGINS,
    german_forms,
    normalise,
)

BUILD_DIR = Path(__file__).resolve().parent
SOURCE_CSV = BUILD_DIR / "occupation_names_source.csv"
NAMES_CSV = BUILD_DIR.parent / "data" / "occupation_names.csv"

SOURCE_LANGUAGES = ("en", "ar", "uk", "ru", "tr", "fa", "de")
SOURCE_HEADER = ["key", "kind", "origin", *SOURCE_LANGUAGES]

# Occupations announced for the occupation list may be named before they reach
# occupations.csv (the search ignores their names until then). None are pending now.
PENDING_KEYS: frozenset[str] = frozenset()


class BuildError(Exception):
    """The source table violates a rule; the message names the row."""


def _fail(message: str) -> NoReturn:
    raise BuildError(message)


def known_keys() -> frozenset[str]:
    """Keys a name may belong to: the occupations and the announced ones."""
    return frozenset(occupation.key for occupation in occupations.all()) | PENDING_KEYS


def _cell_names(where: str, language: str, cell: str, kind: str) -> list[str]:
    if not cell:
        return []
    values = cell.split("|")
    for value in values:
        if not value.strip():
            _fail(f"{where}: empty name in column {language}")
        if value != value.strip() or "  " in value:
            _fail(f"{where}: stray whitespace in {value!r}")
    if kind == "official" and len(values) > 1:
        _fail(f"{where}: several official names in column {language}")
    if kind == "official" and language == "de":
        _fail(f"{where}: the German official name comes from occupations.csv")
    return values


def _check_row_head(where: str, source: dict[str, str], keys: frozenset[str]) -> None:
    if source["key"] not in keys:
        _fail(f"{where}: unknown occupation key")
    if source["kind"] not in KINDS or source["origin"] not in ORIGINS:
        _fail(f"{where}: kind must be one of {KINDS}, origin one of {ORIGINS}")
    if source["kind"] == "official" and not source["en"]:
        _fail(f"{where}: no English official name")


def _check_name(where: str, language: str, name: str, official_forms: set[str]) -> str:
    """The normalised name; fails on names without letters and German official forms."""
    normalised = normalise(name)
    if not normalised:
        _fail(f"{where}: name {name!r} has no letters")
    if language == "de" and normalised in official_forms:
        _fail(f"{where}: German title {name!r} is the official name")
    return normalised


def expand(source_rows: Iterable[dict[str, str]], keys: frozenset[str]) -> list[list[str]]:
    """Source rows -> sorted data rows; raises ``BuildError`` on any violation."""
    rows: list[list[str]] = []
    seen: set[tuple[str, str, str]] = set()
    official_keys: set[str] = set()
    german = {occupation.key: occupation.name for occupation in occupations.all()}
    for number, source in enumerate(source_rows, start=2):
        key, kind, origin = source["key"], source["kind"], source["origin"]
        where = f"{SOURCE_CSV.name}:{number} ({key})"
        _check_row_head(where, source, keys)
        if kind == "official":
            if key in official_keys:
                _fail(f"{where}: second official row")
            official_keys.add(key)
        official_forms = {normalise(form) for form in german_forms(german.get(key, ""))}
        for language in SOURCE_LANGUAGES:
            for name in _cell_names(where, language, source[language], kind):
                normalised = _check_name(where, language, name, official_forms)
                if (key, language, normalised) in seen:
                    _fail(f"{where}: duplicate {language} name {name!r}")
                seen.add((key, language, normalised))
                rows.append([key, language, name, kind, origin])
    missing = sorted(keys & {row[0] for row in rows} - official_keys)
    if missing:
        _fail(f"{SOURCE_CSV.name}: keys without an official row: {missing}")
    rows.sort(key=lambda row: (row[0], row[1], row[3], row[2].casefold(), row[2]))
    return rows


def render(rows: Sequence[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(NAMES_HEADER)
    writer.writerows(rows)
    return buffer.getvalue()


def read_source(path: Path = SOURCE_CSV) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != SOURCE_HEADER:
            _fail(f"{path.name}: header must be {SOURCE_HEADER}, is {reader.fieldnames}")
        rows = list(reader)
    for number, row in enumerate(rows, start=2):
        if None in row or any(value is None for value in row.values()):
            _fail(f"{path.name}:{number}: wrong number of columns")
    return rows


def build() -> str:
    """The content of ``occupation_names.csv`` as built from the source table."""
    return render(expand(read_source(), known_keys()))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="only compare, write nothing")
    args = parser.parse_args(argv)
    try:
        content = build()
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if args.check:
        current = NAMES_CSV.read_text(encoding="utf-8") if NAMES_CSV.exists() else ""
        if current != content:
            print(f"{NAMES_CSV.name} is out of date; run without --check", file=sys.stderr)
            return 1
        return 0
    NAMES_CSV.write_text(content, encoding="utf-8")
    print(f"wrote {content.count(chr(10)) - 1} names to {NAMES_CSV}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
