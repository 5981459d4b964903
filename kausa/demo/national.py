"""National synthetic data across Germany: the input of the matching benchmark.

`generate_national(seed=..., people=..., seats=..., output_dir=...)` draws everything with one
`numpy.random.default_rng(seed)` in a fixed order, vectorised (500,000 people and 500,000 seats
take a few seconds), and writes three files. The same seed and `today` give the same arrays.

Location: a district is drawn with probability proportional to its number of postal codes
(`postal_code_count` in the gazetteer, used as a rough population proxy), then a postal code of
that district uniformly; the point is the postal code's gazetteer point moved by a seeded jitter
of at most 2 km (so that people of one postal code are not all in one spot).

``people.npz`` - one row per person; the row index is the person's id.

==================  ==============  =========================================================
column              dtype           meaning
==================  ==============  =========================================================
postal_code         int32           postal code as a number; format with ``f"{v:05d}"``
district_key        int32           official district key (AGS) as a number, ``f"{v:05d}"``
latitude            float32         degrees (WGS 84), jittered point of the postal code
longitude           float32         degrees (WGS 84)
occupations         int16 (n, 3)    desired occupations in order of preference, as indices into
                                    ``meta.json`` ``occupations``; -1 fills unused ranks; every
                                    person has 1-3 (weighted by the BIBB new contracts 2024)
german_level        uint8           ``kausa.core.choices.GermanLevel`` (0 none ... 7 native)
school_certificate  uint8           ``kausa.core.choices.SchoolCertificate`` (0 none ... 4)
max_commute_km      uint8           maximum straight-line commute the person accepts, km
driving_licence     bool            holds a car driving licence
available_from      datetime64[D]   first day the person can start (a first of a month, in the
                                    next twelve months)
languages           uint64          bit i set = speaks ``meta.json`` ``languages[i]`` (besides
                                    German, which is ``german_level``)
==================  ==============  =========================================================

``places.npz`` - one row per apprenticeship place (vacancy) with 1-3 seats; the seats add up to
exactly the requested number (the last place is trimmed if needed).

===========================  =============  ====================================================
column                       dtype          meaning
===========================  =============  ====================================================
occupation                   int16          index into ``meta.json`` ``occupations``
seats                        uint8          1-3
postal_code                  int32          as in people.npz
district_key                 int32          as in people.npz
latitude                     float32        as in people.npz
longitude                    float32        as in people.npz
required_german_level        uint8          ``GermanLevel``
required_school_certificate  uint8          ``SchoolCertificate``
requires_driving_licence     bool           the place needs a driving licence
start_date                   datetime64[D]  1 August or 1 September of the next two years
languages                    uint64         languages spoken in the company (bit mask as above)
===========================  =============  ====================================================

``meta.json`` - ``seed``, ``today``, ``counts`` (people, places, seats), ``columns`` (the
descriptions above), ``occupations`` (occupation keys: index -> ``Occupation.key``),
``languages`` (language codes: bit -> code), ``generated_at`` (UTC) and ``seconds``.

Read with ``numpy.load(path)`` (no pickling needed).
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from django.utils import timezone

from kausa.core.choices import LANGUAGES
from kausa.demo import profiles
from kausa.demo.profiles import ORIGINS, probabilities
from kausa.reference import gazetteer
from kausa.reference import occupations as reference_occupations

MAX_JITTER_KM = 2.0
KM_PER_DEGREE_LATITUDE = 111.195  # on the gazetteer's mean Earth radius
LANGUAGE_CODES = tuple(code for code, _name in LANGUAGES)

PEOPLE_COLUMNS = {
    "postal_code": "int32: postal code as a number; format with f'{v:05d}'",
    "district_key": "int32: official district key (AGS) as a number; format with f'{v:05d}'",
    "latitude": "float32: degrees, the postal code's point with a seeded jitter of at most 2 km",
    "longitude": "float32: degrees, as latitude",
    "occupations": "int16 (n, 3): desired occupations by preference, indices into "
    "'occupations'; -1 fills unused ranks; 1-3 per person",
    "german_level": "uint8: kausa.core.choices.GermanLevel (0 none ... 7 native)",
    "school_certificate": "uint8: kausa.core.choices.SchoolCertificate (0 none ... 4 Abitur)",
    "max_commute_km": "uint8: maximum straight-line commute in km",
    "driving_licence": "bool: holds a car driving licence",
    "available_from": "datetime64[D]: first day the person can start (1st of a coming month)",
    "languages": "uint64: bit i set = speaks 'languages'[i] (German is german_level)",
}
PLACES_COLUMNS = {
    "occupation": "int16: index into 'occupations'",
    "seats": "uint8: 1-3; all seats add up to counts.seats",
    "postal_code": "int32: postal code as a number; format with f'{v:05d}'",
    "district_key": "int32: official district key (AGS) as a number; format with f'{v:05d}'",
    "latitude": "float32: degrees, the postal code's point with a seeded jitter of at most 2 km",
    "longitude": "float32: degrees, as latitude",
    "required_german_level": "uint8: kausa.core.choices.GermanLevel",
    "required_school_certificate": "uint8: kausa.core.choices.SchoolCertificate",
    "requires_driving_licence": "bool: the place needs a driving licence",
    "start_date": "datetime64[D]: 1 August or 1 September of the next two years",
    "languages": "uint64: languages spoken in the company, bit mask as in people",
}


@dataclass(frozen=True)
class NationalSummary:
    output_dir: Path
    seed: int
    people: int
    places: int
    seats: int
    seconds: float


class _Geography:
    """Postal codes grouped by district, as arrays."""

    def __init__(self) -> None:
        districts = gazetteer.districts()
        index_of = {d.key: i for i, d in enumerate(districts)}
        entries = gazetteer.entries()
        district_index = np.array([index_of[e.district_key] for e in entries])
        order = np.argsort(district_index, kind="stable")
        self.postal_code = np.array([int(e.postal_code) for e in entries], dtype=np.int32)[order]
        self.district_key = np.array([int(e.district_key) for e in entries], dtype=np.int32)[order]
        self.latitude = np.array([e.latitude for e in entries])[order]
        self.longitude = np.array([e.longitude for e in entries])[order]
        counts = np.bincount(district_index, minlength=len(districts))
        self.first = np.concatenate(([0], np.cumsum(counts)[:-1]))
        self.count = counts
        weights = np.array([d.postal_code_count for d in districts], dtype=np.float64)
        weights[counts == 0] = 0.0  # a district without postal codes cannot be drawn
        self.district_p = weights / weights.sum()

    def draw(self, rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
        district = rng.choice(len(self.district_p), size=n, p=self.district_p)
        entry = self.first[district] + (rng.random(n) * self.count[district]).astype(np.int64)
        # Uniform in a disc of radius MAX_JITTER_KM (a hair less, against rounding).
        radius = (MAX_JITTER_KM * 0.999) * np.sqrt(rng.random(n))
        angle = rng.random(n) * 2 * np.pi
        latitude = self.latitude[entry]
        dlat = radius * np.cos(angle) / KM_PER_DEGREE_LATITUDE
        dlon = radius * np.sin(angle) / (KM_PER_DEGREE_LATITUDE * np.cos(np.radians(latitude)))
        return {
            "postal_code": self.postal_code[entry],
            "district_key": self.district_key[entry],
            "latitude": (latitude + dlat).astype(np.float32),
            "longitude": (self.longitude[entry] + dlon).astype(np.float32),
        }


def _categorical(
    rng: np.random.Generator,
    weights: Sequence[float] | np.ndarray,
    n: int,
    dtype: npt.DTypeLike = np.uint8,
) -> np.ndarray:
    """n draws of the indices 0..len(weights)-1 with the given weights."""
    return rng.choice(len(weights), size=n, p=probabilities(weights)).astype(dtype)


def _values(
    rng: np.random.Generator, pairs: Sequence[tuple[int, float]], n: int, dtype: npt.DTypeLike
) -> np.ndarray:
    """n draws of the values in (value, weight) pairs."""
    values = np.array([value for value, _weight in pairs], dtype=dtype)
    drawn: np.ndarray = values[_categorical(rng, [weight for _value, weight in pairs], n, np.int64)]
    return drawn


def _distinct_choices(rng: np.random.Generator, p: np.ndarray, n: int, k: int) -> np.ndarray:
    """n rows of k distinct indices, each row a weighted draw without replacement.

    Column j is drawn from p and redrawn where it repeats an earlier column, which is exactly
    drawing from p restricted to the indices not yet taken.
    """
    picks = np.empty((n, k), dtype=np.int64)
    for column in range(k):
        picks[:, column] = rng.choice(len(p), size=n, p=p)
        clash = (picks[:, :column] == picks[:, column : column + 1]).any(axis=1)
        while clash.any():
            rows = np.flatnonzero(clash)
            picks[rows, column] = rng.choice(len(p), size=len(rows), p=p)
            clash[rows] = (picks[rows, :column] == picks[rows, column : column + 1]).any(axis=1)
    return picks


def _languages(rng: np.random.Generator, origin: np.ndarray) -> np.ndarray:
    """Bit masks of 1-3 languages per person, matching each person's origin."""
    bit = {code: np.uint64(1) << np.uint64(i) for i, code in enumerate(LANGUAGE_CODES)}
    masks = np.zeros(len(origin), dtype=np.uint64)
    for index, profile in enumerate(ORIGINS):
        rows = np.flatnonzero(origin == index)
        firsts = profile.first_languages
        first = _categorical(rng, [w for _c, w, _l in firsts], len(rows), np.int64)
        row_masks = np.array([bit[c] for c, _w, _l in firsts], dtype=np.uint64)[first]
        count = np.ones(len(rows), dtype=np.int64)
        for code, probability, _level in profile.other_languages:
            add = (
                (rng.random(len(rows)) < probability) & (count < 3) & ((row_masks & bit[code]) == 0)
            )
            row_masks[add] |= bit[code]
            count += add
        masks[rows] = row_masks
    return masks


