"""A speed dating instance: who wants to meet whom, and when each side is there.

JSON format::

    {"rounds": 12,
     "companies": [{"id": "c1", "wants": ["p3"], "unavailable_rounds": [0]}],
     "candidates": [{"id": "p3", "wants": ["c1"], "unavailable_rounds": []}],
     "max_meetings_per_candidate": 6}

``unavailable_rounds`` and ``max_meetings_per_candidate`` are optional (the latter defaults to
the number of rounds; ``null`` means the same). Unknown keys are refused, so that a misspelt
key cannot silently change the schedule. Ids are non-empty strings, unique per side; the same
string may name a company and a candidate. Repeated wishes or rounds count once.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

MUTUAL_WEIGHT = 2
ONE_SIDED_WEIGHT = 1

_TOP_KEYS = {"rounds", "companies", "candidates", "max_meetings_per_candidate"}
_ENTRY_KEYS = {"id", "wants", "unavailable_rounds"}


class InstanceError(ValueError):
    """The instance is not valid; the message is one line and names the bad entry."""


@dataclass(frozen=True)
class Pair:
    """A pair that may meet: indices into the company and candidate lists."""

    company: int
    candidate: int
    mutual: bool

    @property
    def weight(self) -> int:
        return MUTUAL_WEIGHT if self.mutual else ONE_SIDED_WEIGHT


@dataclass(frozen=True)
class Instance:
    rounds: int
    company_ids: tuple[str, ...]
    candidate_ids: tuple[str, ...]
    # Pairs where at least one side wants the other, ordered by company then candidate.
    pairs: tuple[Pair, ...]
    company_unavailable: tuple[frozenset[int], ...]
    candidate_unavailable: tuple[frozenset[int], ...]
    max_meetings_per_candidate: int

    @property
    def has_unavailable_rounds(self) -> bool:
        return any(self.company_unavailable) or any(self.candidate_unavailable)


def _show(value: object) -> str:
    """A value quoted as in JSON, on one line and not overly long."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _non_negative_int(value: object, what: str) -> int:
    # bool is an int in Python, but `true` rounds is a mistake in the file
    if isinstance(value, bool) or not isinstance(value, int):
        raise InstanceError(f"{what} must be a whole number, not {_show(value)}")
    if value < 0:
        raise InstanceError(f"{what} must not be negative, got {value}")
    return value


def _entries(data: Mapping[str, Any], key: str, side: str) -> list[Mapping[str, Any]]:
    if key not in data:
        raise InstanceError(f"the instance has no {key!r} list")
    entries = data[key]
    if not isinstance(entries, list):
        raise InstanceError(f"{key!r} must be a list, not {_show(entries)}")
    for position, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise InstanceError(f"{side} #{position + 1} must be an object, not {_show(entry)}")
        unknown = sorted(set(entry) - _ENTRY_KEYS)
        if unknown:
            raise InstanceError(f"{side} #{position + 1} has an unknown key {unknown[0]!r}")
    return entries


def _ids(entries: Sequence[Mapping[str, Any]], side: str) -> tuple[str, ...]:
    ids: list[str] = []
    seen: set[str] = set()
    for position, entry in enumerate(entries):
        if "id" not in entry:
            raise InstanceError(f"{side} #{position + 1} has no 'id'")
        entry_id = entry["id"]
        if not isinstance(entry_id, str) or not entry_id:
            raise InstanceError(
                f"{side} #{position + 1} needs a non-empty string id, not {_show(entry_id)}"
            )
        if entry_id in seen:
            raise InstanceError(f"{side} id {_show(entry_id)} appears twice")
        seen.add(entry_id)
        ids.append(entry_id)
    return tuple(ids)


def _wants(
    entry: Mapping[str, Any], side: str, entry_id: str, other: str, index: Mapping[str, int]
) -> set[int]:
    if "wants" not in entry:
        raise InstanceError(f"{side} {_show(entry_id)} has no 'wants' list")
    wants = entry["wants"]
    if not isinstance(wants, list):
        raise InstanceError(f"'wants' of {side} {_show(entry_id)} must be a list")
    wanted: set[int] = set()
    for other_id in wants:
        if not isinstance(other_id, str):
            raise InstanceError(
                f"'wants' of {side} {_show(entry_id)} holds {_show(other_id)}, not an id string"
            )
        if other_id not in index:
            raise InstanceError(
                f"{other} {_show(other_id)} wanted by {side} {_show(entry_id)} is unknown"
            )
        wanted.add(index[other_id])
    return wanted


def _unavailable(entry: Mapping[str, Any], side: str, entry_id: str, rounds: int) -> frozenset[int]:
    raw = entry.get("unavailable_rounds", [])
    what = f"'unavailable_rounds' of {side} {_show(entry_id)}"
    if not isinstance(raw, list):
        raise InstanceError(f"{what} must be a list")
    result: set[int] = set()
    for value in raw:
        number = _non_negative_int(value, f"a round in {what}")
        if number >= rounds:
            raise InstanceError(f"{what} holds round {number}; rounds run from 0 to {rounds - 1}")
        result.add(number)
    return frozenset(result)


def parse_instance(data: Any) -> Instance:
    """Validate decoded JSON and turn it into an Instance (ids become list indices)."""
    if not isinstance(data, dict):
        raise InstanceError("the instance must be a JSON object")
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise InstanceError(f"the instance has an unknown key {unknown[0]!r}")
    if "rounds" not in data:
        raise InstanceError("the instance has no 'rounds'")
    rounds = _non_negative_int(data["rounds"], "'rounds'")
    company_entries = _entries(data, "companies", "company")
    candidate_entries = _entries(data, "candidates", "candidate")
    company_ids = _ids(company_entries, "company")
    candidate_ids = _ids(candidate_entries, "candidate")
    raw_cap = data.get("max_meetings_per_candidate")
    cap = rounds if raw_cap is None else _non_negative_int(raw_cap, "'max_meetings_per_candidate'")

    company_index = {cid: i for i, cid in enumerate(company_ids)}
    candidate_index = {pid: i for i, pid in enumerate(candidate_ids)}
    company_wants = [
        _wants(entry, "company", cid, "candidate", candidate_index)
        for entry, cid in zip(company_entries, company_ids, strict=True)
    ]
    candidate_wants = [
        _wants(entry, "candidate", pid, "company", company_index)
        for entry, pid in zip(candidate_entries, candidate_ids, strict=True)
    ]
    wanted_by: list[set[int]] = [set() for _ in company_ids]
    for p, wanted in enumerate(candidate_wants):
        for c in wanted:
            wanted_by[c].add(p)
    pairs = [
        Pair(c, p, mutual=p in wanted and p in wanted_by[c])
        for c, wanted in enumerate(company_wants)
        for p in sorted(wanted | wanted_by[c])
    ]
    return Instance(
        rounds=rounds,
        company_ids=company_ids,
        candidate_ids=candidate_ids,
        pairs=tuple(pairs),
        company_unavailable=tuple(
            _unavailable(entry, "company", cid, rounds)
            for entry, cid in zip(company_entries, company_ids, strict=True)
        ),
        candidate_unavailable=tuple(
            _unavailable(entry, "candidate", pid, rounds)
            for entry, pid in zip(candidate_entries, candidate_ids, strict=True)
        ),
        max_meetings_per_candidate=cap,
    )
