"""The speed dating scheduler against an independent checker and exhaustive search.

The checker and the searches below read the instance JSON themselves and share no code with
the solver, so a wrong solver cannot agree with them by construction.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kausa.events.speeddating import InstanceError, parse_instance, solve
from kausa.events.speeddating.cli import result_json


def _run(data: dict[str, Any]) -> dict[str, Any]:
    instance = parse_instance(data)
    return result_json(instance, solve(instance))


def _wish_weights(data: dict[str, Any]) -> dict[tuple[str, str], int]:
    """(company, candidate) -> 2 if both want the meeting, 1 if one does."""
    weights: Counter[tuple[str, str]] = Counter()
    for company in data["companies"]:
        for candidate in set(company["wants"]):
            weights[(company["id"], candidate)] += 1
    for candidate in data["candidates"]:
        for company in set(candidate["wants"]):
            weights[(company, candidate["id"])] += 1
    return dict(weights)


def _unavailable(data: dict[str, Any]) -> dict[tuple[str, str], set[int]]:
    return {
        (side, entry["id"]): set(entry.get("unavailable_rounds", []))
        for side in ("companies", "candidates")
        for entry in data[side]
    }


def _cap(data: dict[str, Any]) -> int:
    cap = data.get("max_meetings_per_candidate")
    return int(data["rounds"] if cap is None else cap)


def assert_valid(data: dict[str, Any], result: dict[str, Any]) -> None:
    """Every rule of a schedule, checked from scratch, plus the reported figures."""
    weights = _wish_weights(data)
    blocked = _unavailable(data)
    seen_pairs: set[tuple[str, str]] = set()
    busy: set[tuple[str, str, int]] = set()
    per_candidate: Counter[str] = Counter()
    mutual = one_sided = 0
    for meeting in result["meetings"]:
        assert set(meeting) == {"round", "company", "candidate"}
        r, company, candidate = meeting["round"], meeting["company"], meeting["candidate"]
        assert 0 <= r < data["rounds"]
        assert (company, candidate) in weights, "nobody wished for this meeting"
        assert (company, candidate) not in seen_pairs, "a pair meets twice"
        seen_pairs.add((company, candidate))
        for key in (("companies", company, r), ("candidates", candidate, r)):
            assert key not in busy, f"{key[1]} has two meetings in round {r}"
            busy.add(key)
        assert r not in blocked[("companies", company)]
        assert r not in blocked[("candidates", candidate)]
        per_candidate[candidate] += 1
        if weights[(company, candidate)] == 2:
            mutual += 1
        else:
            one_sided += 1
    assert max(per_candidate.values(), default=0) <= _cap(data)
    assert (result["mutual"], result["one_sided"]) == (mutual, one_sided)
    assert result["objective"] == 2 * mutual + one_sided
    assert result["objective"] <= result["upper_bound"]


def assert_maximal(data: dict[str, Any], result: dict[str, Any]) -> None:
    """No wished pair that has not met could still meet in a round both have free."""
    blocked = _unavailable(data)
    taken = {(m["company"], m["round"]) for m in result["meetings"]}
    taken |= {(m["candidate"], m["round"]) for m in result["meetings"]}
    met = {(m["company"], m["candidate"]) for m in result["meetings"]}
    count = Counter(m["candidate"] for m in result["meetings"])
    for company, candidate in set(_wish_weights(data)) - met:
        if count[candidate] >= _cap(data):
            continue
        for r in range(data["rounds"]):
            free = (company, r) not in taken and (candidate, r) not in taken
            available = (
                r not in blocked[("companies", company)] | blocked[("candidates", candidate)]
            )
            assert not (free and available), f"{company}-{candidate} could meet in round {r}"


def best_subgraph_by_search(data: dict[str, Any], *, per_side_available: bool) -> int:
    """Exhaustive: the best set of wished pairs within the degree bounds (every subset is
    visited unless it already breaks a bound or cannot beat the best found)."""
    weights = _wish_weights(data)
    blocked = _unavailable(data)
    rounds, cap = data["rounds"], _cap(data)
    pairs = sorted(weights.items(), key=lambda item: -item[1])

    def bound(side: str, entry_id: str) -> int:
        free = rounds - len(blocked[(side, entry_id)]) if per_side_available else rounds
        return min(free, cap) if side == "candidates" else free

    degree: Counter[tuple[str, str]] = Counter()
    best = 0

    def visit(index: int, total: int) -> None:
        nonlocal best
        best = max(best, total)
        if index == len(pairs) or total + sum(w for _, w in pairs[index:]) <= best:
            return
        (company, candidate), weight = pairs[index]
        ends = (("companies", company), ("candidates", candidate))
        if all(degree[end] < bound(*end) for end in ends):
            for end in ends:
                degree[end] += 1
            visit(index + 1, total + weight)
            for end in ends:
                degree[end] -= 1
        visit(index + 1, total)

    visit(0, 0)
    return best


def best_schedule_by_search(data: dict[str, Any]) -> int:
    """Exhaustive: each wished pair gets no round or one both sides are free in."""
    weights = _wish_weights(data)
    blocked = _unavailable(data)
    rounds, cap = data["rounds"], _cap(data)
    pairs = sorted(weights.items(), key=lambda item: -item[1])
    busy: set[tuple[str, str, int]] = set()
    meetings: Counter[str] = Counter()
    best = 0

    def visit(index: int, total: int) -> None:
        nonlocal best
        best = max(best, total)
        if index == len(pairs) or total + sum(w for _, w in pairs[index:]) <= best:
            return
        (company, candidate), weight = pairs[index]
        if meetings[candidate] < cap:
            for r in range(rounds):
                keys = (("companies", company, r), ("candidates", candidate, r))
                if r in blocked[("companies", company)] | blocked[("candidates", candidate)]:
                    continue
                if any(key in busy for key in keys):
                    continue
                busy.update(keys)
                meetings[candidate] += 1
                visit(index + 1, total + weight)
                meetings[candidate] -= 1
                busy.difference_update(keys)
        visit(index + 1, total)

    visit(0, 0)
    return best


@st.composite
def instances(draw: st.DrawFn, *, with_unavailable: bool, companies: int = 4) -> dict[str, Any]:
    rounds = draw(st.integers(0, 3))
    n_companies = draw(st.integers(0, companies))
    n_candidates = draw(st.integers(0, 5))
    company_ids = [f"c{i}" for i in range(n_companies)]
    candidate_ids = [f"p{i}" for i in range(n_candidates)]

    def rounds_off() -> list[int]:
        if not with_unavailable or rounds == 0:
            return []
        return draw(st.lists(st.integers(0, rounds - 1), max_size=rounds, unique=True))

    def entries(ids: list[str], others: list[str]) -> list[dict[str, Any]]:
        return [
            {
                "id": entry_id,
                "wants": draw(st.lists(st.sampled_from(others), unique=True)) if others else [],
                "unavailable_rounds": rounds_off(),
            }
            for entry_id in ids
        ]

    data: dict[str, Any] = {
        "rounds": rounds,
        "companies": entries(company_ids, candidate_ids),
        "candidates": entries(candidate_ids, company_ids),
    }
    cap = draw(st.none() | st.integers(0, 4))
    if cap is not None:
        data["max_meetings_per_candidate"] = cap
    return data


SLOW_OK = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SLOW_OK
@given(instances(with_unavailable=False))
def test_without_unavailable_rounds_the_schedule_is_optimal(data: dict[str, Any]) -> None:
    result = _run(data)
    assert_valid(data, result)
    assert_maximal(data, result)
    optimum = best_subgraph_by_search(data, per_side_available=False)
    assert result["objective"] == optimum
    assert result["upper_bound"] == optimum


@SLOW_OK
@given(instances(with_unavailable=True, companies=3))
def test_with_unavailable_rounds_valid_and_bounded(data: dict[str, Any]) -> None:
    result = _run(data)
    assert_valid(data, result)
    assert_maximal(data, result)
    optimum = best_schedule_by_search(data)
    assert result["objective"] <= optimum <= result["upper_bound"]
    # The bound is never looser than the degree-bounded subgraph the brief defines.
    assert result["upper_bound"] <= best_subgraph_by_search(data, per_side_available=True)


def _example() -> dict[str, Any]:
    return {
        "rounds": 3,
        "companies": [
            {"id": "c1", "wants": ["p1", "p2"], "unavailable_rounds": []},
            {"id": "c2", "wants": ["p1"]},
        ],
        "candidates": [
            {"id": "p1", "wants": ["c1"], "unavailable_rounds": []},
            {"id": "p2", "wants": ["c2"]},
        ],
        "max_meetings_per_candidate": 2,
    }


def test_a_small_example_meets_everyone_who_wished() -> None:
    result = _run(_example())
    assert_valid(_example(), result)
    met = {(m["company"], m["candidate"]) for m in result["meetings"]}
    assert met == {("c1", "p1"), ("c1", "p2"), ("c2", "p1"), ("c2", "p2")}
    assert (result["mutual"], result["one_sided"], result["objective"]) == (1, 3, 5)
    assert result["upper_bound"] == 5


def test_mutual_meetings_win_when_rounds_are_short() -> None:
    data = _example()
    data["rounds"] = 1
    result = _run(data)
    assert_valid(data, result)
    # One round: c1-p1 (mutual, 2) + c2-p2 (1) = 3 beats c1-p2 + c2-p1 = 2.
    assert result["objective"] == 3
    assert {(m["company"], m["candidate"]) for m in result["meetings"]} == {
        ("c1", "p1"),
        ("c2", "p2"),
    }


def test_the_cap_on_meetings_per_candidate_holds() -> None:
    data = {
        "rounds": 4,
        "companies": [{"id": f"c{i}", "wants": ["p"]} for i in range(4)],
        "candidates": [{"id": "p", "wants": []}],
        "max_meetings_per_candidate": 2,
    }
    result = _run(data)
    assert_valid(data, result)
    assert len(result["meetings"]) == 2


def test_unavailable_rounds_are_respected_and_tighten_the_bound() -> None:
    data = {
        "rounds": 3,
        "companies": [{"id": "c", "wants": ["p", "q", "r"], "unavailable_rounds": [0, 1]}],
        "candidates": [
            {"id": "p", "wants": ["c"], "unavailable_rounds": []},
            {"id": "q", "wants": []},
            {"id": "r", "wants": [], "unavailable_rounds": [2]},
        ],
    }
    result = _run(data)
    assert_valid(data, result)
    assert result["meetings"] == [{"round": 2, "company": "c", "candidate": "p"}]
    assert result["upper_bound"] == 2


def test_a_pair_without_a_common_round_never_meets() -> None:
    data = {
        "rounds": 2,
        "companies": [{"id": "c", "wants": ["p"], "unavailable_rounds": [0]}],
        "candidates": [{"id": "p", "wants": ["c"], "unavailable_rounds": [1]}],
    }
    result = _run(data)
    assert result["meetings"] == []
    assert result["upper_bound"] == 0


def test_a_larger_instance_fills_every_round() -> None:
    # 6 companies each wanted by 8 candidates, 6 rounds: every company can fill every round.
    data = {
        "rounds": 6,
        "companies": [{"id": f"c{i}", "wants": []} for i in range(6)],
        "candidates": [
            {"id": f"p{j}", "wants": [f"c{(j + k) % 6}" for k in range(4)]} for j in range(12)
        ],
    }
    result = _run(data)
    assert_valid(data, result)
    assert len(result["meetings"]) == 36
    assert result["objective"] == result["upper_bound"] == 36


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"rounds": -1}, "must not be negative"),
        ({"rounds": 1.5}, "must be a whole number"),
        ({"rounds": True}, "must be a whole number"),
        ({"companies": {}}, "'companies' must be a list"),
        ({"max_meetings_per_candidate": "6"}, "must be a whole number"),
        ({"extra": 1}, "unknown key 'extra'"),
        (
            {"companies": [{"id": "c1", "wants": ["p9"]}]},
            'candidate "p9" wanted by company "c1" is unknown',
        ),
        ({"companies": [{"id": "c1", "wants": []}, {"id": "c1", "wants": []}]}, "appears twice"),
        ({"companies": [{"id": "c1"}]}, "has no 'wants'"),
        ({"companies": [{"wants": []}]}, "has no 'id'"),
        ({"companies": [{"id": 3, "wants": []}]}, "non-empty string id"),
        ({"companies": [{"id": "c", "wants": [], "unavailable_rounds": [3]}]}, "round 3"),
        ({"companies": [{"id": "c", "wants": [], "unavailable_rounds": [-1]}]}, "negative"),
    ],
)
def test_invalid_instances_are_refused(change: dict[str, Any], message: str) -> None:
    data = {**_example(), "candidates": [{"id": "p1", "wants": []}], **change}
    with pytest.raises(InstanceError) as excinfo:
        parse_instance(data)
    assert message in str(excinfo.value)
    assert "\n" not in str(excinfo.value)


def test_missing_top_level_keys_are_named() -> None:
    for key in ("rounds", "companies", "candidates"):
        data = _example()
        del data[key]
        with pytest.raises(InstanceError, match=key):
            parse_instance(data)


def test_a_meeting_that_fits_no_round_leaves_room_for_another_pair() -> None:
    # p0 can meet two companies, but c1 and c2 are both there only in round 1: one of them
    # must give way to c0, which can meet p0 in round 0.
    data = {
        "rounds": 3,
        "companies": [
            {"id": "c0", "wants": []},
            {"id": "c1", "wants": [], "unavailable_rounds": [0, 2]},
            {"id": "c2", "wants": ["p0"], "unavailable_rounds": [0, 2]},
        ],
        "candidates": [{"id": "p0", "wants": ["c0", "c1"], "unavailable_rounds": [2]}],
    }
    result = _run(data)
    assert_valid(data, result)
    assert_maximal(data, result)
    assert result["objective"] == result["upper_bound"] == 2
    assert "c0" in {m["company"] for m in result["meetings"]}
