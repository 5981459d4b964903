"""Reading an assignment instance from JSON, with one-line errors that name the bad entry.

Format::

    {"candidates": [{"id": "c1", "preferences": ["p3", "p1"]}],
     "places": [{"id": "p1", "capacity": 2, "preferences": ["c1", "c9"]}],
     "scores": [["c1", "p1", 0.83]]}

``preferences`` lists are best first and optional: without one, the entry ranks every partner
it has a score with, by score (see kausa.matching.assignment for the tie-breaking lottery).
``scores`` is optional unless the method needs it. Unknown keys are ignored.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kausa.matching.assignment import Instance, build_instance


class InstanceFileError(ValueError):
    """The instance file is missing, not JSON, or not a valid instance; one-line message."""


def _show(value: object) -> str:
    """A value quoted as in JSON, on one line and not overly long."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 80 else text[:77] + "..."


def load_instance(path: str | Path, *, require_scores: bool = False) -> Instance:
    shown = _show(str(path))
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InstanceFileError(f"cannot read {shown}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise InstanceFileError(f"{shown} is not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InstanceFileError(
            f"{shown} is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise InstanceFileError(f"{shown} is nested too deeply") from None
    return parse_instance(data, require_scores=require_scores)


def parse_instance(data: Any, *, require_scores: bool = False) -> Instance:
    """Validate decoded JSON and turn it into an Instance (ids become array indices)."""
    if not isinstance(data, dict):
        raise InstanceFileError("the instance must be a JSON object")
    cand_entries = _entry_list(data, "candidates")
    place_entries = _entry_list(data, "places")
    cand_ids = _ids(cand_entries, "candidate")
    place_ids = _ids(place_entries, "place")
    cand_index = {cid: i for i, cid in enumerate(cand_ids)}
    place_index = {pid: i for i, pid in enumerate(place_ids)}

    capacities = [
        _capacity(entry, pid, len(cand_ids))
        for entry, pid in zip(place_entries, place_ids, strict=True)
    ]
    cand_prefs = [
        _preferences(entry, "candidate", cid, "place", place_index)
        for entry, cid in zip(cand_entries, cand_ids, strict=True)
    ]
    place_prefs = [
        _preferences(entry, "place", pid, "candidate", cand_index)
        for entry, pid in zip(place_entries, place_ids, strict=True)
    ]

    raw_scores = data.get("scores")
    if raw_scores is None:
        if require_scores:
            raise InstanceFileError('the "optimal" method needs "scores"')
        _require_lists(cand_prefs, cand_ids, "candidate")
        _require_lists(place_prefs, place_ids, "place")
        scores = None
    else:
        scores = _scores(raw_scores, cand_index, place_index)
    return build_instance(cand_ids, place_ids, capacities, cand_prefs, place_prefs, scores)


def _entry_list(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    entries = data.get(key)
    if not isinstance(entries, list):
        raise InstanceFileError(f'the instance needs a list "{key}"')
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise InstanceFileError(f"{key} entry {i} is not an object: {_show(entry)}")
    return entries


def _ids(entries: list[dict[str, Any]], kind: str) -> list[str]:
    ids: list[str] = []
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        entry_id = entry.get("id")
        if not isinstance(entry_id, str) or not entry_id:
            raise InstanceFileError(f"{kind} entry {i} has no string id: {_show(entry_id)}")
        if entry_id in seen:
            raise InstanceFileError(f"duplicate {kind} id {_show(entry_id)}")
        seen.add(entry_id)
        ids.append(entry_id)
    return ids


def _capacity(entry: dict[str, Any], place_id: str, n_candidates: int) -> int:
    capacity = entry.get("capacity")
    # bool is an int subclass in Python, but `true` is not a capacity.
    if not isinstance(capacity, int) or isinstance(capacity, bool) or capacity < 0:
        raise InstanceFileError(
            f"place {_show(place_id)} has capacity {_show(capacity)}; "
            "expected a non-negative integer"
        )
    return min(capacity, n_candidates)  # more seats than candidates change nothing


def _preferences(
    entry: dict[str, Any], kind: str, entry_id: str, other_kind: str, other_index: dict[str, int]
) -> list[int] | None:
    if "preferences" not in entry or entry["preferences"] is None:
        return None
    prefs = entry["preferences"]
    if not isinstance(prefs, list):
        raise InstanceFileError(f"{kind} {_show(entry_id)} has preferences that are not a list")
    indices: list[int] = []
    seen: set[str] = set()
    for other in prefs:
        if not isinstance(other, str):
            raise InstanceFileError(
                f"{kind} {_show(entry_id)} lists {_show(other)}, which is not a {other_kind} id"
            )
        if other not in other_index:
            raise InstanceFileError(
                f"{kind} {_show(entry_id)} lists unknown {other_kind} {_show(other)}"
            )
        if other in seen:
            raise InstanceFileError(
                f"{kind} {_show(entry_id)} lists {other_kind} {_show(other)} twice"
            )
        seen.add(other)
        indices.append(other_index[other])
    return indices


def _require_lists(prefs: Sequence[list[int] | None], ids: Sequence[str], kind: str) -> None:
    for entry_prefs, entry_id in zip(prefs, ids, strict=True):
        if entry_prefs is None:
            raise InstanceFileError(
                f'{kind} {_show(entry_id)} has no "preferences" and the instance has no "scores"'
            )


def _scores(
    raw: Any, cand_index: dict[str, int], place_index: dict[str, int]
) -> list[tuple[int, int, float]]:
    if not isinstance(raw, list):
        raise InstanceFileError('"scores" must be a list of [candidate, place, score]')
    scores: list[tuple[int, int, float]] = []
    seen: set[tuple[int, int]] = set()
    for i, item in enumerate(raw):
        if not isinstance(item, list) or len(item) != 3:
            raise InstanceFileError(
                f"score entry {i} is not [candidate, place, score]: {_show(item)}"
            )
        cand_id, place_id, value = item
        if not isinstance(cand_id, str) or cand_id not in cand_index:
            raise InstanceFileError(f"score entry {i} names unknown candidate {_show(cand_id)}")
        if not isinstance(place_id, str) or place_id not in place_index:
            raise InstanceFileError(f"score entry {i} names unknown place {_show(place_id)}")
        pair = (cand_index[cand_id], place_index[place_id])
        number = _finite_number(value)
        if number is None:
            raise InstanceFileError(
                f"score of candidate {_show(cand_id)} for place {_show(place_id)} "
                f"is not a finite number: {_show(value)}"
            )
        if pair in seen:
            raise InstanceFileError(
                f"candidate {_show(cand_id)} and place {_show(place_id)} are scored twice"
            )
        seen.add(pair)
        scores.append((pair[0], pair[1], number))
    return scores


def _finite_number(value: object) -> float | None:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except OverflowError:  # an integer beyond the float range
        return None
    return number if math.isfinite(number) else None
