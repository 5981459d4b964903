"""The matching market of an organisation as columns, read without model objects and cached.

Two sides, each read with a few ``values_list`` queries and grouped with numpy:

* places: the open places (``vacancies.selectors.open_places``) with the engine's columns
  and their vacancy ids, the company languages as a bit mask;
* people: the matchable people (``adapter.matchable_people``) with the engine's columns,
  their person and office ids, wishes and languages.

A process keeps each side, with the engine index built over it (a :class:`Matcher` whose place
or people index answers single queries), in memory keyed by the organisation's
:class:`~kausa.placements.models.MarketVersion` counter of that side, the day (availability is
measured from today) and the occupation table. A request reads the counter (one query); when
it changed, the side is read again. Memory stays bounded: one entry per organisation and side.

Rows the engine cannot place (a location outside the globe, a missing coordinate) are left
out and counted in an incident line, without ids. If a side cannot be read at all, the last
good one is served and the failure logged.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
import threading
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db.models import Count, Max, OuterRef, QuerySet, Subquery
from django.utils import timezone

from kausa.companies.models import CompanyLanguage
from kausa.core.choices import LANGUAGES
from kausa.core.models import Occupation
from kausa.counselling.models import Consent, ConsentPurpose
from kausa.matching.data import NO_OCCUPATION, Market, OccupationTable, People, Places
from kausa.matching.topk import Matcher
from kausa.people.models import DesiredOccupation, Person, PersonLanguage
from kausa.placements.models import MarketVersion
from kausa.vacancies.models import Vacancy

incident_logger = logging.getLogger("kausa.incident")

# Bit i of a language mask = LANGUAGES[i]; German is measured by the German level instead.
LANGUAGE_BITS = {code: bit for bit, (code, _name) in enumerate(LANGUAGES) if code != "de"}

PERSON_COLUMNS = (
    "pk",
    "office_id",
    "latitude",
    "longitude",
    "german_level",
    "school_certificate",
    "max_commute_km",
    "has_driving_licence",
    "available_from",
)
PLACE_COLUMNS = (
    "pk",
    "company_id",
    "occupation_id",
    "seats",
    "latitude",
    "longitude",
    "required_german_level",
    "required_school_certificate",
    "requires_driving_licence",
    "start_date",
)

IdArray = npt.NDArray[np.int64]


def matchable(queryset: QuerySet[Person]) -> QuerySet[Person]:
    """People who can be matched: active, with a location in Germany, and who have not
    withdrawn their consent to matching (the latest matching consent is not withdrawn)."""
    latest_matching_consent = Consent.objects.filter(
        person=OuterRef("pk"), purpose=ConsentPurpose.MATCHING
    ).order_by("-given_on", "-id")
    return (
        queryset.filter(archived_at__isnull=True, latitude__isnull=False)
        .annotate(
            matching_withdrawn_on=Subquery(latest_matching_consent.values("withdrawn_on")[:1])
        )
        .filter(matching_withdrawn_on__isnull=True)
    )


def open_place_rows(organisation_id: int) -> QuerySet[Vacancy]:
    """The rows of ``vacancies.selectors.open_places`` (same filter, same order)."""
    return Vacancy.objects.filter(
        company__organisation_id=organisation_id,
        status="open",
        archived_at__isnull=True,
        company__archived_at__isnull=True,
    ).order_by("pk")


# --- occupations ------------------------------------------------------------------------


@dataclass(frozen=True)
class Occupations:
    """The engine's occupation table: index i = i-th occupation by primary key."""

    pks: IdArray
    table: OccupationTable

    @classmethod
    def read(cls) -> Occupations:
        rows = list(Occupation.objects.order_by("pk").values_list("pk", "kldb_code"))
        return cls(
            pks=np.array([pk for pk, _code in rows], dtype=np.int64),
            table=OccupationTable(
                kldb_codes=np.array([int(code) for _pk, code in rows], dtype=np.int32)
            ),
        )

    @property
    def fingerprint(self) -> tuple[int, int]:
        return (len(self.pks), int(self.pks[-1]) if len(self.pks) else 0)

    def indices(self, pks: npt.ArrayLike) -> npt.NDArray[np.int32]:
        return np.searchsorted(self.pks, np.asarray(pks, dtype=np.int64)).astype(np.int32)


def occupation_fingerprint() -> tuple[int, int]:
    """Changes when occupations are added or removed (the table's indices would shift)."""
    counts = Occupation.objects.aggregate(count=Count("pk"), top=Max("pk"))
    return (int(counts["count"] or 0), int(counts["top"] or 0))


# --- columns ------------------------------------------------------------------------------


