"""The name search through the database's trigram index (kausa.core.search, search_index).

Runs on SQLite (FTS5 trigram table kept by triggers) and on PostgreSQL (pg_trgm GIN index).
"""

from __future__ import annotations

import pytest
from django.db import connection

from kausa.core import search_index
from kausa.core.search import FUZZY_CANDIDATES, FUZZY_LIMIT, normalize, search_queryset
from kausa.core.tests.factories import (
    CompanyFactory,
    OfficeFactory,
    PersonFactory,
    VacancyFactory,
)
from kausa.people.models import Person
from kausa.vacancies.models import Vacancy

pytestmark = pytest.mark.django_db
SQLITE = pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite FTS5 index")


def _names(queryset, query: str, field: str = "search_text") -> list[str]:
    return sorted(str(row) for row in search_queryset(queryset, query, field))


def _person(office, first: str, last: str) -> Person:
    return PersonFactory(office=office, first_name=first, last_name=last)


def _fts_rowids(table: str, phrase: str) -> set[int]:
    fts = search_index.fts_table(table)
    with connection.cursor() as cursor:
        sql = f'SELECT rowid FROM "{fts}" WHERE "{fts}" MATCH %s'  # noqa: S608
        cursor.execute(sql, [f'"{phrase}"'])
        return {row[0] for row in cursor.fetchall()}


def test_typos_find_the_name_and_exact_hits_win():
    office = OfficeFactory()
    _person(office, "Mohammad", "Al-Haddad")
    _person(office, "Jan", "Kozłowski")
    _person(office, "Petra", "Schmitt")
    _person(office, "Olena", "Kovalenko")
    people = Person.objects.filter(office=office)

    assert _names(people, "Mohamad Al-Hadad") == ["Mohammad Al-Haddad"]
    assert _names(people, "Mohamed") == ["Mohammad Al-Haddad"]
    assert _names(people, "Kozlowski") == ["Jan Kozłowski"]
    assert _names(people, "Schmidt") == ["Petra Schmitt"]
    assert _names(people, "kowalenko") == ["Olena Kovalenko"]
    assert _names(people, "Schneider") == []

    _person(office, "Tom", "Schmidt")
    # The exact word start wins outright: the look-alike is not added.
    assert _names(people, "Schmidt") == ["Tom Schmidt"]
    assert _names(people, "schm") == ["Petra Schmitt", "Tom Schmidt"]
    assert _names(people, "al") == ["Mohammad Al-Haddad"]


def test_another_office_with_many_similar_names_cannot_crowd_out_the_own_match():
    mine, other = OfficeFactory(), OfficeFactory()
    crowd = PersonFactory.build_batch(
        FUZZY_CANDIDATES + 100, office=other, first_name="Lena", last_name="Schmitt"
    )
    for person in crowd:
        person.search_text = normalize(f"{person.first_name} {person.last_name}")
    Person.objects.bulk_create(crowd)
    own = _person(mine, "Lena", "Schmitz")
    query = "Lena Schmittt"  # no word start matches: the similar names are looked for

    assert _names(Person.objects.filter(office=mine), query) == ["Lena Schmitz"]
    found = search_queryset(Person.objects.filter(office=other), query)
    assert found.count() == FUZZY_LIMIT
    assert set(found.values_list("office", "search_text")) == {(other.pk, "lena schmitt")}
    if connection.vendor == "sqlite":
        # The proof that the case bites: a global candidate limit would have lost it.
        fts = search_index.fts_table("people_person")
        with connection.cursor() as cursor:
            cursor.execute(
                f'SELECT rowid FROM "{fts}" WHERE "{fts}" MATCH %s ORDER BY rank LIMIT %s',  # noqa: S608
                ['"len" OR "ena" OR "sch" OR "chm" OR "hmi" OR "mit" OR "itt"', FUZZY_CANDIDATES],
            )
            assert own.pk not in {row[0] for row in cursor.fetchall()}


def test_inserts_updates_and_deletes_reach_the_index_at_once():
    office = OfficeFactory()
    people = Person.objects.filter(office=office)
    person = _person(office, "Ilyas", "Brzęczyszczykiewicz")
    assert _names(people, "Brzeczyszczykiewitz") == ["Ilyas Brzęczyszczykiewicz"]

    person.last_name = "Wojciechowski"
    person.search_text = normalize(f"{person.first_name} {person.last_name}")
    person.save()
    assert _names(people, "Brzeczyszczykiewitz") == []
    assert _names(people, "Wojciechowsky") == ["Ilyas Wojciechowski"]
    Person.objects.filter(pk=person.pk).update(search_text="ilyas nowak")
    assert _names(people, "Wojciechowsky") == []
    assert _names(people, "nowack") == ["Ilyas Wojciechowski"]
    if connection.vendor == "sqlite":
        assert _fts_rowids("people_person", "nowak") == {person.pk}
        assert _fts_rowids("people_person", "wojciech") == set()

    Person.objects.filter(pk=person.pk).delete()
    assert _names(Person.objects.all(), "nowack") == []
    if connection.vendor == "sqlite":
        assert _fts_rowids("people_person", "nowak") == set()


