"""Replaced occupations: the sync links successors and moves wishes and places; forms offer
only current occupations; pages name the occupations an occupation replaced."""

from __future__ import annotations

import datetime
import importlib
import io
from types import SimpleNamespace

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse
from django.utils import translation

from kausa.core.models import AuditEntry, Occupation
from kausa.core.reference_sync import (
    MovedCounts,
    move_replaced_occupations,
    sync_reference_after_migrate,
)
from kausa.core.tests.factories import PersonFactory, VacancyFactory
from kausa.people.forms import PersonForm
from kausa.people.models import DesiredOccupation
from kausa.vacancies.forms import VacancyForm
from kausa.vacancies.models import Vacancy

pytestmark = pytest.mark.django_db

GOLD = "goldschmied-in"
SILVER = "silberschmied-in"
MERGED = "gold-und-silberschmied-in"
KANAL = "kanalbauer-in"
KANAL_NEW = "kanalbauer-in-fuer-infrastrukturtechnik"


def occupation(key: str) -> Occupation:
    return Occupation.objects.get(key=key)


def wishes_of(person) -> list[tuple[int, str]]:
    return list(
        DesiredOccupation.objects.filter(person=person)
        .order_by("rank")
        .values_list("rank", "occupation__key")
    )


def wish(person, key: str, rank: int) -> DesiredOccupation:
    return DesiredOccupation.objects.create(person=person, occupation=occupation(key), rank=rank)


def test_sync_stores_validity_and_links_successors():
    gold = occupation(GOLD)
    assert gold.valid_to == datetime.date(2025, 7, 31)
    assert gold.successor == occupation(MERGED)
    assert occupation(SILVER).successor == occupation(MERGED)
    assert occupation(KANAL).successor == occupation(KANAL_NEW)
    assert occupation(MERGED).valid_from == datetime.date(2025, 8, 1)
    assert occupation(MERGED).successor is None
    assert sorted(o.key for o in occupation(MERGED).predecessors.all()) == [GOLD, SILVER]
    # Missing occupations were added with their body and duration.
    speiseeis = occupation("fachkraft-fuer-speiseeis")
    assert (speiseeis.duration_months, speiseeis.competent_body) == (36, "HWK")
    assert occupation("trockenbaumonteur-in").competent_body == "IHK"


def test_current_excludes_replaced_occupations():
    today = datetime.date(2026, 12, 7)
    current = set(Occupation.objects.current(today).values_list("key", flat=True))
    assert {GOLD, SILVER, KANAL, "rohrleitungsbauer-in"}.isdisjoint(current)
    assert {MERGED, KANAL_NEW, "edelsteinfasser-in"} <= current
    assert Occupation.objects.count() - len(current) == 4
    before = set(
        Occupation.objects.current(datetime.date(2026, 7, 31)).values_list("key", flat=True)
    )
    assert KANAL in before and KANAL_NEW not in before


def test_the_sync_moves_a_wish_and_a_place_to_the_successor():
    person = PersonFactory()
    wish(person, GOLD, 1)
    place = VacancyFactory(occupation=occupation(GOLD))
    untouched = VacancyFactory()  # a current occupation stays as it is
    audit_before = AuditEntry.objects.count()
    out = io.StringIO()

    sync_reference_after_migrate(stdout=out)

    assert wishes_of(person) == [(1, MERGED)]
    place.refresh_from_db()
    assert place.occupation.key == MERGED
    assert Vacancy.objects.get(pk=untouched.pk).occupation_id == untouched.occupation_id
    assert "moved 1 desired occupations (0 merged) and 1 places" in out.getvalue()
    assert AuditEntry.objects.count() == audit_before  # not a user action
    # A second run finds nothing left to move.
    assert move_replaced_occupations() == MovedCounts()


def test_a_person_who_wished_both_old_occupations_keeps_one_wish():
    person = PersonFactory()
    wish(person, GOLD, 1)
    wish(person, "kraftfahrzeugmechatroniker-in", 2)
    wish(person, SILVER, 3)
    other = PersonFactory()
    wish(other, "kraftfahrzeugmechatroniker-in", 1)
    wish(other, SILVER, 2)
    wish(other, GOLD, 3)

    moved = move_replaced_occupations()

    assert wishes_of(person) == [(1, MERGED), (2, "kraftfahrzeugmechatroniker-in")]
    assert wishes_of(other) == [(1, "kraftfahrzeugmechatroniker-in"), (2, MERGED)]
    assert moved == MovedCounts(wishes=2, merged_wishes=2, places=0)


