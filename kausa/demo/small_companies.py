"""Companies and apprenticeship places of the small demo set."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from kausa.companies.models import Company, CompanyContact, CompanyLanguage, TrainingStatus
from kausa.core.choices import CompanySize, GermanLevel, SchoolCertificate
from kausa.core.models import Office, Organisation
from kausa.core.search import normalize
from kausa.demo import profiles
from kausa.demo.context import DemoContext
from kausa.demo.names import (
    LEGAL_FORMS,
    NAME_POOLS_BY_CODE,
    PARTNERSHIP_FORMS,
    STREETS,
    NamePool,
    Trade,
    demo_email,
    email_local_part,
    trade_for,
)
from kausa.demo.profiles import probabilities
from kausa.reference import occupations as reference_occupations
from kausa.vacancies.models import Vacancy, VacancyStatus

COMPANIES = 150
VACANCIES = 400
# Owners of migrant-led companies: the larger and longer-settled communities.
OWNER_ORIGINS = (("TR", 30), ("VN", 12), ("SY", 12), ("RU", 8), ("PL", 8), ("IQ", 6),
                 ("AF", 6), ("UA", 6), ("XK", 6), ("IR", 5), ("RO", 4), ("BG", 3), ("MA", 3),
                 ("IN", 3))  # fmt: skip
SIZES = ((CompanySize.MICRO, 45), (CompanySize.SMALL, 38), (CompanySize.MEDIUM, 14),
         (CompanySize.LARGE, 3))  # fmt: skip
SIZES_MIGRANT_LED = ((CompanySize.MICRO, 65), (CompanySize.SMALL, 30), (CompanySize.MEDIUM, 5))
SIZES_PUBLIC = ((CompanySize.SMALL, 30), (CompanySize.MEDIUM, 50), (CompanySize.LARGE, 20))
# Every company offers one place; the others go more often to larger companies.
EXTRA_VACANCY_WEIGHT: dict[str, int] = {CompanySize.MICRO: 1, CompanySize.SMALL: 2,
                                         CompanySize.MEDIUM: 4, CompanySize.LARGE: 6}  # fmt: skip
TRAINING_STATUSES = ((TrainingStatus.AUTHORISED, 60), (TrainingStatus.IN_PREPARATION, 15),
                     (TrainingStatus.NOT_TRAINING, 25))  # fmt: skip
# KAUSA wins migrant-led companies as new training companies: fewer train already.
TRAINING_STATUSES_MIGRANT_LED = ((TrainingStatus.AUTHORISED, 30),
                                 (TrainingStatus.IN_PREPARATION, 30),
                                 (TrainingStatus.NOT_TRAINING, 40))  # fmt: skip
MAIN_OCCUPATION_SHARE = 0.7  # of a company's places; the others are related occupations
# Weight of another occupation of the same chamber, by relatedness (shared KldB digits, 0-4).
RELATED_OCCUPATION_WEIGHTS = (0.0, 0.2, 1.0, 5.0, 5.0)
VACANCY_STATUSES = ((VacancyStatus.OPEN, 90), (VacancyStatus.FILLED, 7),
                    (VacancyStatus.WITHDRAWN, 3))  # fmt: skip


@dataclass(frozen=True)
class DemoCompany:
    company: Company
    main_occupation: int  # index into DemoContext.occupations


def create_companies(
    ctx: DemoContext, organisation: Organisation, offices: list[Office]
) -> list[DemoCompany]:
    office_keys = {office.district_id for office in offices}
    counts = np.array([d.postal_code_count for d in ctx.districts], dtype=np.float64)
    near_office = np.array([d.key in office_keys for d in ctx.districts], dtype=np.float64)
    # Half near the offices, half across the state (postal codes as a population proxy).
    district_p = 0.5 * near_office / near_office.sum() + 0.5 * counts / counts.sum()
    demo_companies: list[DemoCompany] = []
    languages: list[CompanyLanguage] = []
    contacts: list[CompanyContact] = []
    used_names: set[str] = set()
    for _ in range(COMPANIES):
        main = ctx.index(ctx.occupation_p)
        district_key = ctx.districts[ctx.index(district_p)].key
        company, owner_pool, owner = _company(
            ctx, organisation, ctx.occupations[main], district_key, used_names
        )
        demo_companies.append(DemoCompany(company, main))
        languages += [
            CompanyLanguage(company=company, language=code)
            for code in _company_languages(ctx, owner_pool)
        ]
        contacts += [
            CompanyContact(company=company, **fields)
            for fields in _company_contacts(ctx, company, owner_pool, owner)
        ]
    Company.objects.bulk_create([item.company for item in demo_companies], batch_size=500)
    CompanyLanguage.objects.bulk_create(languages, batch_size=500)
    CompanyContact.objects.bulk_create(contacts, batch_size=500)
    for item in demo_companies:
        ctx.log_created(item.company)
    return demo_companies


def _company(
    ctx: DemoContext,
    organisation: Organisation,
    main: reference_occupations.Occupation,
    district_key: str,
    used_names: set[str],
) -> tuple[Company, NamePool | None, tuple[str, str]]:
    trade = trade_for(main.kldb_code)
    migrant_led = not trade.public and ctx.chance(profiles.MIGRANT_LED_SHARE)
    owner_pool = NAME_POOLS_BY_CODE[ctx.weighted(OWNER_ORIGINS)] if migrant_led else None
    owner = ctx.person_name(owner_pool, female=ctx.chance(0.3))
    entry = ctx.postal_entry(district_key)
    place = ctx.pick(entry.places)
    for _attempt in range(20):
        name = _company_name(ctx, trade, owner_pool, owner[1], place)
        if name not in used_names:
            break
    else:
        name = f"{name} ({len(used_names)})"  # unique in the worst case
    used_names.add(name)
    company = Company(
        organisation=organisation,
        name=name,
        street=f"{ctx.pick(STREETS)} {int(ctx.rng.integers(1, 120))}",
        postal_code=entry.postal_code,
        place=place,
        district=ctx.district_rows[entry.district_key],
        latitude=entry.latitude,
        longitude=entry.longitude,
        size=ctx.weighted(
            SIZES_PUBLIC if trade.public else SIZES_MIGRANT_LED if migrant_led else SIZES
        ),
        sector=trade.sector,
        migrant_led=migrant_led,
        training_status=ctx.weighted(
            TRAINING_STATUSES_MIGRANT_LED if migrant_led else TRAINING_STATUSES
        ),
        competent_body=main.competent_body,
        search_text=normalize(name),
    )
    slug = email_local_part(_without_legal_form(name)).replace(".", "-")
    if ctx.chance(0.85):
        company.email = demo_email(f"info.{slug}", int(ctx.rng.integers(3)))
    if ctx.chance(0.9):
        company.phone = ctx.phone()
    if ctx.chance(0.4):
        company.website = f"https://www.example.com/{slug}"
    return company, owner_pool, owner


def _company_name(
    ctx: DemoContext, trade: Trade, owner_pool: NamePool | None, owner: str, place: str
) -> str:
    """E.g. 'Bäckerei Yılmaz e.K.', 'Nguyen Logistik GmbH', 'Elektro Kaya & Demir GbR'."""
    word = ctx.pick(trade.words)
    town = place.split(" (")[0]
    if trade.public:
        return f"{word} {town}"
    if trade.practice:
        return f"{word} {owner}"
    draw = ctx.rng.random()
    if draw < 0.45:
        return f"{word} {owner} {ctx.weighted(LEGAL_FORMS)}"
    if draw < 0.70:
        return f"{owner} {word} {ctx.weighted(LEGAL_FORMS)}"
    if draw < 0.85:
        return f"{word} {town} GmbH"
    partner = ctx.person_name(owner_pool, female=False)[1]
    return f"{word} {owner} & {partner} {ctx.weighted(PARTNERSHIP_FORMS)}"


def _without_legal_form(name: str) -> str:
    for form, _weight in (*LEGAL_FORMS, *PARTNERSHIP_FORMS, ("GmbH", 0)):
        if name.endswith(f" {form}"):
            return name.removesuffix(f" {form}")
    return name


def _company_languages(ctx: DemoContext, owner_pool: NamePool | None) -> list[str]:
    """Languages spoken in the company besides German: the owners' and sometimes English."""
    codes: list[str] = []
    if owner_pool is not None:
        origin = profiles.ORIGINS_BY_CODE[owner_pool.code]
        codes.append(ctx.weighted([(c, w) for c, w, _level in origin.first_languages]))
        for code, probability, _level in origin.other_languages:
            if code != "en" and code not in codes and ctx.chance(probability):
                codes.append(code)
    if ctx.chance(profiles.ENGLISH_IN_COMPANY_SHARE):
        codes.append("en")
    return sorted(set(codes))


