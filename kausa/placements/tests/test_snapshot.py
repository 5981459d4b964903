"""The cached market snapshot answers exactly as a market built afresh per request.

Two offices of one organisation, 200 people each and 200 open places (bulk created, as the
fairness test builds them). Every comparison is against ``reference_market``: the engine
market built from model objects, as the pages computed it before the snapshot.
"""

from __future__ import annotations

import datetime
import logging
import random
from typing import Any

import pytest
from django.urls import reverse

from kausa.core.models import Office
from kausa.counselling.models import Consent, ConsentMethod, ConsentPurpose
from kausa.people.models import Person
from kausa.placements import adapter, snapshot
from kausa.placements.models import MarketVersion, MatchingRun, MatchingRunPair
from kausa.placements.signals import PEOPLE, PLACES, bump_market_version
from kausa.placements.tasks import matching_run_execute
from kausa.placements.tests import reference_market
from kausa.placements.tests.test_fairness_counterfactual import build_market
from kausa.vacancies.models import Vacancy
from kausa.vacancies.selectors import open_places

pytestmark = pytest.mark.django_db


def rows(suggestions: list[adapter.Suggestion]) -> list[tuple[Any, ...]]:
    return [
        (
            item.person.pk,
            item.vacancy.pk,
            item.score,
            item.fit_label,
            item.distance_km,
            tuple(item.factors),
        )
        for item in suggestions
    ]


@pytest.fixture
def market(office_a: Office, office_b: Office) -> dict[str, Any]:
    rng = random.Random(7)
    build_market(office_a, rng)
    build_market(office_b, rng)
    return {"a": office_a, "b": office_b}


def person_rows(person: Person) -> tuple[list[Any], list[Any]]:
    return (
        rows(adapter.suggestions_for_person(person, k=10)),
        rows(reference_market.suggestions_for_person(person, k=10)),
    )


def vacancy_rows(vacancy: Vacancy, office: Office, *, all_offices: bool) -> tuple[Any, Any]:
    people = Person.objects.filter(office__organisation_id=office.organisation_id)
    if not all_offices:
        people = people.filter(office=office)
    return (
        rows(adapter.suggestions_for_vacancy(vacancy, office=office, all_offices=all_offices)),
        rows(reference_market.suggestions_for_vacancy(vacancy, people, office, k=10)),
    )


def test_person_suggestions_equal_a_fresh_market(market):
    people = list(Person.objects.select_related("office").order_by("pk"))[::10]
    found = 0
    for person in people:
        new, reference = person_rows(person)
        assert new == reference, person.pk
        found += len(new)
    assert found > 50  # the comparison compared something


def test_place_candidates_equal_a_fresh_market_per_office_and_for_all(market):
    vacancies = list(open_places(market["a"].organisation_id))[::8]
    found = 0
    for vacancy in vacancies:
        for office in (market["a"], market["b"]):
            new, reference = vacancy_rows(vacancy, office, all_offices=False)
            assert new == reference, vacancy.pk
            assert {row[0] for row in new} <= set(
                Person.objects.filter(office=office).values_list("pk", flat=True)
            )
            found += len(new)
        new, reference = vacancy_rows(vacancy, market["a"], all_offices=True)
        assert new == reference
    assert found > 50


def test_an_edit_raises_the_version_and_changes_the_answer(market):
    vacancy = next(
        v
        for v in open_places(market["a"].organisation_id)
        if len(vacancy_rows(v, market["a"], all_offices=False)[0]) >= 3
    )
    before, _reference = vacancy_rows(vacancy, market["a"], all_offices=False)
    versions = MarketVersion.objects.get(organisation_id=market["a"].organisation_id)
    best = Person.objects.get(pk=before[0][0])
    best.max_commute_km = 1  # saved as the person form saves it
    best.save()
    after, reference = vacancy_rows(vacancy, market["a"], all_offices=False)
    assert after == reference and after != before
    assert best.pk not in [row[0] for row in after]
    versions_after = MarketVersion.objects.get(pk=versions.pk)
    assert versions_after.people_version == versions.people_version + 1
    assert versions_after.places_version == versions.places_version

    # A place edited away disappears from the person suggestions.
    person = next(p for p in Person.objects.filter(office=market["a"]) if person_rows(p)[0])
    first = Vacancy.objects.get(pk=person_rows(person)[0][0][1])
    first.status = "filled"
    first.save()
    new, reference = person_rows(person)
    assert new == reference and first.pk not in [row[1] for row in new]


