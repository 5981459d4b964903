"""A grouped latitude/longitude grid: the spatial index behind candidate generation.

Entries (places, or people) are sorted by (group, grid row, grid column), so all entries of
one group in one row of cells form one contiguous slice: a query for a circle visits, per
group, one slice per grid row of the circle's bounding box and tests the exact distance only
there. Built once (an argsort), queried from compiled loops (numba), it never forms all pairs.

Why not one ``scipy.spatial.cKDTree`` per occupation: ``query_ball_point`` answers with Python
lists, and at 500,000 people with a few hundred candidates each the list objects alone cost
more time and memory than the whole search here. The grid gives the same pairs (the exact
test is the same great-circle distance) in flat arrays.

Distances are great-circle distances on a sphere of radius :data:`EARTH_RADIUS_KM` (the same
as ``kausa.reference.gazetteer``). The exact test compares chord lengths between unit vectors,
which is monotone in the great-circle distance and needs no trigonometry per pair. The grid
does not wrap at the antimeridian (fine for one country; documented limitation).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numba
import numpy as np
import numpy.typing as npt

__all__ = [
    "EARTH_RADIUS_KM",
    "GroupedGrid",
    "build_grid",
    "chord_squared_limit",
    "chord_to_km",
    "spatial_order",
    "unit_vectors",
]

#: Mean Earth radius (IUGG) in km, as in ``kausa.reference.gazetteer``.
EARTH_RADIUS_KM = 6371.0088
_KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180.0
# Widens bounding boxes by a hair so that rounding never drops a pair the exact test keeps.
_BOX_SLACK_DEGREES = 1e-7


def unit_vectors(
    latitude: npt.NDArray[np.float64], longitude: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """(n, 3) points on the unit sphere for degrees of latitude and longitude."""
    phi = np.radians(np.asarray(latitude, dtype=np.float64))
    lmb = np.radians(np.asarray(longitude, dtype=np.float64))
    cos_phi = np.cos(phi)
    return np.column_stack((cos_phi * np.cos(lmb), cos_phi * np.sin(lmb), np.sin(phi)))


def spatial_order(
    latitude: npt.NDArray[np.float64], longitude: npt.NDArray[np.float64]
) -> npt.NDArray[np.int64]:
    """Indices sorted by 0.1-degree tiles: loops that visit people in this order touch the
    same nearby places one after the other, which keeps them in the CPU cache."""
    order: npt.NDArray[np.int64] = np.lexsort((np.round(longitude, 1), np.round(latitude, 1)))
    return order


def chord_squared_limit(radius_km: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Squared chord between unit vectors at a great-circle distance of ``radius_km``."""
    angle = np.minimum(np.asarray(radius_km, dtype=np.float64) / EARTH_RADIUS_KM, math.pi)
    result: npt.NDArray[np.float64] = (2.0 * np.sin(angle / 2.0)) ** 2
    return result


@numba.njit(cache=True, inline="always")
def chord_to_km(chord_squared: float) -> float:
    """Great-circle distance in km for a squared chord between unit vectors."""
    half = math.sqrt(chord_squared) / 2.0
    return 2.0 * EARTH_RADIUS_KM * math.asin(min(1.0, half))


@dataclass(frozen=True)
class GroupedGrid:
    """Entries sorted by (group, row, column) with the offsets of every (group, cell)."""

    latitude_origin: float
    longitude_origin: float
    cell_latitude_degrees: float
    cell_longitude_degrees: float
    rows: int
    columns: int
    groups: int
    offsets: npt.NDArray[np.int64]
    """Entry range of (group, row, column) is ``offsets[k]:offsets[k + 1]``,
    ``k = (group * rows + row) * columns + column``."""
    order: npt.NDArray[np.int64]
    """Position in the caller's arrays of each sorted entry."""
    vectors: npt.NDArray[np.float64]
    """(entries, 3) unit vectors, in sorted order."""

    def parameters(self) -> tuple[float, float, float, float, int, int]:
        """The grid geometry as the compiled kernels take it."""
        return (
            self.latitude_origin,
            self.longitude_origin,
            self.cell_latitude_degrees,
            self.cell_longitude_degrees,
            self.rows,
            self.columns,
        )


def build_grid(
    latitude: npt.NDArray[np.float64],
    longitude: npt.NDArray[np.float64],
    group: npt.NDArray[np.int64],
    groups: int,
    cell_km: float = 10.0,
) -> GroupedGrid:
    """Sort entries into a grid of roughly ``cell_km`` square cells, per group."""
    latitude = np.asarray(latitude, dtype=np.float64)
    longitude = np.asarray(longitude, dtype=np.float64)
    if len(latitude):
        south, north = float(latitude.min()), float(latitude.max())
        west, east = float(longitude.min()), float(longitude.max())
    else:
        south = north = west = east = 0.0
    middle = math.radians(min(max(abs(south), abs(north)), 89.0))
    cell_lat = cell_km / _KM_PER_DEGREE
    # Cells as wide in km as they are high at the pole-most latitude (they get wider southwards).
    cell_lon = cell_km / (_KM_PER_DEGREE * math.cos(middle))
    rows = int((north - south) / cell_lat) + 1
    columns = int((east - west) / cell_lon) + 1
    row = np.minimum(((latitude - south) / cell_lat).astype(np.int64), rows - 1)
    column = np.minimum(((longitude - west) / cell_lon).astype(np.int64), columns - 1)
    key = (np.asarray(group, dtype=np.int64) * rows + row) * columns + column
    order = np.argsort(key, kind="stable")
    counts = np.bincount(key, minlength=groups * rows * columns)
    offsets = np.zeros(groups * rows * columns + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    return GroupedGrid(
        latitude_origin=south,
        longitude_origin=west,
        cell_latitude_degrees=cell_lat,
        cell_longitude_degrees=cell_lon,
        rows=rows,
        columns=columns,
        groups=groups,
        offsets=offsets,
        order=order,
        vectors=np.ascontiguousarray(unit_vectors(latitude[order], longitude[order])),
    )


@numba.njit(cache=True)
def box_cells(
    latitude: float,
    longitude: float,
    radius_km: float,
    latitude_origin: float,
    longitude_origin: float,
    cell_lat: float,
    cell_lon: float,
    rows: int,
    columns: int,
) -> tuple[int, int, int, int]:
    """Rows and columns (inclusive, clipped) of the cells the circle's bounding box touches.

    Returns an empty range (first > last) when the box misses the grid. The longitude half
    width is the exact bound asin(sin(d) / cos(latitude)) for a circle not around a pole.
    """
    angle = min(radius_km / EARTH_RADIUS_KM, math.pi)
    half_lat = math.degrees(angle) + _BOX_SLACK_DEGREES
    ratio = math.sin(angle) / max(math.cos(math.radians(latitude)), 1e-12)
    if ratio >= 1.0 or abs(latitude) + half_lat >= 90.0:
        half_lon = 360.0
    else:
        half_lon = math.degrees(math.asin(ratio)) + _BOX_SLACK_DEGREES
    first_row = max(math.floor((latitude - half_lat - latitude_origin) / cell_lat), 0)
    last_row = min(math.floor((latitude + half_lat - latitude_origin) / cell_lat), rows - 1)
    first_col = max(math.floor((longitude - half_lon - longitude_origin) / cell_lon), 0)
    last_col = min(math.floor((longitude + half_lon - longitude_origin) / cell_lon), columns - 1)
    return first_row, last_row, first_col, last_col