def _company_contacts(
    ctx: DemoContext, company: Company, owner_pool: NamePool | None, owner: tuple[str, str]
) -> list[dict[str, str]]:
    if company.size == CompanySize.MICRO:
        role = "Inhaber/in"
    elif company.size == CompanySize.LARGE or company.sector == "O":
        role = "Personal"
    else:
        role = "Geschäftsführung"
    rows = [ctx.contact(owner, role)]
    if company.size != CompanySize.MICRO or ctx.chance(0.3):
        pool = owner_pool if owner_pool is not None and ctx.chance(0.5) else None
        trainer = ctx.person_name(pool, female=ctx.chance(0.5))
        rows.append(ctx.contact(trainer, "Ausbilder/in"))
    return rows


def create_vacancies(ctx: DemoContext, companies: list[DemoCompany]) -> list[Vacancy]:
    extra_p = probabilities([EXTRA_VACANCY_WEIGHT[item.company.size] for item in companies])
    extra = ctx.rng.multinomial(VACANCIES - len(companies), extra_p)
    starts = profiles.training_start_dates(ctx.today)
    start_pairs = list(zip(starts, profiles.START_DATE_WEIGHTS, strict=True))
    vacancies = []
    for item, more in zip(companies, extra, strict=True):
        offered: set[tuple[int, date]] = set()
        for _ in range(1 + int(more)):
            for _attempt in range(5):  # prefer distinct (occupation, start) pairs
                index = _vacancy_occupation(ctx, item.main_occupation)
                start = ctx.weighted(start_pairs)
                if (index, start) not in offered:
                    break
            offered.add((index, start))
            vacancies.append(_vacancy(ctx, item.company, index, start))
    Vacancy.objects.bulk_create(vacancies, batch_size=500)
    for vacancy in vacancies:
        ctx.log_created(vacancy)
    return vacancies


