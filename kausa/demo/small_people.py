"""People of the small demo set: 100 per office, 5 of them abroad."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from kausa.core.choices import GermanLevel, RecognitionStatus, SchoolCertificate
from kausa.core.models import Office
from kausa.core.search import normalize
from kausa.demo import profiles
from kausa.demo.context import DemoContext
from kausa.demo.names import NAME_POOLS_BY_CODE, NamePool, demo_email, email_local_part
from kausa.demo.profiles import ORIGINS, OriginProfile
from kausa.people.models import (
    DesiredOccupation,
    Gender,
    Person,
    PersonLanguage,
    PersonSensitive,
    ResidenceStatus,
)
from kausa.reference import gazetteer

PEOPLE_PER_OFFICE = 100
ABROAD_PER_OFFICE = 5  # 5 % live abroad and want to come to Germany for training
OWN_DISTRICT_SHARE = 0.55  # the others live in neighbouring districts
NEIGHBOUR_DECAY_KM = 30.0

ABROAD_CITIES = {
    "UA": ("Kyjiw", "Lwiw", "Dnipro", "Odesa"),
    "TR": ("Istanbul", "Izmir", "Ankara", "Gaziantep"),
    "NG": ("Lagos", "Abuja", "Enugu", "Ibadan"),
    "PL": ("Poznań", "Wrocław", "Szczecin", "Łódź"),
    "RO": ("Timișoara", "Cluj-Napoca", "Iași", "Bukarest"),
    "BG": ("Sofia", "Plowdiw", "Warna", "Burgas"),
    "XK": ("Pristina", "Prizren", "Peja", "Gjakova"),
    "VN": ("Hanoi", "Ho-Chi-Minh-Stadt", "Da Nang", "Hai Phong"),
    "IN": ("Kochi", "Chennai", "Hyderabad", "Neu-Delhi"),
    "MA": ("Casablanca", "Rabat", "Fès", "Tanger"),
}
AGE_WEIGHTS_IN_GERMANY = ((16, 6), (17, 10), (18, 14), (19, 14), (20, 12), (21, 10), (22, 9),
                          (23, 8), (24, 6), (25, 5), (26, 4), (27, 2))  # fmt: skip
AGE_WEIGHTS_BORN_HERE = ((16, 25), (17, 30), (18, 25), (19, 12), (20, 8))
AGE_WEIGHTS_ABROAD = ((18, 12), (19, 14), (20, 14), (21, 13), (22, 12), (23, 10), (24, 9),
                      (25, 7), (26, 5), (27, 4))  # fmt: skip
# Statuses whose documents expire, with the range of months they typically remain valid.
RESIDENCE_VALIDITY_MONTHS: dict[str, tuple[int, int]] = {
    ResidenceStatus.TOLERATED: (1, 6),
    ResidenceStatus.ASYLUM_PENDING: (3, 6),
    ResidenceStatus.TRAINING_TOLERATION: (12, 36),
    ResidenceStatus.PROTECTION: (12, 36),
    ResidenceStatus.TEMPORARY_PROTECTION: (6, 18),
    ResidenceStatus.TRAINING_PERMIT: (12, 36),
    ResidenceStatus.OTHER_PERMIT: (6, 24),
}
REFUGEE_STATUSES = {
    ResidenceStatus.PROTECTION,
    ResidenceStatus.TEMPORARY_PROTECTION,
    ResidenceStatus.ASYLUM_PENDING,
    ResidenceStatus.TOLERATED,
    ResidenceStatus.TRAINING_TOLERATION,
}


def create_people(ctx: DemoContext, offices: list[Office]) -> list[Person]:
    people: list[Person] = []
    languages: list[PersonLanguage] = []
    wishes: list[DesiredOccupation] = []
    sensitive: list[PersonSensitive] = []
    for office in offices:
        district_p = _district_weights(ctx, office)
        for index in range(PEOPLE_PER_OFFICE):
            abroad = index < ABROAD_PER_OFFICE
            person, origin, female = _person(ctx, office, district_p, abroad=abroad)
            people.append(person)
            languages += _languages(ctx, person, origin)
            wishes += _desired_occupations(ctx, person, female)
            sensitive.append(_sensitive(ctx, person, origin, _gender(index, female)))
    # The related rows were built before their person had a key; bulk_create fills it in.
    Person.objects.bulk_create(people, batch_size=500)
    PersonLanguage.objects.bulk_create(languages, batch_size=500)
    DesiredOccupation.objects.bulk_create(wishes, batch_size=500)
    PersonSensitive.objects.bulk_create(sensitive, batch_size=500)
    for person in people:
        ctx.log_created(person, person.office)
    return people


def _district_weights(ctx: DemoContext, office: Office) -> np.ndarray:
    """Most people live in the office's district, the others nearby."""
    home = gazetteer.district(office.district_id)
    assert home is not None
    distances = np.array(
        [
            gazetteer.haversine_km(home.latitude, home.longitude, d.latitude, d.longitude)
            for d in ctx.districts
        ]
    )
    own = np.array([d.key == home.key for d in ctx.districts], dtype=np.float64)
    nearby = np.where(own == 1, 0.0, np.exp(-distances / NEIGHBOUR_DECAY_KM))
    shares: np.ndarray = OWN_DISTRICT_SHARE * own + (1 - OWN_DISTRICT_SHARE) * nearby / nearby.sum()
    return shares


