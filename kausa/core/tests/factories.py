"""factory_boy factories for the core records; every test builds what it needs from these."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from django.utils import timezone

from kausa.companies.models import Company
from kausa.core.models import District, Occupation, Office, Organisation, Role, User
from kausa.core.search import normalize
from kausa.partners.models import Partner
from kausa.people.models import Person, PersonSensitive
from kausa.vacancies.models import Vacancy


def district(key: str) -> District:
    return District.objects.get(pk=key)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = "Landesstelle Sachsen-Anhalt"


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"KAUSA-Standort {n}")
    district = factory.LazyFunction(lambda: district("15003"))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Staff {n}")
    office = factory.SubFactory(OfficeFactory)
    organisation = factory.LazyAttribute(
        lambda user: user.office.organisation if user.office else None
    )
    role = Role.COUNSELLOR
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    office = factory.SubFactory(OfficeFactory)
    first_name = factory.Sequence(lambda n: f"Amira{n}")
    last_name = "Haddad"
    birth_date = datetime.date(2006, 5, 17)
    postal_code = "39104"
    place = "Magdeburg"
    district = factory.LazyFunction(lambda: district("15003"))
    latitude = 52.13
    longitude = 11.63
    search_text = factory.LazyAttribute(lambda p: normalize(f"{p.first_name} {p.last_name}"))
    sensitive = factory.RelatedFactory(
        "kausa.core.tests.factories.PersonSensitiveFactory", factory_related_name="person"
    )


class PersonSensitiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonSensitive

    residence_status = "tolerated"
    has_refugee_background = True


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Elektro Yilmaz {n} GmbH")
    postal_code = "06108"
    place = "Halle (Saale)"
    district = factory.LazyFunction(lambda: district("15002"))
    latitude = 51.48
    longitude = 11.97
    size = "small"
    sector = "F"
    competent_body = "HWK"
    search_text = factory.LazyAttribute(lambda c: normalize(c.name))


class VacancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vacancy

    company = factory.SubFactory(CompanyFactory)
    occupation = factory.LazyFunction(lambda: Occupation.objects.order_by("pk").first())
    seats = 2
    start_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=120))
    postal_code = "06108"
    place = "Halle (Saale)"
    district = factory.LazyFunction(lambda: district("15002"))
    latitude = 51.48
    longitude = 11.97


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Ausländerbehörde {n}")
    partner_type = "foreigners_office"
    search_text = factory.LazyAttribute(lambda p: normalize(p.name))

    @factory.post_generation
    def served(obj, create, extracted, **kwargs):
        if create:
            obj.districts.set([district("15003")])


def published_person_chain(organisation: Organisation, key: str = "test-chain") -> Any:
    """A small published process chain for people (the steps of the chains tests)."""
    from kausa.chains.models import ChainStep, ChainTemplate, TemplateStatus
    from kausa.chains.services.templates import step_from_seed
    from kausa.chains.tests.conftest import STEPS

    template = ChainTemplate.objects.create(
        organisation=organisation,
        key=key,
        audience="person",
        status=TemplateStatus.PUBLISHED,
        valid_from=datetime.date(2026, 1, 1),
        texts={"de": {"title": f"Kette {key}"}},
    )
    ChainStep.objects.bulk_create([step_from_seed(template, i, s) for i, s in enumerate(STEPS, 1)])
    return template
