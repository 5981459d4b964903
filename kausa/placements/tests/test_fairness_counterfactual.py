"""Counterfactual fairness through the database: protected attributes change no suggestion.

An office with 200 people and 100 open places is matched through the app's own code path
(`kausa.placements.adapter` as the pages use it, the batch suggestions of the engine with the
office's weights, and a matching run executed as the worker executes it). Then one protected
attribute at a time is changed for half of the people, in the database, and everything is
computed again: candidates, scores, factor tables, rankings, batch suggestions and the run's
pairs must be identical. A structural check makes sure the columns the adapter sends to the
engine carry none of the app's sensitive fields.

Protected attributes that the app does not store (nationality, country of birth, gender,
religion, disability) are pinned as absent: adding one to a model fails
`test_the_app_stores_no_further_protected_attribute`, and it must then join the list below.
The date of birth is not a documented matching factor (docs/matching.md), so it is varied too.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime
import inspect
import random
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from django.db import models
from django.utils import timezone

from kausa.companies.models import Company, CompanyLanguage
from kausa.core.choices import LANGUAGES
from kausa.core.models import Occupation, Office
from kausa.core.search import normalize
from kausa.core.tests.factories import district
from kausa.matching.data import People, Places
from kausa.matching.topk import Matcher
from kausa.people.models import (
    DesiredOccupation,
    Gender,
    Person,
    PersonLanguage,
    PersonSensitive,
)
from kausa.placements import adapter
from kausa.placements import tasks as matching_tasks
from kausa.placements.models import MatchingRun, MatchingWeights
from kausa.placements.tasks import matching_run_execute
from kausa.vacancies.models import Vacancy
from kausa.vacancies.selectors import open_places

pytestmark = pytest.mark.django_db

PEOPLE, PLACES, COMPANIES = 200, 100, 40
SAMPLED_PEOPLE, SAMPLED_PLACES = 40, 20  # single-item pages, computed for a sample
RUN_ID = 9001  # the same run id (the seed of the lottery) before and after the change
TODAY = timezone.localdate()
LANGUAGE_CODES = [code for code, _name in LANGUAGES if code != "de"][:12]

# Fields that name or reveal a protected attribute (Art. 9 GDPR and the AGG's grounds).
PROTECTED_STEMS = (
    "nation",
    "citizen",
    "origin",
    "birth",
    "gender",
    "sex",
    "religio",
    "residence",
    "migration",
    "refugee",
    "disab",
    "handicap",
    "ethnic",
)
# Not stored anywhere: if one is ever added, it must be varied here too.
NOT_STORED = ("nationality", "country_of_birth", "religion", "disability")


def _random_date(rng: random.Random, start: datetime.date, days: int) -> datetime.date:
    return start + datetime.timedelta(days=rng.randrange(days))


def _location(rng: random.Random) -> dict[str, Any]:
    # Sachsen-Anhalt between Dessau, Halle and Magdeburg: commutes of 0–120 km
    return {"latitude": rng.uniform(51.4, 52.3), "longitude": rng.uniform(11.2, 12.4)}


def _occupations() -> list[Occupation]:
    """A few occupations that share KldB groups, so related fits occur as well."""
    ordered = list(Occupation.objects.order_by("kldb_code", "pk"))
    chosen = ordered[:: max(1, len(ordered) // 6)][:6]
    neighbours = [ordered[ordered.index(item) + 1] for item in chosen[:4]]
    return chosen + neighbours


def build_market(office: Office, rng: random.Random) -> None:
    """200 people and 100 open places, bulk created."""
    occupations = _occupations()
    halle = district("15002")
    people = Person.objects.bulk_create(
        Person(
            office=office,
            first_name=f"Vorname{index}",
            last_name=f"Nachname{index}",
            birth_date=_random_date(rng, datetime.date(1995, 1, 1), 4000),
            postal_code="39104",
            place="Magdeburg",
            german_level=rng.randrange(8),
            school_certificate=rng.randrange(5),
            max_commute_km=rng.choice([10, 20, 30, 50, 80]),
            has_driving_licence=rng.random() < 0.4,
            available_from=rng.choice([None, _random_date(rng, TODAY, 300)]),
            search_text=normalize(f"Vorname{index} Nachname{index}"),
            **_location(rng),
        )
        for index in range(PEOPLE)
    )
    wishes, languages = [], []
    for person in people:
        for rank, occupation in enumerate(rng.sample(occupations, rng.randint(1, 3)), 1):
            wishes.append(DesiredOccupation(person=person, occupation=occupation, rank=rank))
        for code in rng.sample(LANGUAGE_CODES, rng.randint(0, 3)):
            languages.append(PersonLanguage(person=person, language=code, level=3))
    DesiredOccupation.objects.bulk_create(wishes)
    PersonLanguage.objects.bulk_create(languages)
    PersonSensitive.objects.bulk_create(PersonSensitive(person=person) for person in people)

    companies = Company.objects.bulk_create(
        Company(
            organisation=office.organisation,
            name=f"Betrieb {index}",
            postal_code="06108",
            place="Halle (Saale)",
            district=halle,
            size="small",
            sector="F",
            competent_body="HWK",
            migrant_led=rng.random() < 0.3,
            **_location(rng),
        )
        for index in range(COMPANIES)
    )
    CompanyLanguage.objects.bulk_create(
        CompanyLanguage(company=company, language=code)
        for company in companies
        for code in rng.sample(LANGUAGE_CODES, rng.randint(0, 2))
    )
    Vacancy.objects.bulk_create(
        Vacancy(
            company=rng.choice(companies),
            occupation=rng.choice(occupations),
            seats=rng.randint(1, 3),
            start_date=_random_date(rng, TODAY + datetime.timedelta(days=30), 300),
            postal_code="06108",
            place="Halle (Saale)",
            district=halle,
            required_german_level=rng.randrange(6),
            required_school_certificate=rng.randrange(4),
            requires_driving_licence=rng.random() < 0.2,
            status="open",
            **_location(rng),
        )
        for _index in range(PLACES)
    )
    # Weights other than the defaults, so the office's weights are really read.
    MatchingWeights.objects.create(office=office, commute=0.35, shared_language=0.2)


def _suggestion_rows(suggestions: list[adapter.Suggestion]) -> list[tuple[Any, ...]]:
    return [
        (
            item.person.pk,
            item.vacancy.pk,
            item.score,
            item.fit_label,
            item.distance_km,
            *((f.key, f.value, f.weight, f.contribution) for f in item.factors),
        )
        for item in suggestions
    ]


def compute_everything(office: Office) -> dict[str, Any]:
    """What the app shows or stores about matching for this office."""
    people_of_office = Person.objects.filter(office=office)
    people = list(adapter.matchable_people(people_of_office).order_by("pk"))
    vacancies = list(open_places(office.organisation_id))
    assert len(people) == PEOPLE and len(vacancies) == PLACES

    per_person = {
        person.pk: _suggestion_rows(adapter.suggestions_for_person(person, k=10))
        for person in people[:SAMPLED_PEOPLE]
    }
    per_place = {
        vacancy.pk: _suggestion_rows(
            adapter.suggestions_for_vacancy(vacancy, office=office, all_offices=False, k=10)
        )
        for vacancy in vacancies[:SAMPLED_PLACES]
    }

    weights = MatchingWeights.objects.get(office=office)
    matcher = Matcher(
        adapter.MarketBuilder().market(people, vacancies), adapter.weights_for(office)
    )
    found = matcher.candidates()
    scores = matcher.score(found)
    batch = matcher.batch_best_places(
        k=3, cap_multiple=weights.cap_multiple, candidates=found, scores=scores
    )

    MatchingRun.objects.filter(pk=RUN_ID).delete()
    run = MatchingRun.objects.create(pk=RUN_ID, office=office)
    matching_run_execute.call(run.pk)
    run.refresh_from_db()
    assert run.state == MatchingRun.State.DONE
    pairs = list(run.pairs.order_by("person_id").values_list("person_id", "vacancy_id", "score"))
    return {
        "person_suggestions": per_person,
        "place_candidates": per_place,
        "candidates": (found.indptr.tolist(), found.places.tolist(), found.fit.tolist()),
        "scores": scores.tolist(),
        "batch": (batch.indptr.tolist(), batch.places.tolist(), batch.scores.tolist()),
        "run_pairs": pairs,
        "run_factors": list(run.pairs.order_by("person_id").values_list("factors", flat=True)),
    }


def _half(rng: random.Random) -> list[int]:
    pks = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    return rng.sample(pks, len(pks) // 2)


def _vary_sensitive(field: str, values: Callable[[random.Random], Any]) -> Callable[..., None]:
    def vary(rng: random.Random) -> None:
        changed = list(PersonSensitive.objects.filter(person_id__in=_half(rng)))
        for row in changed:
            setattr(row, field, values(rng))
        PersonSensitive.objects.bulk_update(changed, [field])

    return vary


def _vary_person(field: str, values: Callable[[random.Random], Any]) -> Callable[..., None]:
    def vary(rng: random.Random) -> None:
        changed = list(Person.objects.filter(pk__in=_half(rng)))
        for row in changed:
            setattr(row, field, values(rng))
        Person.objects.bulk_update(changed, [field])

    return vary


def _residence_status(rng: random.Random) -> str:
    field = PersonSensitive._meta.get_field("residence_status")
    assert isinstance(field, models.CharField)
    return str(rng.choice([value for value, _label in field.choices or ()]))


# Every protected attribute the app stores, and how to change it at random.
VARIATIONS: dict[str, Callable[[random.Random], None]] = {
    "residence_status": _vary_sensitive("residence_status", _residence_status),
    "residence_valid_until": _vary_sensitive(
        "residence_valid_until",
        lambda rng: rng.choice([None, _random_date(rng, TODAY - datetime.timedelta(400), 1500)]),
    ),
    "has_refugee_background": _vary_sensitive(
        "has_refugee_background", lambda rng: rng.choice([None, True, False])
    ),
    "has_migration_background": _vary_sensitive(
        "has_migration_background", lambda rng: rng.choice([None, True, False])
    ),
    # Recorded for the funder's statistics only.
    "gender": _vary_sensitive("gender", lambda rng: rng.choice(["", *Gender.values])),
    "birth_date": _vary_person(
        "birth_date",
        lambda rng: rng.choice([None, _random_date(rng, datetime.date(1985, 1, 1), 9000)]),
    ),
    "country_of_residence": _vary_person(
        "country_of_residence", lambda rng: rng.choice(["Syrien", "Türkei", "Vietnam", ""])
    ),
    # Where a certificate was gained and a name can reveal the origin.
    "school_certificate_country": _vary_person(
        "school_certificate_country", lambda rng: rng.choice(["Syrien", "Ukraine", "Eritrea", ""])
    ),
    "last_name": _vary_person(
        "last_name", lambda rng: rng.choice(["Haddad", "Müller", "Kovalenko", "Tesfay"])
    ),
}


@pytest.fixture
def market(office_a: Office) -> Office:
    build_market(office_a, random.Random(20261201))
    return office_a


@pytest.mark.parametrize("attribute", sorted(VARIATIONS))
def test_changing_a_protected_attribute_changes_no_suggestion(market, attribute):
    before = compute_everything(market)
    assert sum(len(rows) for rows in before["person_suggestions"].values()) > SAMPLED_PEOPLE
    assert sum(len(rows) for rows in before["place_candidates"].values()) > SAMPLED_PLACES
    assert len(before["run_pairs"]) > PLACES // 2  # a run that matched many people

    VARIATIONS[attribute](random.Random(attribute))
    after = compute_everything(market)

    for part in before:
        assert after[part] == before[part], f"{attribute} changed the {part}"


def test_every_protected_attribute_the_app_stores_is_varied():
    stored = {
        field.name
        for model in (Person, PersonSensitive)
        for field in model._meta.concrete_fields
        if any(stem in field.name for stem in PROTECTED_STEMS) or model is PersonSensitive
    }
    stored -= {"id", "person"}
    assert stored <= set(VARIATIONS), sorted(stored - set(VARIATIONS))


def test_the_app_stores_no_further_protected_attribute():
    for model in (Person, PersonSensitive):
        names = {field.name for field in model._meta.get_fields()}
        for name in NOT_STORED:
            assert name not in names, f"{model.__name__}.{name} exists: vary it in VARIATIONS"


def _sensitive_field_names() -> set[str]:
    """The app's sensitive fields: all of PersonSensitive, and person fields named protected."""
    names = {field.name for field in PersonSensitive._meta.concrete_fields} - {"id", "person"}
    for field in Person._meta.concrete_fields:
        label = f"{field.name} {field.verbose_name}".lower()
        if any(stem in label for stem in PROTECTED_STEMS):
            names.add(field.name)
    return names


