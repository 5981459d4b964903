"""The name pools and distributions are consistent with the project's value lists."""

from __future__ import annotations

import re
from datetime import date

from kausa.core.choices import LANGUAGE_CODES, Sector
from kausa.demo import profiles
from kausa.demo.names import (
    NAME_POOLS,
    NAME_POOLS_BY_CODE,
    demo_email,
    drama_phone,
    email_local_part,
    trade_for,
)
from kausa.demo.small_companies import OWNER_ORIGINS
from kausa.demo.small_people import ABROAD_CITIES
from kausa.people.models import ResidenceStatus
from kausa.reference import occupations as reference_occupations


def test_every_origin_has_names_languages_and_statuses():
    assert {pool.code for pool in NAME_POOLS} == {origin.code for origin in profiles.ORIGINS}
    for pool in NAME_POOLS:
        assert len(pool.female) >= 15 and len(pool.male) >= 15 and len(pool.family) >= 15
    for origin in profiles.ORIGINS:
        languages = [c for c, _w, _l in origin.first_languages + origin.other_languages]
        assert set(languages) <= LANGUAGE_CODES
        assert {s for s, _w in origin.residence_statuses} <= set(ResidenceStatus.values)
        if origin.abroad_weight:
            assert origin.code in ABROAD_CITIES
    assert {code for code, _w in OWNER_ORIGINS} <= set(NAME_POOLS_BY_CODE)


def test_family_names_take_the_feminine_form():
    assert NAME_POOLS_BY_CODE["PL"].family_name("Kowalski", female=True) == "Kowalska"
    assert NAME_POOLS_BY_CODE["PL"].family_name("Nowak", female=True) == "Nowak"
    assert NAME_POOLS_BY_CODE["RU"].family_name("Ivanov", female=True) == "Ivanova"
    assert NAME_POOLS_BY_CODE["RU"].family_name("Ivanov", female=False) == "Ivanov"
    assert NAME_POOLS_BY_CODE["TR"].family_name("Yılmaz", female=True) == "Yılmaz"


def test_contact_data_helpers():
    assert email_local_part("Ayşe", "Müller") == "ayse.mueller"
    assert email_local_part("Fatima Zahra", "El Amrani") == "fatima-zahra.el-amrani"
    assert demo_email("x", 4) == "x@example.com"
    assert drama_phone(42) == "030 23125 042"
    assert drama_phone(4999) == "089 99998 999"
    assert drama_phone(5000) == "030 23125 000"
    assert all(re.fullmatch(r"0\d{2,3} \d{4,5} \d{3}", drama_phone(n)) for n in range(0, 5000, 7))


def test_every_occupation_has_a_trade_with_a_valid_sector():
    assert trade_for("25212").words[0] == "Autohaus"
    assert trade_for("81112").words[0] == "Zahnarztpraxis"
    assert trade_for("81102").words[0] == "Arztpraxis"
    for occupation in reference_occupations.all():
        assert trade_for(occupation.kldb_code).sector in Sector.values


def test_occupation_weights_follow_contracts_and_gender_share():
    items = reference_occupations.all()
    weights = profiles.occupation_weights(items)
    assert (weights > 0).all()
    men = profiles.occupation_weights(items, female=False)
    women = profiles.occupation_weights(items, female=True)
    mechatronics = next(i for i, item in enumerate(items) if item.key.startswith("kraftfahrzeugm"))
    assert men[mechatronics] > 10 * women[mechatronics] > 0


def test_training_starts_are_after_today():
    assert profiles.training_start_dates(date(2026, 3, 15)) == (
        date(2026, 8, 1),
        date(2026, 9, 1),
        date(2027, 8, 1),
        date(2027, 9, 1),
    )
    assert profiles.training_start_dates(date(2026, 8, 1))[0] == date(2026, 9, 1)
    assert len(profiles.training_start_dates(date(2026, 12, 31))) == 4
