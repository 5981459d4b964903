"""The small demo set: counts, logins, idempotence, reproducibility and plausible values."""

from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest
from django.db import transaction

from kausa.companies.models import Company, CompanyContact, CompanyLanguage
from kausa.core.models import AuditEntry, Office, Organisation, Role, User
from kausa.core.search import normalize
from kausa.demo.names import DRAMA_NUMBER_BLOCKS, RESERVED_EMAIL_DOMAINS
from kausa.demo.small import DEMO_ORGANISATION_NAME, DEMO_PASSWORD, load_small
from kausa.partners.models import Partner, PartnerContact, PartnerType
from kausa.people.models import (
    DesiredOccupation,
    Person,
    PersonLanguage,
    PersonSensitive,
    ResidenceStatus,
)
from kausa.reference import gazetteer
from kausa.vacancies.models import Vacancy

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 15)


@pytest.fixture
def demo():
    return load_small(seed=2026, today=TODAY)


def row_counts() -> dict[str, int]:
    models = (Organisation, Office, User, Person, PersonLanguage, DesiredOccupation,
              PersonSensitive, Company, CompanyLanguage, CompanyContact, Vacancy, Partner,
              PartnerContact, AuditEntry)  # fmt: skip
    return {model.__name__: model.objects.count() for model in models}


