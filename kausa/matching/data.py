"""The matching engine's inputs: people and places as columns of numpy arrays.

The engine is a pure library: no Django here. The Django side (an adapter) turns model rows
into these arrays; ``load_national`` reads the synthetic national demo files
(``kausa.demo.national``).

Integer conventions, copied from ``kausa.core.choices`` so that the engine need not import it:

* German level: 0 none, 1 A1, 2 A2, 3 B1, 4 B2, 5 C1, 6 C2, 7 native (ordered).
* School certificate: 0 none ... 4 Abitur (ordered; a higher value meets a lower requirement).
* Dates are whole days since 1970-01-01 (``numpy.datetime64(..., "D").astype(int)``).
* Languages are a bit mask (``uint64``): bit i set = speaks language i of the office's language
  list (German is not in the mask; it is the German level).

Protected attributes (nationality, country of origin, gender, religion, residence status,
disability) are deliberately *not* fields of :class:`People`: what the engine never receives
cannot enter a candidate list or a score. The names are listed in
:data:`PROTECTED_ATTRIBUTE_NAMES` so tests and adapters can check that none slips in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "NO_OCCUPATION",
    "PROTECTED_ATTRIBUTE_NAMES",
    "Market",
    "OccupationTable",
    "People",
    "Places",
    "days_since_epoch",
    "load_national",
]

#: Fills unused wish ranks in :attr:`People.occupations`.
NO_OCCUPATION = -1

#: Attributes that must never reach the engine (see the module docstring).
PROTECTED_ATTRIBUTE_NAMES = (
    "nationality",
    "country_of_origin",
    "gender",
    "religion",
    "residence_status",
    "disability",
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int32]


def days_since_epoch(values: npt.ArrayLike) -> IntArray:
    """Dates (``datetime64`` or anything numpy reads as dates) as int32 days since 1970-01-01."""
    array = np.asarray(values)
    if np.issubdtype(array.dtype, np.integer):
        return array.astype(np.int32)
    return array.astype("datetime64[D]").astype(np.int64).astype(np.int32)


def _column(values: npt.ArrayLike, dtype: npt.DTypeLike, name: str, ndim: int = 1) -> Any:
    array = np.ascontiguousarray(values, dtype=dtype)
    if array.ndim != ndim:
        raise ValueError(f"{name}: expected {ndim} dimension(s), got shape {array.shape}")
    array.setflags(write=False)  # frozen dataclass, frozen columns
    return array


def _check_lengths(owner: object) -> int:
    lengths = {f.name: len(getattr(owner, f.name)) for f in fields(owner)}  # type: ignore[arg-type]
    if len(set(lengths.values())) > 1:
        raise ValueError(f"{type(owner).__name__}: columns differ in length: {lengths}")
    return next(iter(lengths.values()))


@dataclass(frozen=True)
class OccupationTable:
    """Occupations by index: ``kldb_codes[i]`` is the five-digit KldB 2010 code of index i.

    People's wishes and places' occupations are indices into this table. Relatedness follows
    ``kausa.reference.occupations.relatedness``: same 4-digit group (``code // 10``) is closely
    related, same 3-digit group (``code // 100``) related with a lower fit.
    """

    kldb_codes: IntArray
    keys: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        codes = _column(self.kldb_codes, np.int32, "kldb_codes")
        if len(codes) and (codes.min() < 10000 or codes.max() > 99999):
            raise ValueError("kldb_codes must be five-digit numbers")
        if self.keys and len(self.keys) != len(codes):
            raise ValueError("keys and kldb_codes differ in length")
        object.__setattr__(self, "kldb_codes", codes)

    def __len__(self) -> int:
        return len(self.kldb_codes)

    @classmethod
    def from_reference(cls, keys: list[str] | tuple[str, ...]) -> OccupationTable:
        """The table for occupation keys of ``kausa.reference.occupations`` (plain Python)."""
        from kausa.reference import occupations

        codes = []
        for key in keys:
            occupation = occupations.get(key)
            if occupation is None:
                raise ValueError(f"unknown occupation key: {key!r}")
            codes.append(int(occupation.kldb_code))
        return cls(kldb_codes=np.array(codes, dtype=np.int32), keys=tuple(keys))


@dataclass(frozen=True)
class People:
    """One row per person; the row index is the person's id in the engine.

    ``occupations`` is (n, 3): desired occupations in order of preference as indices into the
    :class:`OccupationTable`, :data:`NO_OCCUPATION` (-1) filling unused ranks.
    ``max_commute_km`` is the straight-line commute the person accepts.
    """

    latitude: FloatArray
    longitude: FloatArray
    occupations: IntArray
    german_level: npt.NDArray[np.int8]
    school_certificate: npt.NDArray[np.int8]
    max_commute_km: FloatArray
    driving_licence: npt.NDArray[np.bool_]
    available_from: IntArray
    languages: npt.NDArray[np.uint64]

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "latitude", _column(self.latitude, np.float64, "latitude"))
        set_(self, "longitude", _column(self.longitude, np.float64, "longitude"))
        wishes = _column(self.occupations, np.int32, "occupations", ndim=2)
        if wishes.shape[1] != 3:
            raise ValueError("occupations must have three columns (wish ranks 1-3)")
        set_(self, "occupations", wishes)
        set_(self, "german_level", _column(self.german_level, np.int8, "german_level"))
        set_(self, "school_certificate", _column(self.school_certificate, np.int8, "school"))
        set_(self, "max_commute_km", _column(self.max_commute_km, np.float64, "max_commute_km"))
        set_(self, "driving_licence", _column(self.driving_licence, np.bool_, "driving_licence"))
        set_(self, "available_from", _column(days_since_epoch(self.available_from), np.int32, "d"))
        set_(self, "languages", _column(self.languages, np.uint64, "languages"))
        _check_lengths(self)

    def __len__(self) -> int:
        return len(self.latitude)


@dataclass(frozen=True)
class Places:
    """One row per apprenticeship place (vacancy) with ``seats`` seats; row index = id."""

    occupation: IntArray
    seats: IntArray
    latitude: FloatArray
    longitude: FloatArray
    required_german_level: npt.NDArray[np.int8]
    required_school_certificate: npt.NDArray[np.int8]
    requires_driving_licence: npt.NDArray[np.bool_]
    start_date: IntArray
    languages: npt.NDArray[np.uint64]

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "occupation", _column(self.occupation, np.int32, "occupation"))
        set_(self, "seats", _column(self.seats, np.int32, "seats"))
        set_(self, "latitude", _column(self.latitude, np.float64, "latitude"))
        set_(self, "longitude", _column(self.longitude, np.float64, "longitude"))
        set_(self, "required_german_level", _column(self.required_german_level, np.int8, "g"))
        set_(
            self,
            "required_school_certificate",
            _column(self.required_school_certificate, np.int8, "school"),
        )
        set_(
            self,
            "requires_driving_licence",
            _column(self.requires_driving_licence, np.bool_, "licence"),
        )
        set_(self, "start_date", _column(days_since_epoch(self.start_date), np.int32, "start"))
        set_(self, "languages", _column(self.languages, np.uint64, "languages"))
        _check_lengths(self)

    def __len__(self) -> int:
        return len(self.latitude)


@dataclass(frozen=True)
class Market:
    """Everything the engine matches: people, places and the occupation table they refer to."""

    people: People
    places: Places
    occupations: OccupationTable

    def __post_init__(self) -> None:
        n = len(self.occupations)
        wishes = self.people.occupations
        if len(wishes) and (wishes.max() >= n or wishes.min() < NO_OCCUPATION):
            raise ValueError("a person's wish is not an index of the occupation table")
        place_occupations = self.places.occupation
        if len(place_occupations) and (place_occupations.max() >= n or place_occupations.min() < 0):
            raise ValueError("a place's occupation is not an index of the occupation table")


def load_national(folder: str | Path) -> Market:
    """Read people.npz, places.npz and meta.json written by ``kausa.demo.national``."""
    folder = Path(folder)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    table = OccupationTable.from_reference(meta["occupations"])
    with np.load(folder / "people.npz") as p:
        people = People(
            latitude=p["latitude"],
            longitude=p["longitude"],
            occupations=p["occupations"],
            german_level=p["german_level"],
            school_certificate=p["school_certificate"],
            max_commute_km=p["max_commute_km"],
            driving_licence=p["driving_licence"],
            available_from=p["available_from"],
            languages=p["languages"],
        )
    with np.load(folder / "places.npz") as q:
        places = Places(
            occupation=q["occupation"],
            seats=q["seats"],
            latitude=q["latitude"],
            longitude=q["longitude"],
            required_german_level=q["required_german_level"],
            required_school_certificate=q["required_school_certificate"],
            requires_driving_licence=q["requires_driving_licence"],
            start_date=q["start_date"],
            languages=q["languages"],
        )
    return Market(people=people, places=places, occupations=table)
