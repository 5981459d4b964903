"""The pure route arithmetic: distances, detour factors, the exact best order, the schedule."""

from __future__ import annotations

import ast
import datetime
import itertools
import random
from pathlib import Path

import pytest

from kausa.events import routing
from kausa.events.routing import Point

BERLIN = Point(52.5200, 13.4050)
MUNICH = Point(48.1351, 11.5820)


def test_haversine_matches_a_known_distance():
    # Berlin–Munich as the crow flies: about 504 km.
    assert routing.haversine_km(BERLIN, MUNICH) == pytest.approx(504.4, abs=1.0)
    assert routing.haversine_km(BERLIN, BERLIN) == 0.0


def test_distance_matrix_is_the_pairwise_haversine():
    points = [BERLIN, MUNICH, Point(51.48, 11.97), Point(52.13, 11.63)]
    matrix = routing.distance_matrix(points)
    for i, j in itertools.product(range(len(points)), repeat=2):
        assert matrix[i, j] == pytest.approx(routing.haversine_km(points[i], points[j]))


def test_street_distance_is_straight_line_times_detour_factor():
    straight = routing.haversine_km(BERLIN, MUNICH)
    assert routing.travel_km(BERLIN, MUNICH, "walking") == pytest.approx(straight * 1.3)
    assert routing.travel_km(BERLIN, MUNICH, "driving") == pytest.approx(straight * 1.4)
    with pytest.raises(ValueError, match="unknown travel mode"):
        routing.travel_km(BERLIN, MUNICH, "flying")


def test_travel_minutes_use_walking_and_bus_speeds_rounded_up():
    assert routing.travel_minutes(4.5, "walking") == 60
    assert routing.travel_minutes(30.0, "driving") == 60
    assert routing.travel_minutes(1.0, "walking") == 14  # 13.3 minutes, rounded up
    assert routing.travel_minutes(0.0, "walking") == 0


def _brute_force_km(points, start_fixed):
    n = len(points)
    if start_fixed:
        orders = ((0, *rest) for rest in itertools.permutations(range(1, n)))
    else:
        orders = itertools.permutations(range(n))
    return min(routing.path_length_km(points, order) for order in orders)


@pytest.mark.parametrize("start_fixed", [True, False])
@pytest.mark.parametrize("n", range(1, 9))
def test_best_order_is_as_short_as_brute_force(n, start_fixed):
    rng = random.Random(1000 * n + start_fixed)
    for _ in range(12):
        points = [Point(52.0 + rng.random() * 0.2, 11.5 + rng.random() * 0.3) for _ in range(n)]
        order = routing.best_order(points, start_fixed=start_fixed)
        assert sorted(order) == list(range(n))  # every point exactly once
        if start_fixed:
            assert order[0] == 0
        assert routing.path_length_km(points, order) == pytest.approx(
            _brute_force_km(points, start_fixed), abs=1e-9
        )


def test_best_order_on_a_line_visits_the_points_in_line_order():
    # Start in the middle: the shortest open path goes to the near end first.
    points = [Point(52.0, 11.30), Point(52.0, 11.0), Point(52.0, 11.31), Point(52.0, 11.5)]
    assert routing.best_order(points) == [0, 2, 3, 1]


def test_best_order_handles_fifteen_stops_and_refuses_more():
    rng = random.Random(15)
    points = [Point(52 + rng.random() * 0.1, 11.6 + rng.random() * 0.1) for _ in range(15)]
    order = routing.best_order(points)
    assert order[0] == 0 and sorted(order) == list(range(15))
    # Never longer than the order the points were given in.
    assert routing.path_length_km(points, order) <= routing.path_length_km(points, range(15))
    with pytest.raises(ValueError, match="at most 15"):
        routing.best_order([*points, Point(52.0, 11.0)])


def test_best_order_of_few_points_keeps_them():
    assert routing.best_order([]) == []
    assert routing.best_order([BERLIN]) == [0]
    assert routing.best_order([BERLIN, MUNICH]) == [0, 1]


def test_schedule_gives_arrival_departure_and_legs():
    start = datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC)
    # Two points 1.0 km apart in a straight line (north-south): 1.3 km on foot, 18 minutes.
    a = Point(52.0, 11.0)
    b = Point(52.0 + 1.0 / 111.195, 11.0)
    plan = routing.schedule([a, b], start, [15, 30], mode="walking")
    assert plan[0].arrival == start and plan[0].leg_km == 0 and plan[0].leg_minutes == 0
    assert plan[0].departure == start + datetime.timedelta(minutes=15)
    assert plan[1].leg_km == pytest.approx(1.3, abs=0.005)
    assert plan[1].leg_minutes == 18  # 1.3 km / 4.5 km/h = 17.3 min, rounded up
    assert plan[1].arrival == start + datetime.timedelta(minutes=15 + 18)
    assert plan[1].departure == plan[1].arrival + datetime.timedelta(minutes=30)


def test_schedule_by_bus_is_faster_and_one_stay_for_all():
    start = datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC)
    points = [Point(52.0, 11.0), Point(52.1, 11.0), Point(52.2, 11.0)]
    walking = routing.schedule(points, start, 20, mode="walking")
    driving = routing.schedule(points, start, 20, mode="driving")
    assert driving[-1].departure < walking[-1].departure
    assert [item.departure - item.arrival for item in driving] == [
        datetime.timedelta(minutes=20)
    ] * 3
    with pytest.raises(ValueError):
        routing.schedule(points, start, [20, 20])


def test_routing_imports_no_django():
    tree = ast.parse(Path(routing.__file__).read_text(encoding="utf-8"))
    imported = [
        name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in (
            [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else [alias.name for alias in node.names]
        )
    ]
    assert "numpy" in imported
    assert not [name for name in imported if name.startswith(("django", "kausa"))]