def digest() -> str:
    """A fingerprint of the generated values (not of database keys)."""
    people = [
        (
            p.first_name,
            p.last_name,
            p.birth_date,
            p.postal_code,
            p.email,
            p.german_level,
            [d.occupation.key for d in p.desired_occupations.all()],
            [(item.language, item.level) for item in p.languages.order_by("language")],
            p.sensitive.residence_status,
        )
        for p in Person.objects.order_by("id").prefetch_related(
            "desired_occupations__occupation", "languages"
        )
    ]
    vacancies = list(
        Vacancy.objects.order_by("id").values_list(
            "company__name", "occupation__key", "seats", "start_date", "required_german_level"
        )
    )
    partners = list(Partner.objects.order_by("id").values_list("name", "postal_code", "email"))
    payload = json.dumps([people, vacancies, partners], default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def digest_of_load(seed: int) -> str:
    """Load into the empty test database, fingerprint it, and roll the load back."""
    with transaction.atomic():
        assert load_small(seed=seed, today=TODAY).created
        result = digest()
        transaction.set_rollback(True)
    assert Person.objects.count() == 0
    return result


def test_creates_the_expected_records(demo):
    assert demo.created
    assert (demo.offices, demo.people, demo.companies, demo.vacancies, demo.partners) == (
        3,
        300,
        150,
        400,
        40,
    )
    organisation = Organisation.objects.get(name=DEMO_ORGANISATION_NAME)
    assert sorted(organisation.offices.values_list("name", "district_id")) == [
        ("KAUSA Dessau-Roßlau", "15001"),
        ("KAUSA Halle (Saale)", "15002"),
        ("KAUSA Magdeburg", "15003"),
    ]
    for office in organisation.offices.all():
        assert office.people.count() == 100
    assert demo.seats == sum(Vacancy.objects.values_list("seats", flat=True))
    # One audit entry per created record, naming it.
    for model in (Person, Company, Vacancy, Partner, Office, User):
        logged = AuditEntry.objects.filter(
            action=f"demo.{model._meta.model_name}.created",
            object_type=model._meta.label_lower,
            actor=None,
        ).values_list("object_id", flat=True)
        assert sorted(logged) == sorted(
            str(pk) for pk in model.objects.values_list("pk", flat=True)
        )


def test_logins_work_with_the_documented_password(demo, client):
    expected = {
        ("berater.magdeburg", Role.COUNSELLOR, "KAUSA Magdeburg"),
        ("berater.halle", Role.COUNSELLOR, "KAUSA Halle (Saale)"),
        ("berater.dessau", Role.COUNSELLOR, "KAUSA Dessau-Roßlau"),
        ("lesend.magdeburg", Role.READ_ONLY, "KAUSA Magdeburg"),
        ("leitung", Role.TEAM_LEAD, ""),
        ("admin", Role.ADMIN, ""),
    }
    assert {(login.username, login.role, login.office) for login in demo.logins} == expected
    assert demo.password == DEMO_PASSWORD
    organisation = Organisation.objects.get(name=DEMO_ORGANISATION_NAME)
    for user in User.objects.all():
        assert user.organisation == organisation
        assert client.login(username=user.username, password=DEMO_PASSWORD)
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.office is None


def test_second_load_creates_nothing(demo):
    before = row_counts()
    again = load_small(seed=7)
    assert not again.created
    assert again.seed is None
    assert row_counts() == before
    assert again.logins == demo.logins
    assert (again.people, again.vacancies, again.seats) == (demo.people, demo.vacancies, demo.seats)


def test_same_seed_same_data_other_seed_other_data():
    first = digest_of_load(2026)
    assert digest_of_load(2026) == first
    assert digest_of_load(2027) != first


def test_people_live_in_the_state_or_abroad(demo):
    people = list(Person.objects.select_related("sensitive"))
    abroad = [p for p in people if p.lives_abroad]
    assert len(abroad) == 15  # 5 %
    for person in abroad:
        assert person.postal_code == "" and person.district_id is None
        assert person.country_of_residence
        assert person.latitude is None
        expected = {ResidenceStatus.EU, ResidenceStatus.ABROAD_VISA_NEEDED}
        assert person.sensitive.residence_status in expected
    for person in people:
        if person.lives_abroad:
            continue
        entry = gazetteer.lookup(person.postal_code)
        assert entry is not None, person.postal_code
        assert entry.district_key.startswith("15")
        assert person.district_id == entry.district_key
        assert (person.latitude, person.longitude) == (entry.latitude, entry.longitude)
        assert person.place in entry.places
    # Most people live in their office's district.
    at_home = sum(p.district_id == p.office.district_id for p in people if not p.lives_abroad)
    assert at_home > 0.4 * len(people)


def test_people_have_plausible_values(demo):
    for person in Person.objects.prefetch_related("languages", "desired_occupations"):
        person.full_clean(exclude=["search_text"])
        assert person.search_text == normalize(f"{person.first_name} {person.last_name}")
        assert 1 <= person.languages.count() <= 3
        assert 1 <= person.desired_occupations.count() <= 3
        assert 10 <= person.max_commute_km <= 60
        assert 15 <= (TODAY - person.birth_date).days / 365.25 < 29
        assert person.available_from > TODAY and person.available_from.day == 1
        if person.school_certificate and person.school_certificate_country not in (
            "",
            "Deutschland",
        ):
            assert person.recognition_status != "not_needed"
    levels = list(Person.objects.values_list("german_level", flat=True))
    a2_to_b2 = sum(2 <= level <= 4 for level in levels)
    assert a2_to_b2 > 0.5 * len(levels)
    assert PersonSensitive.objects.count() == 300


def test_vacancies_start_in_the_future_at_their_company(demo):
    for vacancy in Vacancy.objects.select_related("company", "occupation"):
        vacancy.full_clean()
        assert vacancy.start_date > TODAY
        assert (vacancy.start_date.month, vacancy.start_date.day) in ((8, 1), (9, 1))
        assert vacancy.start_date.year <= TODAY.year + 2
        assert 1 <= vacancy.seats <= 3
        company = vacancy.company
        assert (vacancy.postal_code, vacancy.district_id) == (
            company.postal_code,
            company.district_id,
        )
        # The company's chamber is the competent body of all its occupations.
        assert vacancy.occupation.competent_body == company.competent_body


def test_companies_and_partners(demo):
    companies = list(Company.objects.all())
    for company in companies:
        company.full_clean(exclude=["search_text"])
        assert company.search_text == normalize(company.name)
        entry = gazetteer.lookup(company.postal_code)
        assert entry is not None and entry.district_key == company.district_id
        assert company.district_id.startswith("15")
    assert len({c.name for c in companies}) == len(companies)
    migrant_led = [c for c in companies if c.migrant_led]
    assert 0.1 * len(companies) < len(migrant_led) < 0.4 * len(companies)
    assert all(c.languages.exists() for c in migrant_led)
    assert sum(c.is_sme for c in companies) > 0.9 * len(companies)

    partners = list(Partner.objects.prefetch_related("districts", "topics"))
    for partner in partners:
        partner.full_clean(exclude=["search_text"])
        assert partner.districts.exists() and partner.topics.exists()
    assert {p.partner_type for p in partners} == set(PartnerType.values)
    foreigners_offices = [p for p in partners if p.partner_type == PartnerType.FOREIGNERS_OFFICE]
    served = sorted(d.key for p in foreigners_offices for d in p.districts.all())
    assert served == sorted(d.key for d in gazetteer.districts() if d.key.startswith("15"))
    chambers = [p for p in partners if p.partner_type in (PartnerType.IHK, PartnerType.HWK)]
    assert all(p.districts.count() > 1 for p in chambers)


def test_contact_data_is_fictional(demo):
    emails = [
        *Person.objects.values_list("email", flat=True),
        *Company.objects.values_list("email", flat=True),
        *CompanyContact.objects.values_list("email", flat=True),
        *Partner.objects.values_list("email", flat=True),
        *PartnerContact.objects.values_list("email", flat=True),
        *Office.objects.values_list("email", flat=True),
        *User.objects.values_list("email", flat=True),
    ]
    used = [email for email in emails if email]
    assert len(used) > 500
    assert all(email.rsplit("@", 1)[1] in RESERVED_EMAIL_DOMAINS for email in used)
    phones = [
        *Person.objects.values_list("phone", flat=True),
        *Company.objects.values_list("phone", flat=True),
        *CompanyContact.objects.values_list("phone", flat=True),
        *Partner.objects.values_list("phone", flat=True),
        *PartnerContact.objects.values_list("phone", flat=True),
        *Office.objects.values_list("phone", flat=True),
    ]
    assert all(phone.startswith(DRAMA_NUMBER_BLOCKS) for phone in phones if phone)
    websites = Company.objects.exclude(website="").values_list("website", flat=True)
    assert all(url.startswith("https://www.example.com/") for url in websites)
