"""Turns model rows into the matching engine's arrays and its answers back into rows.

The engine (``kausa.matching``) never sees a model, and it never sees the sensitive data of a
person (residence status, background): this module reads only the fields listed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from kausa.core.models import Occupation, Office
from kausa.matching.candidates_fit import OccupationFit
from kausa.matching.data import NO_OCCUPATION, Market, OccupationTable, People, Places
from kausa.matching.scoring import FactorContribution, Weights
from kausa.matching.topk import Matcher
from kausa.people.models import DesiredOccupation, Person
from kausa.placements import snapshot
from kausa.placements.models import MatchingWeights
from kausa.placements.snapshot import LANGUAGE_BITS
from kausa.reference.gazetteer import haversine_km
from kausa.vacancies.models import Vacancy

FACTOR_LABELS = {
    "occupation_fit": _("Occupation fit"),
    "commute": _("Commute"),
    "german_level": _("German level"),
    "school_certificate": _("School certificate"),
    "start_date": _("Start date"),
    "driving_licence": _("Driving licence"),
    "shared_language": _("Shared language"),
}
FIT_LABELS = {
    OccupationFit.WISH_1: _("desired occupation 1"),
    OccupationFit.WISH_2: _("desired occupation 2"),
    OccupationFit.WISH_3: _("desired occupation 3"),
    OccupationFit.SAME_4_DIGIT_GROUP: _("closely related occupation"),
    OccupationFit.SAME_3_DIGIT_GROUP: _("related occupation"),
}


@dataclass(frozen=True)
class Factor:
    key: str
    label: str
    value: float
    weight: float
    contribution: float


def distance_label(km: float, from_code: str, to_code: str) -> str:
    if from_code and from_code == to_code:
        return str(_("in town"))
    if km < 1:
        return "< 1 km"
    return f"{number_format(km, decimal_pos=1)} km"


@dataclass(frozen=True)
class Suggestion:
    person: Person
    vacancy: Vacancy
    score: float
    fit_label: str
    distance_km: float
    factors: list[Factor]

    @property
    def distance_label(self) -> str:
        """Reads "im Ort" for the same postal code, "< 1 km" rather than "0,0 km" in a town."""
        return distance_label(self.distance_km, self.person.postal_code, self.vacancy.postal_code)

    def factors_json(self) -> list[dict[str, float | str]]:
        return [
            {"factor": f.key, "value": f.value, "weight": f.weight, "contribution": f.contribution}
            for f in self.factors
        ]


def weights_for(office: Office | None) -> Weights:
    stored = MatchingWeights.objects.filter(office=office).first() if office else None
    if stored is None:
        return Weights()
    return Weights(**{name: getattr(stored, name) for name in FACTOR_LABELS})


def _language_mask(codes: Sequence[str]) -> int:
    mask = 0
    for code in codes:
        if code in LANGUAGE_BITS:
            mask |= 1 << LANGUAGE_BITS[code]
    return mask


class MarketBuilder:
    """Builds one engine market from people and open places of an organisation."""

    def __init__(self, today: date | None = None) -> None:
        self.today = today or timezone.localdate()
        occupation_ids = list(Occupation.objects.order_by("pk").values_list("pk", "kldb_code"))
        self.index_of_occupation = {pk: index for index, (pk, _code) in enumerate(occupation_ids)}
        self.table = OccupationTable(
            kldb_codes=np.array([int(code) for _pk, code in occupation_ids], dtype=np.int32)
        )

    def people(self, people: Sequence[Person]) -> People:
        wishes = np.full((len(people), 3), NO_OCCUPATION, dtype=np.int32)
        for row, person in enumerate(people):
            for item in person.desired_occupations.all()[:3]:
                wishes[row, item.rank - 1] = self.index_of_occupation[item.occupation_id]
        return People(
            latitude=np.array([p.latitude for p in people], dtype=np.float64),
            longitude=np.array([p.longitude for p in people], dtype=np.float64),
            occupations=wishes,
            german_level=np.array([p.german_level for p in people], dtype=np.int8),
            school_certificate=np.array([p.school_certificate for p in people], dtype=np.int8),
            max_commute_km=np.array([p.max_commute_km for p in people], dtype=np.float64),
            driving_licence=np.array([p.has_driving_licence for p in people], dtype=np.bool_),
            available_from=np.array(
                [max(p.available_from or self.today, self.today) for p in people],
                dtype="datetime64[D]",
            ),
            languages=np.array(
                [_language_mask([item.language for item in p.languages.all()]) for p in people],
                dtype=np.uint64,
            ),
        )

    def places(self, vacancies: Sequence[Vacancy]) -> Places:
        return Places(
            occupation=np.array(
                [self.index_of_occupation[v.occupation_id] for v in vacancies], dtype=np.int32
            ),
            seats=np.array([v.seats for v in vacancies], dtype=np.int32),
            latitude=np.array([v.latitude for v in vacancies], dtype=np.float64),
            longitude=np.array([v.longitude for v in vacancies], dtype=np.float64),
            required_german_level=np.array(
                [v.required_german_level for v in vacancies], dtype=np.int8
            ),
            required_school_certificate=np.array(
                [v.required_school_certificate for v in vacancies], dtype=np.int8
            ),
            requires_driving_licence=np.array(
                [v.requires_driving_licence for v in vacancies], dtype=np.bool_
            ),
            start_date=np.array([v.start_date for v in vacancies], dtype="datetime64[D]"),
            languages=np.array(
                [
                    _language_mask([item.language for item in v.company.languages.all()])
                    for v in vacancies
                ],
                dtype=np.uint64,
            ),
        )

    def market(self, people: Sequence[Person], vacancies: Sequence[Vacancy]) -> Market:
        return Market(
            people=self.people(people), places=self.places(vacancies), occupations=self.table
        )


def matchable_people(queryset: QuerySet[Person]) -> QuerySet[Person]:
    """People who can be matched (``snapshot.matchable``), with what the engine reads."""
    return (
        snapshot.matchable(queryset)
        .select_related("office")
        .prefetch_related(
            Prefetch("desired_occupations", queryset=DesiredOccupation.objects.order_by("rank")),
            "languages",
        )
    )


def factors_json(contributions: list[FactorContribution]) -> list[dict[str, float | str]]:
    """What a proposal or run stores of a score: every factor's value, weight, contribution."""
    return [
        {
            "factor": item.factor,
            "value": round(item.value, 3),
            "weight": round(item.weight, 3),
            "contribution": round(item.contribution, 3),
        }
        for item in contributions
    ]


