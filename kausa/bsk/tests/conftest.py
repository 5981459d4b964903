from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from kausa.bsk import courses
from kausa.bsk.fake_server import FakeCourseServer
from kausa.core.choices import GermanLevel
from kausa.core.tests.factories import CompanyFactory, PersonFactory, VacancyFactory
from kausa.counselling.models import Case, PersonStage
from kausa.placements.models import Proposal, ProposalStatus


@pytest.fixture
def fake_courses(settings, monkeypatch):
    """The fake course search on a free local port; the app's searches go there."""
    monkeypatch.setattr(courses, "sleep", lambda seconds: None)
    with FakeCourseServer() as server:
        settings.BA_SPRACHKURS_BASE_URL = server.url
        yield server


@pytest.fixture
def no_courses_service(settings, monkeypatch):
    """A course search nobody answers (a closed local port)."""
    monkeypatch.setattr(courses, "sleep", lambda seconds: None)
    server = FakeCourseServer()
    url = server.url
    server.stop()  # the port is closed again: connections are refused
    settings.BA_SPRACHKURS_BASE_URL = url
    return url


def apprentice(
    office,
    counsellor,
    *,
    stage=PersonStage.TRAINING_STARTED,
    german=GermanLevel.B1,
    postal_code="39104",
    **fields,
):
    """A person with an open case at `stage` (a person in training by default)."""
    person = PersonFactory(office=office, german_level=german, postal_code=postal_code, **fields)
    Case.objects.create(
        office=office,
        person=person,
        counsellor=counsellor,
        stage=stage,
        opened_on=timezone.localdate() - datetime.timedelta(days=30),
    )
    return person


def with_contract(person, counsellor, company=None):
    """A signed contract for a place of `company`."""
    company = company or CompanyFactory(organisation=person.office.organisation)
    vacancy = VacancyFactory(company=company)
    return Proposal.objects.create(
        office=person.office,
        person=person,
        vacancy=vacancy,
        source="manual",
        status=ProposalStatus.CONTRACT_SIGNED,
        created_by=counsellor,
    )