def test_withdrawn_consent_removes_the_person_from_candidates(market):
    vacancy = next(
        v
        for v in open_places(market["a"].organisation_id)
        if vacancy_rows(v, market["a"], all_offices=False)[0]
    )
    before, _reference = vacancy_rows(vacancy, market["a"], all_offices=False)
    person = Person.objects.get(pk=before[0][0])
    Consent.objects.create(
        person=person,
        purpose=ConsentPurpose.MATCHING,
        text_version="1",
        given_on=datetime.date(2026, 1, 1),
        method=ConsentMethod.choices[0][0],
        withdrawn_on=datetime.date(2026, 2, 1),
    )
    after, reference = vacancy_rows(vacancy, market["a"], all_offices=False)
    assert after == reference
    assert person.pk not in [row[0] for row in after]
    assert adapter.suggestions_for_person(person) == []


def test_pages_use_the_snapshot_and_show_the_same_lists(market, client, counsellor_a):
    client.force_login(counsellor_a)
    person = Person.objects.filter(office=market["a"]).order_by("pk").first()
    assert person is not None
    response = client.get(reverse("placements:person", args=[person.pk]))
    assert rows(response.context["suggestions"]) == person_rows(person)[1]
    vacancy = open_places(market["a"].organisation_id).first()
    assert vacancy is not None
    response = client.get(reverse("placements:vacancy", args=[vacancy.pk]))
    assert (
        rows(response.context["suggestions"])
        == vacancy_rows(vacancy, market["a"], all_offices=False)[1]
    )


def test_bump_adds_one_to_one_side(organisation):
    bump_market_version(organisation.pk, PLACES)
    start = MarketVersion.objects.get(organisation=organisation)
    bump_market_version(organisation.pk, PLACES)
    bump_market_version(organisation.pk, PEOPLE)
    now = MarketVersion.objects.get(organisation=organisation)
    assert (now.people_version, now.places_version) == (
        start.people_version + 1,
        start.places_version + 1,
    )


def test_a_place_without_a_usable_location_is_skipped_and_counted(market, caplog):
    organisation_id = market["a"].organisation_id
    broken = open_places(organisation_id).first()
    assert broken is not None
    Vacancy.objects.filter(pk=broken.pk).update(latitude=400.0)
    bump_market_version(organisation_id, PLACES)
    with caplog.at_level(logging.ERROR, logger="kausa.incident"):
        cached = snapshot.places_for(organisation_id)
    assert broken.pk not in set(cached.side.vacancy_ids.tolist())
    assert len(cached.side) == open_places(organisation_id).count() - 1
    assert "1 rows of places skipped" in caplog.text
    person = Person.objects.select_related("office").filter(office=market["a"]).first()
    assert person is not None
    adapter.suggestions_for_person(person)  # the page still answers


def test_a_failed_read_serves_the_last_good_snapshot(market, caplog, monkeypatch):
    organisation_id = market["a"].organisation_id
    good = snapshot.places_for(organisation_id)

    def failing(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("broken row")

    monkeypatch.setattr(snapshot, "read_places", failing)
    bump_market_version(organisation_id, PLACES)
    with caplog.at_level(logging.ERROR, logger="kausa.incident"):
        served = snapshot.places_for(organisation_id)
    assert served is good
    assert "ValueError" in caplog.text and "broken row" not in caplog.text


def test_a_matching_run_stores_the_pairs_of_a_fresh_market(market):
    run = MatchingRun.objects.create(office=market["a"])
    assert matching_run_execute.call(run.pk) > 20
    stored = sorted(
        (pair.person_id, pair.vacancy_id, pair.score, pair.factors)
        for pair in MatchingRunPair.objects.filter(run=run)
    )
    assert stored == reference_market.run_pairs(market["a"], seed=run.pk)
    run.refresh_from_db()
    assert (run.state, run.progress, run.matched_count) == ("done", 100, len(stored))
    # Delivered a second time: nothing is computed or stored again.
    assert matching_run_execute.call(run.pk) == len(stored)
    assert MatchingRunPair.objects.filter(run=run).count() == len(stored)


def test_the_warm_up_runs_every_kernel_and_reads_the_snapshots(market):
    from kausa.placements import warmup

    assert warmup.warm_up() >= 0.0
    snapshot.clear()
    warmup.prepare_process()
    organisation_id = market["a"].organisation_id
    assert len(snapshot.places_for(organisation_id).side) == 200
    assert len(snapshot.people_for(organisation_id).side) == 400
