"""Demand pooling: who is in the pool, courses in reach, and the threshold."""

from __future__ import annotations

import pytest
from django.utils import timezone

from kausa.bsk import services
from kausa.bsk.courses import LookupMemo
from kausa.bsk.models import CourseStatus
from kausa.bsk.selectors import pooling_overview, pooling_people
from kausa.bsk.tests.conftest import apprentice, with_contract
from kausa.core.choices import GermanLevel
from kausa.core.models import Role
from kausa.core.tests.factories import (
    CompanyFactory,
    OfficeFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    district,
)
from kausa.counselling.models import PersonStage

pytestmark = pytest.mark.django_db

SALZWEDEL = {"postal_code": "29410", "district": "15081"}  # no fake course within 50 km


def far_apprentice(office, counsellor, **fields):
    return apprentice(
        office,
        counsellor,
        postal_code=SALZWEDEL["postal_code"],
        district=district(SALZWEDEL["district"]),
        **fields,
    )


def overview_for(user):
    memo = LookupMemo(user)
    try:
        return pooling_overview(user, memo)
    finally:
        memo.close()


def test_the_pool_holds_people_in_training_below_b2_without_a_course(
    counsellor_a, counsellor_b, office_a, office_b, team_lead, outsider
):
    in_training = apprentice(office_a, counsellor_a)
    entry_qualification = apprentice(
        office_a, counsellor_a, stage=PersonStage.ENTRY_QUALIFICATION, german=GermanLevel.NONE
    )
    about_to_start = PersonFactory(office=office_a, german_level=GermanLevel.A2)
    with_contract(about_to_start, counsellor_a)
    other_office = apprentice(office_b, counsellor_b)  # same organisation: the lead sees it
    # excluded:
    apprentice(office_a, counsellor_a, german=GermanLevel.B2)
    apprentice(office_a, counsellor_a, german=GermanLevel.C1)
    apprentice(office_a, counsellor_a, stage=PersonStage.APPLYING)
    apprentice(office_a, counsellor_a, stage=PersonStage.TRAINING_COMPLETED)
    closed = apprentice(office_a, counsellor_a)
    closed.cases.update(closed_at=timezone.now())
    found = apprentice(office_a, counsellor_a)
    services.course_status_set(actor=counsellor_a, person=found, status=CourseStatus.FOUND)
    attending = apprentice(office_a, counsellor_a)
    services.course_status_set(actor=counsellor_a, person=attending, status=CourseStatus.ATTENDING)
    archived = apprentice(office_a, counsellor_a)
    archived.archived_at = timezone.now()
    archived.save()
    foreign_office = OfficeFactory(organisation=outsider.organisation)
    apprentice(foreign_office, outsider)
    # "no course yet" recorded: still in the pool
    services.course_status_set(actor=counsellor_a, person=in_training, status=CourseStatus.NONE)

    expected = {in_training, entry_qualification, about_to_start, other_office}
    assert set(pooling_people(team_lead)) == expected
    # A counsellor's view is scoped to their office.
    assert set(pooling_people(counsellor_a)) == expected - {other_office}
    assert not set(pooling_people(outsider)) & expected


def test_a_district_with_enough_people_without_a_course_in_reach_gets_a_request(
    fake_courses, counsellor_a, office_a, team_lead, settings
):
    settings.BSK_POOLING_THRESHOLD = 3
    companies = [CompanyFactory(organisation=office_a.organisation) for _ in range(2)]
    for index in range(3):
        person = far_apprentice(office_a, counsellor_a)
        with_contract(person, counsellor_a, companies[index % 2])
    # Magdeburg has a course in reach: counted, but it makes no request
    for _ in range(3):
        apprentice(office_a, counsellor_a)

    overview = overview_for(team_lead)
    pools = {pool.district.pk: pool for pool in overview.districts}
    salzwedel, magdeburg = pools["15081"], pools["15003"]
    assert len(salzwedel.none_in_reach) == 3 and salzwedel.proposes_request
    assert {company.pk for company in salzwedel.companies} == {c.pk for c in companies}
    assert salzwedel.occupations[0][1] == 3
    assert len(magdeburg.entries) == 3 and magdeburg.none_in_reach == []
    assert not magdeburg.proposes_request
    assert [course.id for course in magdeburg.entries[0].courses] == ["9001"]
    # one search per postal code
    assert len(fake_courses.requests) == 2


def test_the_threshold_is_a_minimum(fake_courses, counsellor_a, office_a, team_lead, settings):
    for _ in range(6):
        far_apprentice(office_a, counsellor_a)
    settings.BSK_POOLING_THRESHOLD = 7
    assert not overview_for(team_lead).districts[0].proposes_request
    far_apprentice(office_a, counsellor_a)
    assert overview_for(team_lead).districts[0].proposes_request


def test_a_failed_search_counts_nobody_as_without_a_course(
    no_courses_service, counsellor_a, office_a, team_lead, settings
):
    settings.BSK_POOLING_THRESHOLD = 1
    far_apprentice(office_a, counsellor_a)
    pool = overview_for(team_lead).districts[0]
    assert len(pool.unknown) == 1 and pool.none_in_reach == []
    assert not pool.proposes_request


def test_only_consenting_people_are_named(fake_courses, counsellor_a, office_a, team_lead):
    from kausa.counselling.services.consents import consent_record

    named = far_apprentice(office_a, counsellor_a)
    far_apprentice(office_a, counsellor_a)
    withdrawn = far_apprentice(office_a, counsellor_a)
    for person in (named, withdrawn):
        consent_record(
            actor=counsellor_a,
            person=person,
            purpose="language_course",
            partner=None,
            text_version="v1",
            given_on=timezone.localdate(),
            language="de",
            method="written",
        )
    withdrawn.consents.update(withdrawn_on=timezone.localdate())
    pool = overview_for(team_lead).districts[0]
    assert pool.named == [named]


def test_people_of_another_organisation_never_enter_the_pool(fake_courses):
    other = OrganisationFactory(name="Andere")
    lead = UserFactory(office=None, organisation=other, role=Role.TEAM_LEAD)
    office = OfficeFactory()
    counsellor = UserFactory(office=office, role=Role.COUNSELLOR)
    far_apprentice(office, counsellor)
    assert overview_for(lead).districts == []