def _columns(rows: Sequence[tuple[Any, ...]], width: int) -> list[tuple[Any, ...]]:
    return list(zip(*rows, strict=True)) if rows else [() for _ in range(width)]


def _language_masks(owner_ids: IdArray, pairs: Sequence[tuple[int, str]]) -> npt.NDArray[np.uint64]:
    """A bit mask per owner (``owner_ids`` sorted) from (owner id, language code) rows."""
    masks = np.zeros(len(owner_ids), dtype=np.uint64)
    known = [(owner, LANGUAGE_BITS[code]) for owner, code in pairs if code in LANGUAGE_BITS]
    if not known or not len(owner_ids):
        return masks
    owners = np.array([owner for owner, _bit in known], dtype=np.int64)
    bits = np.array([bit for _owner, bit in known], dtype=np.uint64)
    rows = np.minimum(np.searchsorted(owner_ids, owners), len(owner_ids) - 1)
    hit = owner_ids[rows] == owners
    np.bitwise_or.at(masks, rows[hit], np.left_shift(np.uint64(1), bits[hit]))
    return masks


def _valid_location(latitude: npt.NDArray[np.float64], longitude: npt.NDArray[np.float64]) -> Any:
    with np.errstate(invalid="ignore"):
        return (
            np.isfinite(latitude)
            & np.isfinite(longitude)
            & (np.abs(latitude) <= 90.0)
            & (np.abs(longitude) <= 180.0)
        )


def _floats(values: Sequence[Any]) -> npt.NDArray[np.float64]:
    return np.array([np.nan if v is None else v for v in values], dtype=np.float64)


@dataclass(frozen=True)
class PeopleSide:
    """Matchable people as engine columns; row i is ``person_ids[i]`` (ascending)."""

    person_ids: IdArray
    office_ids: IdArray
    people: People
    skipped: int = 0

    def __len__(self) -> int:
        return len(self.person_ids)

    def rows_of_office(self, office_id: int) -> npt.NDArray[np.bool_]:
        flags: npt.NDArray[np.bool_] = self.office_ids == office_id
        return flags

    def subset(self, rows: npt.NDArray[np.bool_]) -> PeopleSide:
        people = self.people
        return PeopleSide(
            person_ids=self.person_ids[rows],
            office_ids=self.office_ids[rows],
            people=People(
                latitude=people.latitude[rows],
                longitude=people.longitude[rows],
                occupations=people.occupations[rows],
                german_level=people.german_level[rows],
                school_certificate=people.school_certificate[rows],
                max_commute_km=people.max_commute_km[rows],
                driving_licence=people.driving_licence[rows],
                available_from=people.available_from[rows],
                languages=people.languages[rows],
            ),
        )


@dataclass(frozen=True)
class PlacesSide:
    """Open places as engine columns; row i is ``vacancy_ids[i]`` (ascending)."""

    vacancy_ids: IdArray
    places: Places
    skipped: int = 0

    def __len__(self) -> int:
        return len(self.vacancy_ids)


EPOCH_ORDINAL = datetime.date(1970, 1, 1).toordinal()


def _days(values: Sequence[datetime.date | None], missing: int) -> npt.NDArray[np.int64]:
    """Dates as days since 1970-01-01 (``missing`` for none); faster than numpy's parsing."""
    return np.array(
        [missing if day is None else day.toordinal() - EPOCH_ORDINAL for day in values],
        dtype=np.int64,
    )


def _withdrawn(people: QuerySet[Person]) -> IdArray:
    """Ids of people whose latest matching consent (by given_on, then id) is withdrawn: what
    ``matchable`` excludes with a subquery per person, as one query for all."""
    rows = list(
        Consent.objects.filter(person__in=people, purpose=ConsentPurpose.MATCHING).values_list(
            "person_id", "given_on", "id", "withdrawn_on"
        )
    )
    if not rows:
        return np.zeros(0, dtype=np.int64)
    person, given, pk, withdrawn = _columns(rows, 4)
    person_ids = np.array(person, dtype=np.int64)
    order = np.lexsort((-np.array(pk, dtype=np.int64), -_days(given, 0), person_ids))
    first = order[np.r_[True, person_ids[order][1:] != person_ids[order][:-1]]]
    is_withdrawn = np.array([day is not None for day in withdrawn], dtype=bool)
    result: IdArray = person_ids[first[is_withdrawn[first]]]
    return result


