"""Candidate generation: which places a person is paired with at all, before any scoring.

A person is paired with a place when all of these hold:

* **Occupation**: the place's occupation is one of the person's wishes, or related to one -
  same KldB 4-digit group (closer) or same 3-digit group (lower fit); see
  :class:`OccupationFit`, stored per pair.
* **Commute**: the straight-line (great-circle) distance is at most the person's
  ``max_commute_km`` (the boundary counts as inside).
* **Start date**: ``available_from <= start_date <= available_from + max_start_delay_days``.
  The default :data:`MAX_START_DELAY_DAYS` (548 days, about 18 months) keeps places of the
  next training year for someone available now, but not a start two years away: a person
  cannot sensibly commit that far ahead, and the place would block a seat for people who can
  start sooner.

German level, school certificate and driving licence are *not* filters: they lower the score
(``scoring.py``), so a counsellor still sees a near miss and can talk to the company.
Protected attributes are not inputs at all (see ``data.py``).

Search: places are grouped by the KldB 3-digit group of their occupation on a latitude /
longitude grid (``candidates_grid.py``), built once; a person's search visits only the groups
of the person's wishes and only the grid cells around the person, in compiled loops run in
parallel over people (two passes: count, then fill, so the output is allocated once). Output
is CSR: ``indptr`` over people, ``places`` and ``fit`` per pair. Within one person the order
of places is deterministic but unspecified (grid order); sort if you need an order.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kausa.matching import candidates_kernels as kernels
from kausa.matching.candidates_fit import OccupationFit, three_digit_groups
from kausa.matching.candidates_grid import (
    build_grid,
    chord_squared_limit,
    spatial_order,
    unit_vectors,
)
from kausa.matching.data import Market

__all__ = [
    "MAX_START_DELAY_DAYS",
    "Candidates",
    "OccupationFit",
    "PeopleIndex",
    "PlaceIndex",
    "generate_candidates",
]

#: Latest start after ``available_from``, in days (about 18 months); see the module docstring.
MAX_START_DELAY_DAYS = 548
#: Grid cell size in km: small enough to keep the tested area near the circle, large enough to
#: keep the cells per query few (commute radii are 10-60 km).
DEFAULT_CELL_KM = 10.0


@dataclass(frozen=True)
class Candidates:
    """Candidate pairs, CSR over people: person p has ``places[indptr[p] : indptr[p + 1]]``."""

    indptr: npt.NDArray[np.int64]
    places: npt.NDArray[np.int32]
    fit: npt.NDArray[np.int8]
    """:class:`OccupationFit` value of each pair."""

    @property
    def pair_count(self) -> int:
        return len(self.places)

    @property
    def people_count(self) -> int:
        return len(self.indptr) - 1

    def for_person(self, person: int) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int8]]:
        """Places and fit levels of one person."""
        start, end = self.indptr[person], self.indptr[person + 1]
        return self.places[start:end], self.fit[start:end]

    def person_of_pairs(self) -> npt.NDArray[np.int32]:
        """The person of every pair (expands ``indptr``)."""
        counts = np.diff(self.indptr)
        return np.repeat(np.arange(self.people_count, dtype=np.int32), counts)


class _Common:
    def __init__(self, market: Market, max_start_delay_days: int) -> None:
        if max_start_delay_days < 0:
            raise ValueError("max_start_delay_days must not be negative")
        self.market = market
        self.max_start_delay_days = int(max_start_delay_days)
        self._kldb = market.occupations.kldb_codes
        self._group_of_occupation, self._groups = three_digit_groups(self._kldb)


class PlaceIndex(_Common):
    """Places on a grid per KldB 3-digit group: built once, then queried for many people."""

    def __init__(
        self,
        market: Market,
        *,
        max_start_delay_days: int = MAX_START_DELAY_DAYS,
        cell_km: float = DEFAULT_CELL_KM,
    ) -> None:
        super().__init__(market, max_start_delay_days)
        places = market.places
        grid = build_grid(
            places.latitude,
            places.longitude,
            self._group_of_occupation[places.occupation],
            self._groups,
            cell_km,
        )
        self._grid = grid
        self._entry_item = grid.order.astype(np.int32)
        self._entry_start = np.ascontiguousarray(places.start_date[grid.order])
        self._entry_occupation = np.ascontiguousarray(places.occupation[grid.order])
        self._set_people(market)

    def _set_people(self, market: Market) -> None:
        people = market.people
        self.market = market
        self._people_vectors = np.ascontiguousarray(unit_vectors(people.latitude, people.longitude))
        self._people_chord2 = chord_squared_limit(people.max_commute_km)

    def with_people(self, market: Market) -> PlaceIndex:
        """The same index (grid not rebuilt) queried for the people of ``market``, which must
        hold the same places and occupation table."""
        same = market.places is self.market.places
        if not same or market.occupations is not self.market.occupations:
            raise ValueError("the market must share the places and occupations of the index")
        clone = copy.copy(self)
        clone._set_people(market)
        return clone

    def _kernel_arguments(self) -> tuple[object, ...]:
        people = self.market.people
        return (
            people.latitude,
            people.longitude,
            self._people_vectors,
            people.max_commute_km,
            self._people_chord2,
            people.available_from,
            people.occupations,
            self._group_of_occupation,
            self._kldb,
            self._grid.parameters(),
            self._grid.offsets,
            self._grid.vectors,
            self._entry_start,
            self._entry_item,
            self._entry_occupation,
            self.max_start_delay_days,
        )

    def places_for_person(self, person: int) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int8]]:
        """Candidate places of one person and their fit levels (one compiled scan)."""
        if not 0 <= person < len(self.market.people):
            raise IndexError(f"no person {person}")
        places, fits = kernels.places_for_one_person(person, *self._kernel_arguments())
        return places, fits

    def candidates(self) -> Candidates:
        """Candidate places of every person, as CSR."""
        arguments = self._kernel_arguments()
        people = self.market.people
        order = spatial_order(people.latitude, people.longitude)
        counts = kernels.count_places_per_person(order, *arguments)
        indptr = np.zeros(len(counts) + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])
        places = np.empty(int(indptr[-1]), dtype=np.int32)
        fits = np.empty(int(indptr[-1]), dtype=np.int8)
        fill_arguments = (order, *arguments, indptr, places, fits)
        kernels.fill_places_per_person(*fill_arguments)
        return Candidates(indptr=indptr, places=places, fit=fits)


class PeopleIndex(_Common):
    """People on a grid per KldB 3-digit group of their wishes: candidates of one vacancy.

    A person appears once per distinct 3-digit group among their wishes. The pairs found are
    exactly those of :meth:`PlaceIndex.candidates` for that place (same rules, other side).
    """

    def __init__(
        self,
        market: Market,
        *,
        max_start_delay_days: int = MAX_START_DELAY_DAYS,
        cell_km: float = DEFAULT_CELL_KM,
    ) -> None:
        super().__init__(market, max_start_delay_days)
        people = market.people
        wishes = people.occupations
        groups = np.where(wishes >= 0, self._group_of_occupation[np.maximum(wishes, 0)], -1)
        # Drop a wish whose group an earlier wish of the same person already has.
        repeated = np.zeros_like(groups, dtype=bool)
        repeated[:, 1] = groups[:, 1] == groups[:, 0]
        repeated[:, 2] = (groups[:, 2] == groups[:, 0]) | (groups[:, 2] == groups[:, 1])
        person, rank = np.nonzero((groups >= 0) & ~repeated)
        grid = build_grid(
            people.latitude[person],
            people.longitude[person],
            groups[person, rank],
            self._groups,
            cell_km,
        )
        self._grid = grid
        entry_person = person[grid.order]
        self._entry_item = entry_person.astype(np.int32)
        self._entry_chord2 = chord_squared_limit(people.max_commute_km)[entry_person]
        self._entry_available = np.ascontiguousarray(people.available_from[entry_person])
        self._search_radius = float(people.max_commute_km.max()) if len(people) else 0.0
        self._set_places(market)

    def _set_places(self, market: Market) -> None:
        places = market.places
        self.market = market
        self._place_vectors = unit_vectors(places.latitude, places.longitude)

    def with_places(self, market: Market) -> PeopleIndex:
        """The same index (grid not rebuilt) queried for the places of ``market``, which must
        hold the same people and occupation table."""
        same = market.people is self.market.people
        if not same or market.occupations is not self.market.occupations:
            raise ValueError("the market must share the people and occupations of the index")
        clone = copy.copy(self)
        clone._set_places(market)
        return clone

    def people_for_place(self, place: int) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int8]]:
        """Candidate people of one place and their fit levels."""
        places = self.market.places
        if not 0 <= place < len(places):
            raise IndexError(f"no place {place}")
        people, fits = kernels.people_for_place(
            places.latitude[place],
            places.longitude[place],
            self._place_vectors[place],
            places.occupation[place],
            places.start_date[place],
            self._search_radius,
            self.market.people.occupations,
            self._kldb,
            self._group_of_occupation,
            self._grid.parameters(),
            self._grid.offsets,
            self._grid.vectors,
            self._entry_chord2,
            self._entry_available,
            self._entry_item,
            self.max_start_delay_days,
        )
        return people, fits


def generate_candidates(
    market: Market,
    *,
    max_start_delay_days: int = MAX_START_DELAY_DAYS,
    cell_km: float = DEFAULT_CELL_KM,
) -> Candidates:
    """All candidate pairs of a market (builds a :class:`PlaceIndex` and queries everyone)."""
    index = PlaceIndex(market, max_start_delay_days=max_start_delay_days, cell_km=cell_km)
    return index.candidates()