def test_the_columns_sent_to_the_engine_carry_no_sensitive_field(market):
    sensitive = _sensitive_field_names()
    assert {"residence_status", "has_refugee_background", "birth_date"} <= sensitive
    columns = {field.name for field in dataclasses.fields(People)}
    columns |= {field.name for field in dataclasses.fields(Places)}
    assert not columns & sensitive, sorted(columns & sensitive)
    assert not any(stem in column for column in columns for stem in PROTECTED_STEMS)

    # What the adapter builds from real rows: every column a plain array of the declared ones.
    people = list(adapter.matchable_people(Person.objects.filter(office=market)).order_by("pk"))
    built = adapter.MarketBuilder().people(people)
    assert {field.name for field in dataclasses.fields(built)} == {
        field.name for field in dataclasses.fields(People)
    }
    for field in dataclasses.fields(built):
        assert isinstance(getattr(built, field.name), np.ndarray), field.name


def test_the_matching_code_reads_no_sensitive_field():
    """The adapter and the run task name no sensitive field, nor the sensitive relation."""
    sensitive = _sensitive_field_names() | {"sensitive", "PersonSensitive"}
    for module in (adapter, matching_tasks):
        tree = ast.parse(inspect.getsource(module))
        names = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
        names |= {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
        names |= {
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
        }
        assert not names & sensitive, (module.__name__, sorted(names & sensitive))