def read_people(
    people: QuerySet[Person], occupations: Occupations, today: datetime.date
) -> PeopleSide:
    """The matchable ones among ``people`` (any queryset of persons), in primary key order."""
    active = people.filter(archived_at__isnull=True, latitude__isnull=False).order_by("pk")
    rows = list(active.values_list(*PERSON_COLUMNS))
    withdrawn = _withdrawn(people)
    if len(withdrawn):
        keep = ~np.isin(np.array([row[0] for row in rows], dtype=np.int64), withdrawn)
        rows = [row for row, kept in zip(rows, keep.tolist(), strict=True) if kept]
    pk, office, lat, lon, german, school, commute, licence, available = _columns(rows, 9)
    person_ids = np.array(pk, dtype=np.int64)
    latitude, longitude = _floats(lat), _floats(lon)
    first_day = (today - datetime.date(1970, 1, 1)).days
    available_from = np.maximum(_days(available, first_day), first_day)
    wishes = np.full((len(rows), 3), NO_OCCUPATION, dtype=np.int32)
    wish_rows = list(
        DesiredOccupation.objects.filter(person__in=people, rank__gte=1, rank__lte=3).values_list(
            "person_id", "occupation_id", "rank"
        )
    )
    if wish_rows and len(person_ids):
        owner, occupation, rank = (np.array(c, dtype=np.int64) for c in _columns(wish_rows, 3))
        at = np.minimum(np.searchsorted(person_ids, owner), len(person_ids) - 1)
        hit = person_ids[at] == owner
        wishes[at[hit], rank[hit] - 1] = occupations.indices(occupation[hit])
    languages = _language_masks(
        person_ids,
        list(PersonLanguage.objects.filter(person__in=people).values_list("person_id", "language")),
    )
    side = PeopleSide(
        person_ids=person_ids,
        office_ids=np.array(office, dtype=np.int64),
        people=People(
            latitude=latitude,
            longitude=longitude,
            occupations=wishes,
            german_level=np.array(german, dtype=np.int8),
            school_certificate=np.array(school, dtype=np.int8),
            max_commute_km=np.array(commute, dtype=np.float64),
            driving_licence=np.array(licence, dtype=np.bool_),
            available_from=available_from,
            languages=languages,
        ),
    )
    valid = _valid_location(latitude, longitude)
    if valid.all():
        return side
    return dataclasses.replace(side.subset(valid), skipped=int((~valid).sum()))


def read_places(places: QuerySet[Vacancy], occupations: Occupations) -> PlacesSide:
    """The rows of ``places`` (any queryset of vacancies), in primary key order."""
    rows = list(places.order_by("pk").values_list(*PLACE_COLUMNS))
    missing = np.iinfo(np.int32).min
    pk, company, occupation, seats, lat, lon, german, school, licence, start = _columns(rows, 10)
    vacancy_ids = np.array(pk, dtype=np.int64)
    company_ids = np.array(company, dtype=np.int64)
    companies = np.unique(company_ids)
    language_rows = CompanyLanguage.objects.filter(company_id__in=places.values("company_id"))
    company_masks = _language_masks(
        companies, list(language_rows.values_list("company_id", "language"))
    )
    latitude, longitude = _floats(lat), _floats(lon)
    columns: dict[str, Any] = {
        "occupation": occupations.indices(np.array(occupation, dtype=np.int64)),
        "seats": np.array(seats, dtype=np.int32),
        "latitude": latitude,
        "longitude": longitude,
        "required_german_level": np.array(german, dtype=np.int8),
        "required_school_certificate": np.array(school, dtype=np.int8),
        "requires_driving_licence": np.array(licence, dtype=np.bool_),
        "start_date": _days(start, missing),
        "languages": company_masks[np.searchsorted(companies, company_ids)]
        if len(companies)
        else np.zeros(0, dtype=np.uint64),
    }
    valid = _valid_location(latitude, longitude) & (columns["start_date"] != missing)
    skipped = int((~valid).sum())
    if skipped:
        vacancy_ids = vacancy_ids[valid]
        columns = {name: values[valid] for name, values in columns.items()}
    return PlacesSide(vacancy_ids=vacancy_ids, places=Places(**columns), skipped=skipped)


# --- the cache ----------------------------------------------------------------------------


def _no_people() -> People:
    return People(
        latitude=np.zeros(0),
        longitude=np.zeros(0),
        occupations=np.zeros((0, 3), dtype=np.int32),
        german_level=np.zeros(0, dtype=np.int8),
        school_certificate=np.zeros(0, dtype=np.int8),
        max_commute_km=np.zeros(0),
        driving_licence=np.zeros(0, dtype=np.bool_),
        available_from=np.zeros(0, dtype=np.int32),
        languages=np.zeros(0, dtype=np.uint64),
    )


