"""A large synthetic data set of one organisation, for page and load benchmarks.

`build_dataset(people=100_000, places=20_000, seed=2026)` fills the configured (migrated, empty)
database in bulk and returns a `Dataset` with the keys and sign-in names the benchmarks need.
The signature is stable: bench/pages.py and the load test import it.

Shape (one `numpy.random.default_rng(seed)`, so one seed gives the same rows):

- one organisation, a main office with `people` people and `other_offices` small offices with
  `other_office_people` people each; all in one federal state (North Rhine-Westphalia), people
  and companies placed at gazetteer postal codes (district weighted by its postal codes, a jitter
  of at most 2 km, as in the national demo set);
- people: names of their country of origin, 1-3 wished occupations (BIBB weights), 1-3
  languages, German level, school certificate, commute, licence, availability
  (`kausa.demo.national` distributions); `search_text` normalised with `kausa.core.search`;
- companies: one per three places, with languages for migrant-led companies and English;
- `places` open places at those companies, occupations drawn with the same weights as the
  wishes (so they overlap), requirements by kind of occupation;
- per person a case (85 % open) held by the one counsellor, 1-2 counselling sessions, a next
  step for 30 % of the cases (40 % of those done, due dates from 60 days ago to 60 days ahead,
  so some are overdue), a counselling consent and for 92 % a matching consent (3 % of those
  withdrawn);
- `proposals` proposals of main-office people for open places, in every status;
- 120 network partners; one counsellor (main office) and one team lead, both signing in with
  `PASSWORD` (no second factor when MFA_REQUIRED=0).

No audit entries are written. Inserts go through `bulk_create`, so database triggers (search
tables) fire as for any insert. On PostgreSQL the tables are analysed at the end (planner
statistics, as autovacuum keeps them on a running server); SQLite is left as the app leaves it.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass

import numpy as np
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from kausa.companies.models import Company, CompanyLanguage
from kausa.core.choices import LANGUAGES, CompanySize, LanguageLevel
from kausa.core.models import District, Occupation, Office, Organisation, Role, User
from kausa.core.search import normalize
from kausa.counselling.models import (
    Case,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    CounsellingSession,
    NextStep,
    PersonStage,
)
from kausa.demo import names, profiles
from kausa.demo.national import _distinct_choices, _Geography, _languages, _places
from kausa.demo.profiles import ORIGINS, probabilities
from kausa.partners.models import Partner, PartnerType
from kausa.people.models import DesiredOccupation, Person, PersonLanguage
from kausa.placements.models import Proposal, ProposalStatus
from kausa.reference import gazetteer
from kausa.reference import occupations as reference_occupations
from kausa.vacancies.models import Vacancy, VacancyStatus

ORGANISATION_NAME = "Benchmark-Landesnetzwerk"
STATE_PREFIX = "05"  # district keys of North Rhine-Westphalia
MAIN_DISTRICT = "05315"  # Köln
OTHER_DISTRICTS = ("05111", "05913", "05515", "05711")  # Düsseldorf, Dortmund, Münster, Bielefeld
COUNSELLOR_USERNAME = "bench.berater"
TEAM_LEAD_USERNAME = "bench.leitung"
PASSWORD = "bench-pages-2026"  # noqa: S105 - throw-away benchmark accounts
BATCH = 5_000
LANGUAGE_CODES = tuple(code for code, _name in LANGUAGES)
PROPOSAL_WEIGHTS = (
    (ProposalStatus.PROPOSED, 40),
    (ProposalStatus.APPLICATION_SENT, 20),
    (ProposalStatus.INTERVIEW, 10),
    (ProposalStatus.TRIAL, 5),
    (ProposalStatus.CONTRACT_SIGNED, 10),
    (ProposalStatus.DECLINED_BY_PERSON, 7),
    (ProposalStatus.DECLINED_BY_COMPANY, 8),
)
OPEN_STAGES = (
    (PersonStage.FIRST_CONTACT, 20),
    (PersonStage.IN_COUNSELLING, 45),
    (PersonStage.APPLYING, 25),
    (PersonStage.ENTRY_QUALIFICATION, 10),
)
PARTNER_TYPES = tuple(PartnerType.values)


@dataclass(frozen=True)
class Dataset:
    """What a benchmark needs of the built data set (keys, sign-in names, counts)."""

    organisation_id: int
    office_id: int  # the main office, with `people` people
    other_office_ids: tuple[int, ...]
    counsellor_id: int
    team_lead_id: int
    counsellor_username: str
    team_lead_username: str
    password: str
    people: int  # all offices
    places: int
    companies: int
    proposals: int
    seconds: float


def _state_geography() -> _Geography:
    """The national geography restricted to the districts of one state."""
    geography = _Geography()
    keys = np.array([district.key.startswith(STATE_PREFIX) for district in gazetteer.districts()])
    weights = geography.district_p * keys
    geography.district_p = weights / weights.sum()
    return geography


def _place_names(postal_codes: np.ndarray) -> list[tuple[str, str]]:
    """(postal code, first place name) per row."""
    out = []
    cache: dict[int, str] = {}
    for value in postal_codes.tolist():
        if value not in cache:
            entry = gazetteer.lookup(f"{value:05d}")
            cache[value] = entry.places[0] if entry and entry.places else ""
        out.append((f"{value:05d}", cache[value]))
    return out


def _staff(
    rng: np.random.Generator, other_offices: int
) -> tuple[Organisation, list[Office], User, User]:
    organisation = Organisation.objects.create(name=ORGANISATION_NAME)
    districts = [MAIN_DISTRICT, *OTHER_DISTRICTS[:other_offices]]
    offices = [
        Office.objects.create(
            organisation=organisation,
            name=f"KAUSA {District.objects.get(pk=key).name}",
            district_id=key,
        )
        for key in districts
    ]
    password = make_password(PASSWORD)
    counsellor = User.objects.create(
        username=COUNSELLOR_USERNAME,
        password=password,
        organisation=organisation,
        office=offices[0],
        role=Role.COUNSELLOR,
    )
    lead = User.objects.create(
        username=TEAM_LEAD_USERNAME,
        password=password,
        organisation=organisation,
        role=Role.TEAM_LEAD,
    )
    return organisation, offices, counsellor, lead


def _people(
    rng: np.random.Generator,
    geography: _Geography,
    offices: list[Office],
    counts: list[int],
    today: datetime.date,
    occupation_pk: list[int],
) -> None:
    n = sum(counts)
    office_of = np.repeat([office.pk for office in offices], counts)
    where = geography.draw(rng, n)
    origin = rng.choice(len(ORIGINS), size=n, p=probabilities([o.weight for o in ORIGINS]))
    born_here = origin == [o.code for o in ORIGINS].index(profiles.BORN_HERE)
    female = rng.random(n) >= profiles.MALE_SHARE
    german = rng.choice(8, size=n, p=probabilities(profiles.GERMAN_LEVEL_IN_GERMANY))
    german[born_here] = rng.choice(
        8, size=int(born_here.sum()), p=probabilities(profiles.GERMAN_LEVEL_BORN_HERE)
    )
    school = rng.choice(5, size=n, p=probabilities(profiles.SCHOOL_CERTIFICATE_FOREIGN_BORN))
    commute_values = np.array([value for value, _w in profiles.MAX_COMMUTE_KM])
    commute = commute_values[
        rng.choice(
            len(commute_values),
            size=n,
            p=probabilities([w for _v, w in profiles.MAX_COMMUTE_KM]),
        )
    ]
    licence = rng.random(n) < profiles.DRIVING_LICENCE_SHARE
    months_ahead = rng.integers(1, 13, size=n)
    age_days = rng.integers(16 * 365, 27 * 365, size=n)
    masks = _languages(rng, origin)
    occupation_list = reference_occupations.all()
    wishes = np.empty((n, 3), dtype=np.int64)
    for is_female in (False, True):
        rows = np.flatnonzero(female == is_female)
        weights = profiles.occupation_weights(occupation_list, female=is_female)
        wishes[rows] = _distinct_choices(rng, probabilities(weights), len(rows), 3)
    wish_count = rng.choice(
        [1, 2, 3], size=n, p=probabilities([w for _c, w in profiles.DESIRED_OCCUPATION_COUNTS])
    )
    name_draws = rng.random((n, 2))
    places = _place_names(where["postal_code"])
    district_keys = where["district_key"].tolist()
    known_districts = set(District.objects.values_list("pk", flat=True))

    people_rows: list[Person] = []
    for i in range(n):
        profile = ORIGINS[origin[i]]
        pool = names.NAME_POOLS_BY_CODE[profile.code]
        first_names = pool.female if female[i] else pool.male
        first = first_names[int(name_draws[i, 0] * len(first_names))]
        last = pool.family_name(
            pool.family[int(name_draws[i, 1] * len(pool.family))], female=bool(female[i])
        )
        month_index = today.year * 12 + today.month - 1 + int(months_ahead[i])
        district = f"{district_keys[i]:05d}"
        people_rows.append(
            Person(
                office_id=int(office_of[i]),
                first_name=first,
                last_name=last,
                birth_date=today - datetime.timedelta(days=int(age_days[i])),
                search_text=normalize(f"{first} {last}"),
                postal_code=places[i][0],
                place=places[i][1],
                district_id=district if district in known_districts else None,
                latitude=float(where["latitude"][i]),
                longitude=float(where["longitude"][i]),
                german_level=int(german[i]),
                school_certificate=int(school[i]),
                max_commute_km=int(commute[i]),
                has_driving_licence=bool(licence[i]),
                available_from=datetime.date(month_index // 12, month_index % 12 + 1, 1),
            )
        )
    Person.objects.bulk_create(people_rows, batch_size=BATCH)
    person_ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    languages, desired = [], []
    for i, person_id in enumerate(person_ids):
        native = {code for code, _w, _l in ORIGINS[origin[i]].first_languages}
        mask = int(masks[i])
        for bit, code in enumerate(LANGUAGE_CODES):
            if mask >> bit & 1:
                level = LanguageLevel.NATIVE if code in native else LanguageLevel.GOOD
                languages.append(PersonLanguage(person_id=person_id, language=code, level=level))
        for rank in range(int(wish_count[i])):
            desired.append(
                DesiredOccupation(
                    person_id=person_id,
                    occupation_id=occupation_pk[int(wishes[i, rank])],
                    rank=rank + 1,
                )
            )
    PersonLanguage.objects.bulk_create(languages, batch_size=BATCH)
    DesiredOccupation.objects.bulk_create(desired, batch_size=BATCH)


def _companies_and_places(
    rng: np.random.Generator,
    geography: _Geography,
    organisation: Organisation,
    places: int,
    today: datetime.date,
    occupation_pk: list[int],
) -> int:
    columns = _places(rng, places * 2, geography, today)  # 1-3 seats each: enough rows
    columns = {name: values[:places] for name, values in columns.items()}
    company_count = max(places // 3, 1)
    where = geography.draw(rng, company_count)
    company_names = _place_names(where["postal_code"])
    occupation_list = reference_occupations.all()
    company_of = rng.integers(0, company_count, size=places)
    # A company's trade follows the occupation of its first place.
    first_place = np.full(company_count, -1)
    first_place[company_of[::-1]] = np.arange(places)[::-1]
    origin = rng.choice(
        len(ORIGINS), size=company_count, p=probabilities([o.weight for o in ORIGINS])
    )
    masks = _languages(rng, origin)
    migrant_led = rng.random(company_count) < profiles.MIGRANT_LED_SHARE
    masks[~migrant_led] = 0
    english = np.uint64(1) << np.uint64(LANGUAGE_CODES.index("en"))
    masks[rng.random(company_count) < profiles.ENGLISH_IN_COMPANY_SHARE] |= english
    sizes = rng.choice(
        [CompanySize.MICRO, CompanySize.SMALL, CompanySize.MEDIUM, CompanySize.LARGE],
        size=company_count,
        p=[0.45, 0.35, 0.15, 0.05],
    )
    forms = [form for form, _w in names.LEGAL_FORMS]
    form_p = probabilities([w for _f, w in names.LEGAL_FORMS])
    form_of = rng.choice(len(forms), size=company_count, p=form_p)
    family_pool = names.GERMAN_FAMILY_NAMES
    family_of = rng.integers(0, len(family_pool), size=company_count)
    companies = []
    for c in range(company_count):
        place_index = int(first_place[c]) if first_place[c] >= 0 else 0
        occupation = occupation_list[int(columns["occupation"][place_index])]
        trade = names.trade_for(occupation.kldb_code)
        word = trade.words[c % len(trade.words)]
        name = f"{word} {family_pool[int(family_of[c])]} {forms[int(form_of[c])]}"
        district = f"{int(where['district_key'][c]):05d}"
        companies.append(
            Company(
                organisation=organisation,
                name=name,
                postal_code=company_names[c][0],
                place=company_names[c][1],
                district_id=district,
                latitude=float(where["latitude"][c]),
                longitude=float(where["longitude"][c]),
                size=str(sizes[c]),
                sector=trade.sector,
                migrant_led=bool(migrant_led[c]),
                search_text=normalize(f"{name} {company_names[c][1]}"),
            )
        )
    Company.objects.bulk_create(companies, batch_size=BATCH)
    company_ids = list(
        Company.objects.filter(organisation=organisation)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    CompanyLanguage.objects.bulk_create(
        [
            CompanyLanguage(company_id=company_ids[c], language=code)
            for c in range(company_count)
            for bit, code in enumerate(LANGUAGE_CODES)
            if int(masks[c]) >> bit & 1
        ],
        batch_size=BATCH,
    )
    vacancies = []
    for p in range(places):
        c = int(company_of[p])
        company = companies[c]
        vacancies.append(
            Vacancy(
                company_id=company_ids[c],
                occupation_id=occupation_pk[int(columns["occupation"][p])],
                seats=int(columns["seats"][p]),
                start_date=columns["start_date"][p].astype(datetime.date),
                postal_code=company.postal_code,
                place=company.place,
                district_id=company.district_id,
                latitude=company.latitude,
                longitude=company.longitude,
                required_school_certificate=int(columns["required_school_certificate"][p]),
                required_german_level=int(columns["required_german_level"][p]),
                requires_driving_licence=bool(columns["requires_driving_licence"][p]),
                status=VacancyStatus.OPEN,
            )
        )
    Vacancy.objects.bulk_create(vacancies, batch_size=BATCH)
    return company_count


def _counselling(
    rng: np.random.Generator, counsellor: User, colleagues: dict[int, User], today: datetime.date
) -> None:
    people = list(Person.objects.order_by("pk").values_list("pk", "office_id"))
    n = len(people)
    now = timezone.now()
    opened_ago = rng.integers(0, 730, size=n)
    closed = rng.random(n) < 0.15
    stage_values = [stage for stage, _w in OPEN_STAGES]
    stage = rng.choice(len(stage_values), size=n, p=probabilities([w for _s, w in OPEN_STAGES]))
    cases = [
        Case(
            office_id=office_id,
            person_id=person_id,
            counsellor=colleagues.get(office_id, counsellor),
            stage=PersonStage.ENDED if closed[i] else stage_values[stage[i]],
            opened_on=today - datetime.timedelta(days=int(opened_ago[i])),
            closed_at=now - datetime.timedelta(days=int(opened_ago[i]) // 2) if closed[i] else None,
        )
        for i, (person_id, office_id) in enumerate(people)
    ]
    Case.objects.bulk_create(cases, batch_size=BATCH)
    case_rows = list(Case.objects.order_by("pk").values_list("pk", "counsellor_id", "opened_on"))
    session_count = rng.integers(1, 3, size=len(case_rows))
    session_share = rng.random((len(case_rows), 2))
    with_step = rng.random(len(case_rows)) < 0.3
    step_done = rng.random(len(case_rows)) < 0.4
    step_due = rng.integers(-60, 61, size=len(case_rows))
    # Done over the last months; one in a hundred today (the start page's "done today").
    done_ago = np.where(rng.random(len(case_rows)) < 0.01, 0, rng.integers(1, 200, len(case_rows)))
    sessions, steps = [], []
    for i, (case_id, counsellor_id, opened_on) in enumerate(case_rows):
        span = max((today - opened_on).days, 1)
        for k in range(int(session_count[i])):
            sessions.append(
                CounsellingSession(
                    case_id=case_id,
                    held_on=opened_on + datetime.timedelta(days=int(session_share[i, k] * span)),
                    duration_minutes=45,
                    channel="in_person",
                    recorded_by_id=counsellor_id,
                )
            )
        if with_step[i]:
            steps.append(
                NextStep(
                    case_id=case_id,
                    title="Bewerbungsunterlagen nachfragen",
                    due_on=today + datetime.timedelta(days=int(step_due[i])),
                    owner_id=counsellor_id,
                    done_at=now - datetime.timedelta(days=int(done_ago[i]))
                    if step_done[i]
                    else None,
                )
            )
    CounsellingSession.objects.bulk_create(sessions, batch_size=BATCH)
    NextStep.objects.bulk_create(steps, batch_size=BATCH)


def _consents(rng: np.random.Generator, today: datetime.date) -> None:
    person_ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    n = len(person_ids)
    given_ago = rng.integers(0, 700, size=n)
    matching = rng.random(n) < 0.92
    withdrawn = rng.random(n) < 0.03
    withdrawn_ago = rng.integers(0, 90, size=n)
    rows = []
    for i, person_id in enumerate(person_ids):
        given_on = today - datetime.timedelta(days=int(given_ago[i]))
        rows.append(
            Consent(
                person_id=person_id,
                purpose=ConsentPurpose.COUNSELLING,
                text_version="v1",
                given_on=given_on,
                method=ConsentMethod.WRITTEN,
            )
        )
        if matching[i]:
            rows.append(
                Consent(
                    person_id=person_id,
                    purpose=ConsentPurpose.MATCHING,
                    text_version="v1",
                    given_on=given_on,
                    method=ConsentMethod.WRITTEN,
                    withdrawn_on=min(
                        today, given_on + datetime.timedelta(days=int(withdrawn_ago[i]))
                    )
                    if withdrawn[i]
                    else None,
                )
            )
    Consent.objects.bulk_create(rows, batch_size=BATCH)


def _proposals(
    rng: np.random.Generator,
    office: Office,
    counsellor: User,
    organisation: Organisation,
    count: int,
) -> int:
    person_ids = np.array(
        Person.objects.filter(office=office).order_by("pk").values_list("pk", flat=True)
    )
    vacancy_ids = np.array(
        Vacancy.objects.filter(company__organisation=organisation)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    count = min(count, len(person_ids))
    people = rng.choice(person_ids, size=count, replace=False)
    places = rng.choice(vacancy_ids, size=count)
    statuses = [status for status, _w in PROPOSAL_WEIGHTS]
    status = rng.choice(
        len(statuses), size=count, p=probabilities([w for _s, w in PROPOSAL_WEIGHTS])
    )
    scores = rng.uniform(0.4, 0.95, size=count)
    Proposal.objects.bulk_create(
        [
            Proposal(
                office=office,
                person_id=int(people[i]),
                vacancy_id=int(places[i]),
                status=statuses[status[i]],
                source=Proposal.Source.SUGGESTION,
                score=round(float(scores[i]), 3),
                created_by=counsellor,
            )
            for i in range(count)
        ],
        batch_size=BATCH,
    )
    return count


def _partners(rng: np.random.Generator, organisation: Organisation, count: int = 120) -> None:
    family = names.GERMAN_FAMILY_NAMES
    rows = []
    for i in range(count):
        name = f"Beratungsstelle {family[int(rng.integers(len(family)))]} {i + 1}"
        rows.append(
            Partner(
                organisation=organisation,
                name=name,
                partner_type=PARTNER_TYPES[i % len(PARTNER_TYPES)],
                search_text=normalize(name),
            )
        )
    Partner.objects.bulk_create(rows, batch_size=BATCH)


def build_dataset(
    people: int = 100_000,
    places: int = 20_000,
    seed: int = 2026,
    *,
    proposals: int = 5_000,
    other_offices: int = 2,
    other_office_people: int = 1_000,
) -> Dataset:
    """Fill the configured, migrated and empty database; see the module docstring.

    `people` people in the main office (the counsellor's), `other_office_people` in each of
    `other_offices` further offices (at most 4), `places` open places, `proposals` proposals.
    """
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    today = timezone.localdate()
    geography = _state_geography()
    by_key = dict(Occupation.objects.values_list("key", "pk"))
    occupation_pk = [by_key[item.key] for item in reference_occupations.all()]
    with transaction.atomic():
        organisation, offices, counsellor, lead = _staff(rng, min(other_offices, 4))
        colleagues = {
            office.pk: User.objects.create(
                username=f"bench.berater.{office.pk}",
                organisation=organisation,
                office=office,
                role=Role.COUNSELLOR,
            )
            for office in offices[1:]
        }
        counts = [people] + [other_office_people] * (len(offices) - 1)
        _people(rng, geography, offices, counts, today, occupation_pk)
        company_count = _companies_and_places(
            rng, geography, organisation, places, today, occupation_pk
        )
        _counselling(rng, counsellor, colleagues, today)
        _consents(rng, today)
        proposal_count = _proposals(rng, offices[0], counsellor, organisation, proposals)
        _partners(rng, organisation)
    if connection.vendor == "postgresql":
        # A server's autovacuum would have analysed tables this large long ago; right after a
        # bulk load the planner has no statistics and picked plans of seconds per page.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return Dataset(
        organisation_id=organisation.pk,
        office_id=offices[0].pk,
        other_office_ids=tuple(office.pk for office in offices[1:]),
        counsellor_id=counsellor.pk,
        team_lead_id=lead.pk,
        counsellor_username=COUNSELLOR_USERNAME,
        team_lead_username=TEAM_LEAD_USERNAME,
        password=PASSWORD,
        people=sum(counts),
        places=places,
        companies=company_count,
        proposals=proposal_count,
        seconds=round(time.perf_counter() - started, 1),
    )
