"""Distances, travel times and the best order of the stops of a JOBWALK or bus tour.

No Django here: plain numbers in, plain numbers out. Distances are the straight line between
two points (haversine) times a detour factor for streets and paths ("Luftlinie ×
Umwegfaktor"); there is no road network, so times are estimates for planning, not a
navigation.
"""

from __future__ import annotations

import datetime
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

EARTH_RADIUS_KM = 6371.0088
WALKING = "walking"
DRIVING = "driving"
# Streets are longer than the straight line: on foot through town about 30 %, by bus 40 %.
DETOUR_FACTOR: dict[str, float] = {WALKING: 1.3, DRIVING: 1.4}
# A group on foot; a coach in town traffic.
SPEED_KMH: dict[str, float] = {WALKING: 4.5, DRIVING: 30.0}
# Held–Karp needs 2^(n-1) · (n-1) states: 15 stops are ~230,000, fast; more grow quickly.
MAX_EXACT_STOPS = 15


class Point(NamedTuple):
    latitude: float
    longitude: float


def haversine_km(a: Point, b: Point) -> float:
    """The great-circle distance between two points in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def distance_matrix(points: Sequence[Point]) -> npt.NDArray[np.float64]:
    """Straight-line distances (km) between all points, as an n × n matrix."""
    coordinates = np.radians(np.asarray(points, dtype=np.float64).reshape(-1, 2))
    lat = coordinates[:, 0][:, None]
    lon = coordinates[:, 1][:, None]
    h = (
        np.sin((lat.T - lat) / 2) ** 2
        + np.cos(lat) * np.cos(lat.T) * np.sin((lon.T - lon) / 2) ** 2
    )
    result: npt.NDArray[np.float64] = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(h, 1.0)))
    return result


def _check_mode(mode: str) -> None:
    if mode not in DETOUR_FACTOR:
        raise ValueError(f"unknown travel mode {mode!r}")


def travel_km(a: Point, b: Point, mode: str) -> float:
    """The estimated distance on streets: straight line × detour factor."""
    _check_mode(mode)
    return haversine_km(a, b) * DETOUR_FACTOR[mode]


def travel_minutes(km: float, mode: str) -> int:
    """Whole minutes for `km` at the mode's speed, rounded up (a plan should not be late)."""
    _check_mode(mode)
    return math.ceil(round(km / SPEED_KMH[mode] * 60, 6))


def path_length_km(points: Sequence[Point], order: Sequence[int]) -> float:
    """The straight-line length of the open path visiting `points` in `order`."""
    return sum(haversine_km(points[a], points[b]) for a, b in itertools.pairwise(order))


def best_order(points: Sequence[Point], start_fixed: bool = True) -> list[int]:
    """The order (indices into `points`) of the shortest open path through all points.

    Exact for up to MAX_EXACT_STOPS points (Held–Karp dynamic programming over subsets).
    With `start_fixed` the path starts at the first point (the meeting point or first
    pick-up) and may end anywhere. The detour factor is the same for every leg, so the
    straight-line distances give the same order as the estimated street distances.
    """
    n = len(points)
    if n > MAX_EXACT_STOPS:
        raise ValueError(f"at most {MAX_EXACT_STOPS} points can be ordered exactly")
    if n <= (2 if start_fixed else 1):
        return list(range(n))
    dist = distance_matrix(points)
    nodes = np.arange(1, n) if start_fixed else np.arange(n)
    start_costs = dist[0, 1:] if start_fixed else np.zeros(n)
    order = _held_karp(dist[np.ix_(nodes, nodes)], start_costs)
    found = [int(nodes[j]) for j in order]
    return [0, *found] if start_fixed else found


def _held_karp(dist: npt.NDArray[np.float64], start_costs: npt.NDArray[np.float64]) -> list[int]:
    """The shortest open path through all nodes of `dist`, entering node j at `start_costs[j]`.

    cost[mask, j]: the shortest path that visits exactly the nodes in `mask` and ends at j.
    Layers of masks with the same number of nodes are filled one after another, each node j
    with one vectorised step over all masks of the layer that contain j.
    """
    m = len(start_costs)
    full = 1 << m
    cost = np.full((full, m), np.inf)
    parent = np.full((full, m), -1, dtype=np.int64)
    for j in range(m):
        cost[1 << j, j] = start_costs[j]
    masks = np.arange(full, dtype=np.int64)
    sizes = np.array([mask.bit_count() for mask in range(full)], dtype=np.int64)
    for size in range(2, m + 1):
        layer = masks[sizes == size]
        for j in range(m):
            bit = 1 << j
            ending_here = layer[(layer & bit) != 0]
            # cost[previous mask, k] + dist[k, j]; k outside the previous mask stays infinite.
            candidates = cost[ending_here ^ bit] + dist[:, j]
            best = candidates.argmin(axis=1)
            cost[ending_here, j] = candidates[np.arange(len(ending_here)), best]
            parent[ending_here, j] = best
    mask, node = full - 1, int(cost[full - 1].argmin())
    path: list[int] = []
    while node != -1:
        path.append(node)
        node, mask = int(parent[mask, node]), mask ^ (1 << node)
    path.reverse()
    return path


@dataclass(frozen=True)
class ScheduledStop:
    """One stop in the plan: when the group arrives and leaves, and the leg leading there."""

    index: int
    arrival: datetime.datetime
    departure: datetime.datetime
    leg_km: float  # estimated street distance from the previous stop (0 for the first)
    leg_minutes: int


def schedule(
    stops: Sequence[Point],
    start_time: datetime.datetime,
    stay_minutes: Sequence[int] | int,
    *,
    mode: str = WALKING,
) -> list[ScheduledStop]:
    """Arrival and departure at each stop in the given order, starting at `start_time` at
    the first stop; `stay_minutes` is one value for all stops or one per stop."""
    _check_mode(mode)
    stays = [stay_minutes] * len(stops) if isinstance(stay_minutes, int) else list(stay_minutes)
    if len(stays) != len(stops):
        raise ValueError("one stay per stop")
    plan: list[ScheduledStop] = []
    clock = start_time
    for index, point in enumerate(stops):
        leg_km = travel_km(stops[index - 1], point, mode) if index else 0.0
        leg_minutes = travel_minutes(leg_km, mode)
        arrival = clock + datetime.timedelta(minutes=leg_minutes)
        departure = arrival + datetime.timedelta(minutes=max(0, stays[index]))
        plan.append(ScheduledStop(index, arrival, departure, leg_km, leg_minutes))
        clock = departure
    return plan