def _no_places() -> Places:
    return Places(
        occupation=np.zeros(0, dtype=np.int32),
        seats=np.zeros(0, dtype=np.int32),
        latitude=np.zeros(0),
        longitude=np.zeros(0),
        required_german_level=np.zeros(0, dtype=np.int8),
        required_school_certificate=np.zeros(0, dtype=np.int8),
        requires_driving_licence=np.zeros(0, dtype=np.bool_),
        start_date=np.zeros(0, dtype=np.int32),
        languages=np.zeros(0, dtype=np.uint64),
    )


@dataclass(frozen=True)
class SideKey:
    organisation_id: int
    version: int
    today: datetime.date
    occupations: tuple[int, int]


@dataclass
class CachedPlaces:
    key: SideKey
    occupations: Occupations
    side: PlacesSide

    @cached_property
    def matcher(self) -> Matcher:
        """Default weights; ``with_people`` gives a matcher with an office's weights."""
        market = Market(people=_no_people(), places=self.side.places, occupations=self.table)
        matcher = Matcher(market)
        _ = matcher.place_index  # built here, under the cache's lock
        return matcher

    @property
    def table(self) -> OccupationTable:
        return self.occupations.table


@dataclass
class CachedPeople:
    key: SideKey
    occupations: Occupations
    side: PeopleSide

    @cached_property
    def matcher(self) -> Matcher:
        market = Market(people=self.side.people, places=_no_places(), occupations=self.table)
        matcher = Matcher(market)
        _ = matcher.people_index
        return matcher

    @property
    def table(self) -> OccupationTable:
        return self.occupations.table


@dataclass
class _Cache:
    places: dict[int, CachedPlaces] = field(default_factory=dict)
    people: dict[int, CachedPeople] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


_cache = _Cache()


def clear() -> None:
    """Forget every cached side (tests; a process after a fork)."""
    with _cache.lock:
        _cache.places.clear()
        _cache.people.clear()


def _versions(organisation_id: int) -> tuple[int, int]:
    """The organisation's counters; the first read creates them (bookkeeping of the cache:
    a market loaded in bulk, without signals, has none yet)."""
    row = (
        MarketVersion.objects.filter(organisation_id=organisation_id)
        .values_list("people_version", "places_version")
        .first()
    )
    if row is None:
        created, _new = MarketVersion.objects.get_or_create(organisation_id=organisation_id)
        row = (created.people_version, created.places_version)
    return row


def _log_incident(what: str, error: Exception | None = None, skipped: int = 0) -> None:
    """One line without personal data: the type and code location of an error, or a count."""
    if error is None:
        incident_logger.error("incident in market snapshot: %s rows of %s skipped", skipped, what)
        return
    frames = " < ".join(
        f"{'/'.join(frame.filename.split('/')[-2:])}:{frame.lineno}:{frame.name}"
        for frame in reversed(traceback.extract_tb(error.__traceback__)[-6:])
    )
    incident_logger.error(
        "incident in market snapshot of %s: %s at %s; last good snapshot served",
        what,
        type(error).__qualname__,
        frames or "-",
    )


def _key(organisation_id: int, version: int) -> SideKey:
    return SideKey(organisation_id, version, timezone.localdate(), occupation_fingerprint())


def _current(
    store: dict[int, Any], organisation_id: int, version: int, label: str, build: Any
) -> Any:
    """The cached side of an organisation if its key still holds, else a fresh one from
    `build(key, occupations)`; a failed rebuild serves the last good side and logs why."""
    key = _key(organisation_id, version)
    with _cache.lock:
        cached = store.get(organisation_id)
        if cached is not None and cached.key == key:
            return cached
        try:
            fresh = build(key, Occupations.read())
            _ = fresh.matcher
        except Exception as error:
            if cached is None:
                raise
            _log_incident(label, error)
            return cached
        if fresh.side.skipped:
            _log_incident(label, skipped=fresh.side.skipped)
        store[organisation_id] = fresh
        return fresh


def places_for(organisation_id: int) -> CachedPlaces:
    """The organisation's open places with their index, current as of this request."""

    def build(key: SideKey, occupations: Occupations) -> CachedPlaces:
        side = read_places(open_place_rows(organisation_id), occupations)
        return CachedPlaces(key=key, occupations=occupations, side=side)

    places: CachedPlaces = _current(
        _cache.places, organisation_id, _versions(organisation_id)[1], "places", build
    )
    return places


def people_for(organisation_id: int) -> CachedPeople:
    """The organisation's matchable people with their index, current as of this request."""

    def build(key: SideKey, occupations: Occupations) -> CachedPeople:
        people = Person.objects.filter(office__organisation_id=organisation_id)
        side = read_people(people, occupations, key.today)
        return CachedPeople(key=key, occupations=occupations, side=side)

    cached: CachedPeople = _current(
        _cache.people, organisation_id, _versions(organisation_id)[0], "people", build
    )
    return cached
