"""Compiled loops (numba) of candidate generation; the rules are in ``candidates.py``.

A pair (person, place) is a candidate when the place lies in the KldB 3-digit group of one of
the person's wishes, within the person's commute radius (great-circle km), and starts no
earlier than the person is available and at most ``max_delay`` days later.
"""

from __future__ import annotations

import numba
import numpy as np

from kausa.matching.candidates_fit import occupation_fit_level
from kausa.matching.candidates_grid import box_cells

# The kernels take plain arrays and numbers (numba), so their signatures are long by nature.


@numba.njit(cache=True)
def _scan_person(
    person, lat, lon, vec, radius, chord2, available, wishes, group_of_occupation, kldb,
    grid, offsets, entry_vec, entry_start, entry_item, entry_occupation, max_delay,
    write, out_place, out_fit, start_position,
):  # fmt: skip
    lat0, lon0, cell_lat, cell_lon, rows, columns = grid
    first_row, last_row, first_col, last_col = box_cells(
        lat[person], lon[person], radius[person], lat0, lon0, cell_lat, cell_lon, rows, columns
    )
    if first_row > last_row or first_col > last_col:
        return 0
    x, y, z = vec[person, 0], vec[person, 1], vec[person, 2]
    limit = chord2[person]
    earliest = available[person]
    latest = earliest + max_delay
    own_wishes = wishes[person]
    count = 0
    for rank in range(3):
        wish = own_wishes[rank]
        if wish < 0:
            continue
        group = group_of_occupation[wish]
        seen = False  # two wishes in one 3-digit group: search the group once
        for earlier in range(rank):
            if own_wishes[earlier] >= 0 and group_of_occupation[own_wishes[earlier]] == group:
                seen = True
        if seen:
            continue
        for row in range(first_row, last_row + 1):
            base = (group * rows + row) * columns
            for entry in range(offsets[base + first_col], offsets[base + last_col + 1]):
                start = entry_start[entry]
                if start < earliest or start > latest:
                    continue
                dx = entry_vec[entry, 0] - x
                dy = entry_vec[entry, 1] - y
                dz = entry_vec[entry, 2] - z
                if dx * dx + dy * dy + dz * dz > limit:
                    continue
                if write:
                    out_place[start_position + count] = entry_item[entry]
                    out_fit[start_position + count] = occupation_fit_level(
                        entry_occupation[entry], own_wishes, kldb
                    )
                count += 1
    return count


@numba.njit(cache=True, parallel=True)
def count_places_per_person(
    people_order, lat, lon, vec, radius, chord2, available, wishes, group_of_occupation, kldb,
    grid, offsets, entry_vec, entry_start, entry_item, entry_occupation, max_delay,
):  # fmt: skip
    """Number of candidate places of every person (first pass: sizes the output)."""
    counts = np.zeros(len(lat), dtype=np.int64)
    no_place = np.empty(0, dtype=np.int32)
    no_fit = np.empty(0, dtype=np.int8)
    for i in numba.prange(len(people_order)):
        person = people_order[i]
        counts[person] = _scan_person(
            person, lat, lon, vec, radius, chord2, available, wishes, group_of_occupation,
            kldb, grid, offsets, entry_vec, entry_start, entry_item, entry_occupation,
            max_delay, False, no_place, no_fit, 0,
        )  # fmt: skip
    return counts


@numba.njit(cache=True, parallel=True)
def fill_places_per_person(
    people_order, lat, lon, vec, radius, chord2, available, wishes, group_of_occupation, kldb,
    grid, offsets, entry_vec, entry_start, entry_item, entry_occupation, max_delay,
    indptr, out_place, out_fit,
):  # fmt: skip
    """Second pass: write every person's candidate places and fit levels at indptr[person]."""
    for i in numba.prange(len(people_order)):
        person = people_order[i]
        _scan_person(
            person, lat, lon, vec, radius, chord2, available, wishes, group_of_occupation,
            kldb, grid, offsets, entry_vec, entry_start, entry_item, entry_occupation,
            max_delay, True, out_place, out_fit, indptr[person],
        )  # fmt: skip


@numba.njit(cache=True)
def people_for_place(
    place_lat, place_lon, place_vec, place_occupation, place_start, search_radius,
    wishes, kldb, group_of_occupation, grid, offsets, entry_vec, entry_chord2,
    entry_available, entry_item, max_delay,
):  # fmt: skip
    """Candidate people of one place, and their fit levels, from the people grid.

    ``search_radius`` is the largest commute radius of anyone in the grid; each entry is then
    tested against its own person's radius (``entry_chord2``).
    """
    lat0, lon0, cell_lat, cell_lon, rows, columns = grid
    first_row, last_row, first_col, last_col = box_cells(
        place_lat, place_lon, search_radius, lat0, lon0, cell_lat, cell_lon, rows, columns
    )
    group = group_of_occupation[place_occupation]
    x, y, z = place_vec[0], place_vec[1], place_vec[2]
    found = []
    for row in range(first_row, last_row + 1):
        if first_col > last_col:
            break
        base = (group * rows + row) * columns
        for entry in range(offsets[base + first_col], offsets[base + last_col + 1]):
            available = entry_available[entry]
            if place_start < available or place_start > available + max_delay:
                continue
            dx = entry_vec[entry, 0] - x
            dy = entry_vec[entry, 1] - y
            dz = entry_vec[entry, 2] - z
            if dx * dx + dy * dy + dz * dz > entry_chord2[entry]:
                continue
            found.append(entry_item[entry])
    people = np.array(found, dtype=np.int32) if found else np.empty(0, dtype=np.int32)
    fits = np.empty(len(people), dtype=np.int8)
    for i in range(len(people)):
        fits[i] = occupation_fit_level(place_occupation, wishes[people[i]], kldb)
    return people, fits


@numba.njit(cache=True)
def places_for_one_person(
    person, lat, lon, vec, radius, chord2, available, wishes, group_of_occupation, kldb,
    grid, offsets, entry_vec, entry_start, entry_item, entry_occupation, max_delay,
):  # fmt: skip
    """Candidate places and fit levels of one person (the same scan as the batch passes)."""
    no_place = np.empty(0, dtype=np.int32)
    no_fit = np.empty(0, dtype=np.int8)
    count = _scan_person(
        person, lat, lon, vec, radius, chord2, available, wishes, group_of_occupation,
        kldb, grid, offsets, entry_vec, entry_start, entry_item, entry_occupation,
        max_delay, False, no_place, no_fit, 0,
    )  # fmt: skip
    places = np.empty(count, dtype=np.int32)
    fits = np.empty(count, dtype=np.int8)
    _scan_person(
        person, lat, lon, vec, radius, chord2, available, wishes, group_of_occupation,
        kldb, grid, offsets, entry_vec, entry_start, entry_item, entry_occupation,
        max_delay, True, places, fits, 0,
    )  # fmt: skip
    return places, fits