def _vacancy_occupation(ctx: DemoContext, main: int) -> int:
    """Mostly the company's main occupation, else a related one of the same chamber."""
    if ctx.chance(MAIN_OCCUPATION_SHARE):
        return main
    code = ctx.occupations[main].kldb_code
    body = ctx.occupations[main].competent_body
    weights = np.array(
        [
            RELATED_OCCUPATION_WEIGHTS[reference_occupations.relatedness(item.kldb_code, code)]
            if item.competent_body == body
            else 0.0
            for item in ctx.occupations
        ]
    )
    return ctx.index(probabilities(weights * ctx.occupation_p))


def _vacancy(ctx: DemoContext, company: Company, index: int, start: date) -> Vacancy:
    occupation = ctx.occupations[index]
    german, school, licence_share = profiles.requirements_for(occupation.kldb_code)
    required_german = ctx.weighted(list(zip(GermanLevel.values, german, strict=True)))
    required_school = ctx.weighted(list(zip(SchoolCertificate.values, school, strict=True)))
    description = (
        f"Ausbildung {occupation.name} ({occupation.duration_months} Monate) "
        f"ab {start:%d.%m.%Y} in {company.place}."
    )
    if required_german:
        description += f" Voraussetzung: Deutsch ab Niveau {GermanLevel(required_german).label}."
    return Vacancy(
        company=company,
        occupation_id=ctx.occupation_pk[index],
        seats=ctx.weighted(profiles.SEATS),
        start_date=start,
        postal_code=company.postal_code,
        place=company.place,
        district=company.district,
        latitude=company.latitude,
        longitude=company.longitude,
        required_school_certificate=required_school,
        required_german_level=required_german,
        requires_driving_licence=ctx.chance(licence_share),
        description=description,
        status=ctx.weighted(VACANCY_STATUSES),
    )