def _person(
    ctx: DemoContext, office: Office, district_p: np.ndarray, *, abroad: bool
) -> tuple[Person, OriginProfile, bool]:
    origin = ctx.weighted([(o, o.abroad_weight if abroad else o.weight) for o in ORIGINS])
    pool = NAME_POOLS_BY_CODE[origin.code]
    born_here = origin.code == profiles.BORN_HERE
    female = not ctx.chance(profiles.MALE_SHARE)  # shapes names and wishes; stored nowhere
    first, last = ctx.person_name(pool, female=female)
    ages = (
        AGE_WEIGHTS_ABROAD
        if abroad
        else AGE_WEIGHTS_BORN_HERE
        if born_here
        else AGE_WEIGHTS_IN_GERMANY
    )
    age = ctx.weighted(ages)
    person = Person(
        office=office,
        first_name=first,
        last_name=last,
        birth_date=ctx.today - timedelta(days=int(age * 365.25) + int(ctx.rng.integers(365))),
        search_text=normalize(f"{first} {last}"),
    )
    if abroad:
        person.lives_abroad = True
        person.country_of_residence = pool.country
        person.place = ctx.pick(ABROAD_CITIES[origin.code])
    else:
        entry = ctx.postal_entry(ctx.districts[ctx.index(district_p)].key)
        person.postal_code = entry.postal_code
        person.place = ctx.pick(entry.places)
        person.district = ctx.district_rows[entry.district_key]
        person.latitude = entry.latitude
        person.longitude = entry.longitude
    german = (
        profiles.GERMAN_LEVEL_ABROAD
        if abroad
        else profiles.GERMAN_LEVEL_BORN_HERE
        if born_here
        else profiles.GERMAN_LEVEL_IN_GERMANY
    )
    person.german_level = ctx.weighted(list(zip(GermanLevel.values, german, strict=True)))
    _school(ctx, person, pool, born_here=born_here, abroad=abroad)
    person.max_commute_km = ctx.weighted(profiles.MAX_COMMUTE_KM)
    licence_share = (
        profiles.DRIVING_LICENCE_SHARE_BORN_HERE if born_here else profiles.DRIVING_LICENCE_SHARE
    )
    person.has_driving_licence = age >= 18 and ctx.chance(licence_share)
    # Available from the first of a coming month; from abroad a visa takes time.
    months_ahead = int(ctx.rng.integers(6, 19) if abroad else ctx.rng.integers(1, 13))
    month_index = ctx.today.year * 12 + ctx.today.month - 1 + months_ahead
    person.available_from = date(month_index // 12, month_index % 12 + 1, 1)
    if ctx.chance(0.8):
        local = email_local_part(first, last)
        if ctx.chance(0.5):
            local += str(int(ctx.rng.integers(1, 100)))
        person.email = demo_email(local, int(ctx.rng.integers(3)))
    if ctx.chance(0.75):
        person.phone = ctx.phone()
    return person, origin, female


def _school(
    ctx: DemoContext, person: Person, pool: NamePool, *, born_here: bool, abroad: bool
) -> None:
    weights = (
        profiles.SCHOOL_CERTIFICATE_BORN_HERE
        if born_here
        else profiles.SCHOOL_CERTIFICATE_FOREIGN_BORN
    )
    person.school_certificate = ctx.weighted(
        list(zip(SchoolCertificate.values, weights, strict=True))
    )
    german_school = born_here or (
        not abroad and ctx.chance(profiles.GERMAN_CERTIFICATE_SHARE_IN_GERMANY)
    )
    if person.school_certificate == SchoolCertificate.NONE:
        person.recognition_status = RecognitionStatus.NOT_NEEDED
    elif german_school:
        person.school_certificate_country = "Deutschland"
        person.recognition_status = RecognitionStatus.NOT_NEEDED
    else:
        person.school_certificate_country = pool.country
        person.recognition_status = ctx.weighted(profiles.RECOGNITION_OF_FOREIGN_CERTIFICATES)


def _languages(ctx: DemoContext, person: Person, origin: OriginProfile) -> list[PersonLanguage]:
    """The first language of the origin and up to two more (1-3 in all)."""
    first, _weight, first_level = ctx.weighted([(item, item[1]) for item in origin.first_languages])
    chosen = {first: first_level}
    for code, probability, level in origin.other_languages:
        if len(chosen) < 3 and code not in chosen and ctx.chance(probability):
            chosen[code] = level
    return [
        PersonLanguage(person=person, language=code, level=level) for code, level in chosen.items()
    ]


def _desired_occupations(ctx: DemoContext, person: Person, female: bool) -> list[DesiredOccupation]:
    count = ctx.weighted(profiles.DESIRED_OCCUPATION_COUNTS)
    picks = ctx.rng.choice(
        len(ctx.occupations), size=count, replace=False, p=ctx.occupation_p_by_gender[female]
    )
    return [
        DesiredOccupation(person=person, occupation_id=ctx.occupation_pk[int(i)], rank=rank)
        for rank, i in enumerate(picks, start=1)
    ]


def _gender(index: int, female: bool) -> str:
    # Without a draw of its own, so the rest of the demo stays as it was: about one in forty
    # people did not want to say.
    if index % 40 == 39:
        return Gender.NOT_STATED
    return Gender.FEMALE if female else Gender.MALE


def _sensitive(
    ctx: DemoContext, person: Person, origin: OriginProfile, gender: str
) -> PersonSensitive:
    status: str
    if person.lives_abroad:
        status = ResidenceStatus.EU if origin.eu_citizen else ResidenceStatus.ABROAD_VISA_NEEDED
    else:
        status = ctx.weighted(origin.residence_statuses)
    valid_until = None
    if status in RESIDENCE_VALIDITY_MONTHS:
        low, high = RESIDENCE_VALIDITY_MONTHS[status]
        valid_until = ctx.today + timedelta(days=int(ctx.rng.integers(low * 30, high * 30 + 1)))
    refugee = status in REFUGEE_STATUSES or (
        origin.refugee_origin and status in (ResidenceStatus.PERMANENT, ResidenceStatus.GERMAN)
    )
    return PersonSensitive(
        person=person,
        residence_status=status,
        residence_valid_until=valid_until,
        has_migration_background=True,
        has_refugee_background=refugee,
        gender=gender,
    )