def _factors(contributions: list[FactorContribution]) -> list[Factor]:
    return [
        Factor(
            key=item.factor,
            label=str(FACTOR_LABELS[item.factor]),
            value=round(item.value, 3),
            weight=round(item.weight, 3),
            contribution=round(item.contribution, 3),
        )
        for item in contributions
    ]


def _suggestion(
    matcher: Matcher, person: Person, vacancy: Vacancy, p: int, v: int, score: float, fit: int
) -> Suggestion:
    return Suggestion(
        person=person,
        vacancy=vacancy,
        score=round(float(score), 3),
        fit_label=str(FIT_LABELS.get(OccupationFit(int(fit)), "")),
        distance_km=round(
            haversine_km(
                float(person.latitude or 0.0),  # matchable people always have a location
                float(person.longitude or 0.0),
                vacancy.latitude,
                vacancy.longitude,
            ),
            1,
        ),
        factors=_factors(matcher.explain(p, v)),
    )


def _hydrated_vacancies(ids: list[int]) -> dict[int, Vacancy]:
    return Vacancy.objects.select_related("company", "occupation").in_bulk(ids)


def suggestions_for_person(person: Person, k: int = 10) -> list[Suggestion]:
    """The k best open places of the person's organisation for one person.

    The person is read fresh from the database (their wishes, languages and consent); the
    places and their index come from the organisation's cached snapshot.
    """
    if person.latitude is None:
        return []
    places = snapshot.places_for(person.office.organisation_id)
    one = snapshot.read_people(
        Person.objects.filter(pk=person.pk), places.occupations, places.key.today
    )
    if not len(one) or not len(places.side):
        return []
    matcher = places.matcher.with_people(one.people, weights_for(person.office))
    ranking = matcher.best_places(0, k)
    ids = [int(places.side.vacancy_ids[v]) for v in ranking.indices]
    vacancies = _hydrated_vacancies(ids)
    return [
        _suggestion(matcher, person, vacancies[pk], 0, int(v), float(s), int(f))
        for pk, v, s, f in zip(ids, ranking.indices, ranking.scores, ranking.fit, strict=True)
        if pk in vacancies
    ]


def suggestions_for_vacancy(
    vacancy: Vacancy, *, office: Office | None, all_offices: bool, k: int = 10
) -> list[Suggestion]:
    """The k best candidates for one place among the matchable people of ``office`` (of every
    office of the organisation with ``all_offices``), scored with ``office``'s weights.

    The place is read fresh; the people and their index come from the cached snapshot. The
    office filter applies before the top k, so other offices' people take no one's slot.
    """
    if office is None and not all_offices:
        return []
    people = snapshot.people_for(vacancy.company.organisation_id)
    one = snapshot.read_places(Vacancy.objects.filter(pk=vacancy.pk), people.occupations)
    if not len(one) or not len(people.side):
        return []
    among = None if all_offices else people.side.rows_of_office(office.pk if office else 0)
    matcher = people.matcher.with_places(one.places, weights_for(office))
    ranking = matcher.best_candidates(0, k, among=among)
    ids = [int(people.side.person_ids[p]) for p in ranking.indices]
    persons = Person.objects.select_related("office").in_bulk(ids)
    vacancy = _hydrated_vacancies([vacancy.pk]).get(vacancy.pk, vacancy)
    return [
        _suggestion(matcher, persons[pk], vacancy, int(p), 0, float(s), int(f))
        for pk, p, s, f in zip(ids, ranking.indices, ranking.scores, ranking.fit, strict=True)
        if pk in persons
    ]