def _people(
    rng: np.random.Generator, n: int, geography: _Geography, today: date
) -> dict[str, np.ndarray]:
    columns = geography.draw(rng, n)
    origin = _categorical(rng, [o.weight for o in ORIGINS], n, np.int64)
    born_here = origin == [o.code for o in ORIGINS].index(profiles.BORN_HERE)
    n_here = int(born_here.sum())

    german = _categorical(rng, profiles.GERMAN_LEVEL_IN_GERMANY, n)
    german[born_here] = _categorical(rng, profiles.GERMAN_LEVEL_BORN_HERE, n_here)
    school = _categorical(rng, profiles.SCHOOL_CERTIFICATE_FOREIGN_BORN, n)
    school[born_here] = _categorical(rng, profiles.SCHOOL_CERTIFICATE_BORN_HERE, n_here)

    occupation_list = reference_occupations.all()
    female = rng.random(n) >= profiles.MALE_SHARE
    wishes = np.empty((n, 3), dtype=np.int64)
    for is_female in (False, True):
        rows = np.flatnonzero(female == is_female)
        weights = profiles.occupation_weights(occupation_list, female=is_female)
        wishes[rows] = _distinct_choices(rng, probabilities(weights), len(rows), 3)
    wish_count = _values(rng, profiles.DESIRED_OCCUPATION_COUNTS, n, np.int64)
    wishes[np.arange(3)[None, :] >= wish_count[:, None]] = -1

    licence_share = np.where(
        born_here, profiles.DRIVING_LICENCE_SHARE_BORN_HERE, profiles.DRIVING_LICENCE_SHARE
    )
    months_ahead = rng.integers(1, 13, size=n)  # the first of one of the next 12 months
    this_month = np.datetime64(today, "M")
    columns.update(
        occupations=wishes.astype(np.int16),
        german_level=german,
        school_certificate=school,
        max_commute_km=_values(rng, profiles.MAX_COMMUTE_KM, n, np.uint8),
        driving_licence=rng.random(n) < licence_share,
        available_from=(this_month + months_ahead).astype("datetime64[D]"),
        languages=_languages(rng, origin),
    )
    return columns


