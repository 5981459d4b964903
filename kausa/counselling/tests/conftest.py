"""Shared records of the counselling tests (the personas come from the root conftest)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from kausa.core.tests.factories import PartnerFactory, PersonFactory, district
from kausa.counselling.models import PersonStage
from kausa.partners.models import Topic


@pytest.fixture
def person(office_a):
    return PersonFactory(office=office_a, birth_date=datetime.date(2005, 3, 1))


@pytest.fixture
def case(person, counsellor_a):
    """An open case in counselling, made by the services as a counsellor would."""
    from kausa.counselling.services.cases import case_open_for_person, case_set_stage

    case = case_open_for_person(actor=counsellor_a, person=person, opened_on=timezone.localdate())
    return case_set_stage(actor=counsellor_a, case=case, stage=PersonStage.IN_COUNSELLING)


@pytest.fixture
def topic():
    return Topic.objects.get(code="residence-work-permit")


@pytest.fixture
def partner(organisation, topic):
    partner = PartnerFactory(
        organisation=organisation, name="Ausländerbehörde Magdeburg", email="abh@example.org"
    )
    partner.topics.set([topic])
    return partner  # serves Magdeburg (15003), like the person


@pytest.fixture
def far_partner(organisation, topic):
    partner = PartnerFactory(organisation=organisation, name="Ausländerbehörde Salzlandkreis")
    partner.districts.set([district("15089")])
    partner.topics.set([topic])
    return partner