def test_a_replaced_wish_ranked_above_an_existing_successor_wish_keeps_its_rank():
    person = PersonFactory()
    wish(person, SILVER, 1)
    wish(person, "kraftfahrzeugmechatroniker-in", 2)
    wish(person, MERGED, 3)

    move_replaced_occupations()

    assert wishes_of(person) == [(1, MERGED), (2, "kraftfahrzeugmechatroniker-in")]


def test_nothing_moves_before_the_change_day():
    person = PersonFactory()
    wish(person, KANAL, 1)
    assert move_replaced_occupations(day=datetime.date(2026, 7, 31)) == MovedCounts()
    assert wishes_of(person) == [(1, KANAL)]
    assert move_replaced_occupations(day=datetime.date(2026, 8, 1)).wishes == 1
    assert wishes_of(person) == [(1, KANAL_NEW)]


def _historical_apps():
    loader = MigrationLoader(connection)
    return loader.project_state(("core", "0006_move_replaced_occupations")).apps


def _migration_forward():
    module = importlib.import_module("kausa.core.migrations.0006_move_replaced_occupations")
    return module.move_forward


def test_the_data_migration_creates_a_missing_successor_from_the_reference_data():
    # As on an upgrade: the old occupation exists, its successor not yet (the sync that
    # inserts it runs after migrate).
    Occupation.objects.filter(key=MERGED).delete()
    person = PersonFactory()
    wish(person, GOLD, 1)
    wish(person, SILVER, 2)

    _migration_forward()(_historical_apps(), SimpleNamespace(connection=connection))

    merged = occupation(MERGED)
    assert (merged.name, merged.kldb_code, merged.duration_months) == (
        "Gold- und Silberschmied/-in",
        "93522",
        42,
    )
    assert merged.valid_from == datetime.date(2025, 8, 1)
    assert wishes_of(person) == [(1, MERGED)]


def test_the_data_migration_on_a_fresh_database_creates_nothing():
    Occupation.objects.filter(key=MERGED).delete()
    _migration_forward()(_historical_apps(), SimpleNamespace(connection=connection))
    assert not Occupation.objects.filter(key=MERGED).exists()


def test_the_forms_offer_only_current_occupations_but_keep_a_record_s_own(organisation):
    gold, merged = occupation(GOLD), occupation(MERGED)
    person_choices = PersonForm().fields["occupation_1"].queryset
    assert merged in person_choices and gold not in person_choices
    kept = PersonForm(initial={"occupation_2": gold.pk}).fields["occupation_1"].queryset
    assert gold in kept and merged in kept

    place_choices = VacancyForm(organisation_id=organisation.pk).fields["occupation"].queryset
    assert merged in place_choices and gold not in place_choices
    place = VacancyFactory(occupation=gold, company__organisation=organisation)
    own = VacancyForm(organisation_id=organisation.pk, vacancy=place).fields["occupation"]
    assert gold in own.queryset

    form = PersonForm(data={"occupation_1": str(gold.pk)})
    form.is_valid()
    assert "occupation_1" in form.errors  # not a valid choice any more


def test_display_name_names_the_predecessors():
    with translation.override("en"):
        assert occupation(MERGED).display_name == (
            "Gold- und Silberschmied/-in (formerly Goldschmied/-in, Silberschmied/-in)"
        )
    assert occupation(GOLD).display_name == "Goldschmied/-in"
    assert occupation("friseur-in").display_name == "Friseur/-in"


def test_person_and_place_pages_show_the_earlier_names(client, counsellor_a):
    person = PersonFactory(office=counsellor_a.office)
    wish(person, MERGED, 1)
    place = VacancyFactory(
        occupation=occupation(MERGED), company__organisation=counsellor_a.office.organisation
    )
    client.force_login(counsellor_a)
    for url in (
        reverse("people:detail", args=[person.pk]),
        reverse("vacancies:detail", args=[place.pk]),
    ):
        page = client.get(url).content.decode()
        assert "Gold- und Silberschmied/-in (" in page
        assert "Goldschmied/-in, Silberschmied/-in)" in page