def _seat_counts(rng: np.random.Generator, seats: int) -> np.ndarray:
    """Seats per place (1-3) adding up to exactly `seats`."""
    values = np.array([value for value, _weight in profiles.SEATS])
    p = probabilities([weight for _value, weight in profiles.SEATS])
    mean = float(values @ p)
    drawn = np.empty(0, dtype=np.int64)
    while drawn.sum() < seats:
        more = int((seats - drawn.sum()) / mean * 1.05) + 16
        drawn = np.concatenate((drawn, rng.choice(values, size=more, p=p)))
    total = np.cumsum(drawn)
    last = int(np.searchsorted(total, seats))  # first place at which the total is reached
    counts = drawn[: last + 1].copy()
    counts[-1] -= total[last] - seats  # trim the last place (it keeps at least one seat)
    return counts.astype(np.uint8)


def _places(
    rng: np.random.Generator, seats: int, geography: _Geography, today: date
) -> dict[str, np.ndarray]:
    seat_counts = _seat_counts(rng, seats)
    m = len(seat_counts)
    columns = geography.draw(rng, m)
    occupation_list = reference_occupations.all()
    occupation = _categorical(rng, profiles.occupation_weights(occupation_list), m, np.int64)
    # Requirements depend on the kind of occupation (office, service, craft).
    kinds = [profiles.requirements_for(item.kldb_code) for item in occupation_list]
    tables = list(dict.fromkeys(kinds))  # the distinct requirement tables, in first-seen order
    kind_of_occupation = np.array([tables.index(kind) for kind in kinds])[occupation]
    german = np.zeros(m, dtype=np.uint8)
    school = np.zeros(m, dtype=np.uint8)
    licence = np.zeros(m, dtype=bool)
    for index, (german_weights, school_weights, licence_share) in enumerate(tables):
        rows = np.flatnonzero(kind_of_occupation == index)
        german[rows] = _categorical(rng, german_weights, len(rows))
        school[rows] = _categorical(rng, school_weights, len(rows))
        licence[rows] = rng.random(len(rows)) < licence_share

    starts = profiles.training_start_dates(today)
    start_weights = profiles.START_DATE_WEIGHTS[: len(starts)]
    start = np.array(starts, dtype="datetime64[D]")[_categorical(rng, start_weights, m, np.int64)]

    origin_index = _categorical(rng, [o.weight for o in ORIGINS], m, np.int64)
    languages = _languages(rng, origin_index)
    languages[rng.random(m) >= profiles.MIGRANT_LED_SHARE] = 0  # only migrant-led companies
    english = np.uint64(1) << np.uint64(LANGUAGE_CODES.index("en"))
    languages[rng.random(m) < profiles.ENGLISH_IN_COMPANY_SHARE] |= english

    columns.update(
        occupation=occupation.astype(np.int16),
        seats=seat_counts,
        required_german_level=german,
        required_school_certificate=school,
        requires_driving_licence=licence,
        start_date=start,
        languages=languages,
    )
    return {name: columns[name] for name in PLACES_COLUMNS}


