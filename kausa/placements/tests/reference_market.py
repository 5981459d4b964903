"""The suggestions as computed before the market snapshot: a fresh engine market per request,
built from model objects. Tests compare the snapshot path against it."""

from __future__ import annotations

from typing import Any

import numpy as np
from django.db.models import QuerySet

from kausa.core.models import Office
from kausa.matching.assignment import solve_stable
from kausa.matching.topk import Matcher
from kausa.people.models import Person
from kausa.placements.adapter import (
    MarketBuilder,
    Suggestion,
    _suggestion,
    factors_json,
    matchable_people,
    weights_for,
)
from kausa.placements.tasks import stable_instance
from kausa.vacancies.models import Vacancy
from kausa.vacancies.selectors import open_places


def suggestions_for_person(person: Person, k: int = 10) -> list[Suggestion]:
    """The k best open places of the person's organisation for one person."""
    if person.latitude is None:
        return []
    matchable = matchable_people(Person.objects.filter(pk=person.pk)).first()
    if matchable is None:
        return []
    person = matchable
    vacancies = list(open_places(person.office.organisation_id))
    builder = MarketBuilder()
    matcher = Matcher(builder.market([person], vacancies), weights_for(person.office))
    ranking = matcher.best_places(0, k)
    return [
        _suggestion(matcher, person, vacancies[v], 0, int(v), float(s), int(f))
        for v, s, f in zip(ranking.indices, ranking.scores, ranking.fit, strict=True)
    ]


def suggestions_for_vacancy(
    vacancy: Vacancy, people_queryset: QuerySet[Person], office: Office | None, k: int = 10
) -> list[Suggestion]:
    """The k best candidates for one place among the people the user may see."""
    people = list(matchable_people(people_queryset).order_by("pk"))
    if not people:
        return []
    vacancy = open_places(vacancy.company.organisation_id).filter(pk=vacancy.pk).first() or vacancy
    builder = MarketBuilder()
    matcher = Matcher(builder.market(people, [vacancy]), weights_for(office))
    ranking = matcher.best_candidates(0, k)
    return [
        _suggestion(matcher, people[p], vacancy, int(p), 0, float(s), int(f))
        for p, s, f in zip(ranking.indices, ranking.scores, ranking.fit, strict=True)
    ]


def run_pairs(office: Office, seed: int) -> list[tuple[int, int, float, list[Any]]]:
    """The pairs a matching run stored before the snapshot (people and places as objects)."""
    people = list(matchable_people(Person.objects.filter(office=office)).order_by("pk"))
    vacancies = list(open_places(office.organisation_id))
    matcher = Matcher(MarketBuilder().market(people, vacancies), weights_for(office))
    candidates = matcher.candidates()
    scores = matcher.score(candidates)
    seats = np.array([vacancy.seats for vacancy in vacancies], dtype=np.int32)
    assignment = solve_stable(stable_instance(candidates, scores, seats), seed=seed)
    pairs = []
    for person_index, place_index in enumerate(assignment.place_of_candidate.tolist()):
        if place_index < 0:
            continue
        contributions = matcher.explain(person_index, place_index)
        pairs.append(
            (
                people[person_index].pk,
                vacancies[place_index].pk,
                round(sum(item.contribution for item in contributions), 3),
                factors_json(contributions),
            )
        )
    return sorted(pairs)