def test_vacancies_search_their_company_names():
    office = OfficeFactory()
    organisation = office.organisation
    yilmaz = CompanyFactory(organisation=organisation, name="Elektro Yılmaz GmbH")
    other = CompanyFactory(organisation=organisation, name="Bäckerei Sommer")
    VacancyFactory(company=yilmaz)
    VacancyFactory(company=yilmaz)
    VacancyFactory(company=other)
    vacancies = Vacancy.objects.filter(company__organisation=organisation)

    def companies(query: str) -> list[str]:
        found = search_queryset(vacancies, query, field="company__search_text")
        return sorted(found.values_list("company__name", flat=True))

    assert companies("yilmaz") == ["Elektro Yılmaz GmbH"] * 2
    assert companies("Elektro Yilmas") == ["Elektro Yılmaz GmbH"] * 2
    assert companies("Beckerei") == ["Bäckerei Sommer"]


@SQLITE
def test_rebuild_restores_an_index_that_missed_writes():
    from kausa.core.tasks import search_text_rebuild

    office = OfficeFactory()
    with connection.cursor() as cursor:
        cursor.execute('DROP TRIGGER "people_person_search_ai"')
    person = _person(office, "Samira", "Quenstedt")
    assert _fts_rowids("people_person", "quenstedt") == set()

    result = search_text_rebuild.call()
    assert result["search_indexes"] == len(search_index.SEARCH_TABLES)
    assert _fts_rowids("people_person", "quenstedt") == {person.pk}
    assert search_index.sqlite_index_ready(connection, "people_person")


@SQLITE
def test_lost_triggers_are_recreated_with_a_rebuild_before_searching():
    office = OfficeFactory()
    with connection.cursor() as cursor:
        for trigger in ("ai", "ad", "au"):
            cursor.execute(f'DROP TRIGGER "people_person_search_{trigger}"')
    _person(office, "Samira", "Quenstedt")

    assert _names(Person.objects.filter(office=office), "Quenstett") == ["Samira Quenstedt"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE name LIKE 'people_person_search_a_'"
        )
        assert cursor.fetchone()[0] == 3


def test_the_migration_refuses_an_old_sqlite(monkeypatch):
    monkeypatch.setattr(search_index.sqlite3, "sqlite_version_info", (3, 31, 1))
    with pytest.raises(RuntimeError, match=r"SQLite 3\.34 or newer"):
        search_index.check_sqlite_support()


def _index_bytes() -> bytes:
    """Every stored byte of the people FTS table's shadow tables."""
    fts = search_index.fts_table("people_person")
    stored = b""
    with connection.cursor() as cursor:
        for shadow in ("data", "idx", "docsize", "config"):
            cursor.execute(f'SELECT * FROM "{fts}_{shadow}"')  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    stored += value if isinstance(value, bytes) else str(value).encode()
    return stored


@pytest.mark.django_db(transaction=True)
def test_nothing_of_an_erased_name_stays_in_the_index():
    from kausa.counselling.services.data_rights import person_erase

    office = OfficeFactory()
    _person(office, "Anna", "Schmidt")
    erased = _person(office, "Qjvxq", "Brandt")  # "jvx": a trigram of no other name here
    control = _person(office, "Zqxwv", "Brandt")
    assert _names(Person.objects.all(), "qjvxq") == ["Qjvxq Brandt"]
    if connection.vendor == "sqlite":
        assert b"jvx" in _index_bytes() and b"zqx" in _index_bytes()
        # A change alone leaves the old trigrams in an older index segment (FTS5 tombstones):
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE people_person SET search_text = 'bernd brandt' WHERE id = %s",
                [control.pk],
            )
        assert _names(Person.objects.all(), "zqxwv") == []
        assert b"zqx" in _index_bytes()

    person_erase(actor=None, person=erased)

    assert _names(Person.objects.all(), "qjvxq") == []
    assert _names(Person.objects.all(), "Anna") == ["Anna Schmidt"]
    if connection.vendor == "sqlite":
        stored = _index_bytes()
        assert b"jvx" not in stored and b"zqx" not in stored