def _write(path: Path, columns: Mapping[str, Any]) -> None:
    np.savez_compressed(path, **columns)


def generate_national(
    *,
    seed: int,
    people: int = 500_000,
    seats: int = 500_000,
    output_dir: Path,
    today: date | None = None,
) -> NationalSummary:
    """Write people.npz, places.npz and meta.json (see the module docstring) to output_dir."""
    if people < 1 or seats < 1:
        raise ValueError("people and seats must be positive")
    started = time.perf_counter()
    today = today or timezone.localdate()
    rng = np.random.default_rng(seed)
    geography = _Geography()
    people_columns = _people(rng, people, geography, today)
    people_columns = {name: people_columns[name] for name in PEOPLE_COLUMNS}
    place_columns = _places(rng, seats, geography, today)

    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    _write(output_dir / "people.npz", people_columns)
    _write(output_dir / "places.npz", place_columns)
    seconds = time.perf_counter() - started
    meta = {
        "seed": seed,
        "today": today.isoformat(),
        "counts": {"people": people, "places": len(place_columns["seats"]), "seats": seats},
        "columns": {"people.npz": PEOPLE_COLUMNS, "places.npz": PLACES_COLUMNS},
        "occupations": [item.key for item in reference_occupations.all()],
        "languages": list(LANGUAGE_CODES),
        "location": "district drawn by postal_code_count (population proxy), postal code "
        "uniform in the district, gazetteer point plus a jitter of at most 2 km",
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(seconds, 3),
    }
    (output_dir / "meta.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return NationalSummary(
        output_dir=output_dir,
        seed=seed,
        people=people,
        places=len(place_columns["seats"]),
        seats=seats,
        seconds=seconds,
    )
