"""What changed between two versions of ``data/occupations.csv``, for the build's report.

Compared per key: occupations added and removed (none should be removed: a replaced occupation
stays with its last day and successor), renamed (same key, other spelling) and the fields that
matter to records and matching (KldB code, duration, competent body, validity, successor).
Ranking figures and notes are left out: they do not change what an occupation means.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

COMPARED_FIELDS = (
    "kldb_code",
    "duration_months",
    "competent_body",
    "valid_from",
    "valid_to",
    "successor",
)

Row = Mapping[str, str]


@dataclass(frozen=True, slots=True)
class FieldChange:
    key: str
    field: str
    old: str
    new: str


@dataclass(slots=True)
class OccupationDiff:
    added: list[tuple[str, str]] = field(default_factory=list)
    """(key, name) of occupations only in the new version."""
    removed: list[tuple[str, str]] = field(default_factory=list)
    """(key, name) of occupations only in the old version."""
    renamed: list[tuple[str, str, str]] = field(default_factory=list)
    """(key, old name, new name)."""
    changed: list[FieldChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.renamed or self.changed)


def read_rows(path: Path) -> list[dict[str, str]]:
    """Rows of an occupations.csv; none if the file does not exist yet. Columns an older
    version lacks (e.g. the validity columns) read as empty."""
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            {name: value or "" for name, value in row.items() if name is not None}
            for row in csv.DictReader(handle)
        ]


def diff_rows(old: Sequence[Row], new: Sequence[Row]) -> OccupationDiff:
    old_by_key = {row["key"]: row for row in old}
    new_by_key = {row["key"]: row for row in new}
    diff = OccupationDiff()
    for key in sorted(new_by_key.keys() - old_by_key.keys()):
        diff.added.append((key, new_by_key[key]["name"]))
    for key in sorted(old_by_key.keys() - new_by_key.keys()):
        diff.removed.append((key, old_by_key[key]["name"]))
    for key in sorted(old_by_key.keys() & new_by_key.keys()):
        before, after = old_by_key[key], new_by_key[key]
        if before["name"] != after["name"]:
            diff.renamed.append((key, before["name"], after["name"]))
        for name in COMPARED_FIELDS:
            old_value, new_value = before.get(name, ""), after.get(name, "")
            if old_value != new_value:
                diff.changed.append(FieldChange(key, name, old_value, new_value))
    return diff


def diff_files(old_path: Path, new_path: Path) -> OccupationDiff:
    return diff_rows(read_rows(old_path), read_rows(new_path))


def report_lines(diff: OccupationDiff) -> list[str]:
    """Human-readable lines, one per change; a single line when nothing changed."""
    if diff.empty:
        return ["Changes against the last occupations.csv: none"]
    lines = [
        f"Changes against the last occupations.csv: {len(diff.added)} added, "
        f"{len(diff.removed)} removed, {len(diff.renamed)} renamed, "
        f"{len(diff.changed)} changed fields"
    ]
    lines += [f"  added: {key} ({name})" for key, name in diff.added]
    lines += [
        f"  removed: {key} ({name}) - WARNING: a replaced occupation should stay, "
        "with valid_to and successor, so that records pointing at it keep their meaning"
        for key, name in diff.removed
    ]
    lines += [f"  renamed: {key}: {old!r} -> {new!r}" for key, old, new in diff.renamed]
    lines += [
        f"  changed: {change.key}: {change.field} {change.old or '(empty)'} -> "
        f"{change.new or '(empty)'}"
        for change in diff.changed
    ]
    return lines
