"""The indicators against a hand-built data set with known answers: every table cell by cell,
period boundaries (the last day is in, the day after is out, in local time), office and
district scope, another organisation never counted, and retention keeping the year's
endings."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from kausa.chains.models import ChainRun, ChainRunStep, StepStatus
from kausa.core.models import District
from kausa.core.tests.factories import (
    CompanyFactory,
    OfficeFactory,
    OrganisationFactory,
    PartnerFactory,
    PersonFactory,
    UserFactory,
    VacancyFactory,
    published_person_chain,
)
from kausa.counselling.models import (
    Case,
    CaseStageChange,
    CounsellingSession,
    Referral,
    RetainedCount,
)
from kausa.counselling.services.data_rights import apply_retention
from kausa.partners.models import Topic
from kausa.people.models import Person, PersonSensitive
from kausa.placements.models import Proposal, ProposalStatusChange
from kausa.reports.indicators import build_report, custom_period, period_for
from kausa.reports.selectors import report_for_user
from kausa.reports.tables import Period, Report, ReportTable

YEAR = period_for("year", 2025)


def local(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime(year, month, day, hour, minute), timezone.get_default_timezone()
    )


def day(year: int, month: int, day_: int) -> datetime.date:
    return datetime.date(year, month, day_)


def case_for(subject, office, counsellor, opened_on, **fields) -> Case:
    key = "company" if not isinstance(subject, Person) else "person"
    return Case.objects.create(
        office=office, counsellor=counsellor, opened_on=opened_on, **{key: subject}, **fields
    )


def stage_change(case: Case, stage: str, at: datetime.datetime, end_reason: str = "") -> None:
    change = CaseStageChange.objects.create(case=case, stage=stage, end_reason=end_reason)
    CaseStageChange.objects.filter(pk=change.pk).update(changed_at=at)


def session(case: Case, held_on: datetime.date) -> None:
    CounsellingSession.objects.create(
        case=case, held_on=held_on, duration_minutes=30, channel="in_person"
    )


def table(report: Report, key: str) -> ReportTable:
    return next(t for t in report.tables if t.key == key)


def cells(report: Report, key: str) -> list[list[int]]:
    return table(report, key).cells


@pytest.fixture
def world(organisation, office_a, office_b, counsellor_a, counsellor_b):
    """Offices are ordered by name: B ("KAUSA Halle") is row 0, A ("KAUSA Magdeburg") row 1."""
    halle = District.objects.get(pk="15002")
    # pa1: office A, Magdeburg, turns 18 on the year's last day, German A2, refugee background.
    pa1 = PersonFactory(office=office_a, birth_date=day(2007, 12, 31), german_level=2)
    # pa2: office A, lives in Halle, 25, B2, EU citizen with migration background.
    pa2 = PersonFactory(office=office_a, birth_date=day(2000, 1, 1), german_level=4, district=halle)
    PersonSensitive.objects.filter(person=pa2).update(
        residence_status="eu",
        has_migration_background=True,
        has_refugee_background=False,
        gender="female",
    )
    # pb1: office B, Halle, 17, no German yet, no sensitive data recorded.
    pb1 = PersonFactory(office=office_b, birth_date=day(2008, 1, 1), district=halle)
    PersonSensitive.objects.filter(person=pb1).delete()

    case1 = case_for(pa1, office_a, counsellor_a, day(2025, 3, 31), stage="entry_qualification")
    session(case1, day(2025, 3, 31))
    stage_change(case1, "entry_qualification", local(2025, 3, 31, 23, 30))
    case2 = case_for(
        pa2,
        office_a,
        counsellor_a,
        day(2025, 4, 1),
        stage="training_completed",
        end_reason="goal_reached",
        closed_at=local(2025, 12, 31, 22, 0),
    )
    session(case2, day(2025, 6, 1))
    stage_change(case2, "training_started", local(2025, 4, 1, 0, 10))
    stage_change(case2, "training_completed", local(2025, 11, 30))
    case3 = case_for(
        pb1,
        office_b,
        counsellor_b,
        day(2024, 6, 1),
        stage="ended",
        end_reason="moved_away",
        closed_at=local(2025, 2, 10),
    )
    session(case3, day(2025, 1, 15))
    session(case3, day(2024, 12, 31))

    company = CompanyFactory(organisation=organisation)  # in Halle
    company_case = case_for(company, office_a, counsellor_a, day(2025, 2, 1), stage="counselling")
    session(company_case, day(2025, 2, 2))
    stage_change(company_case, "trainer_qualification", local(2025, 3, 1))
    stage_change(company_case, "chamber_registration", local(2025, 6, 1))
    stage_change(company_case, "first_apprentice", local(2026, 1, 1, 0, 0))

    vacancy = VacancyFactory(company=company)
    signed = Proposal.objects.create(
        office=office_a, person=pa1, vacancy=vacancy, status="contract_signed", source="manual"
    )
    Proposal.objects.filter(pk=signed.pk).update(created_at=local(2025, 5, 1))
    change = ProposalStatusChange.objects.create(proposal=signed, status="contract_signed")
    ProposalStatusChange.objects.filter(pk=change.pk).update(changed_at=local(2025, 5, 20))
    early = Proposal.objects.create(
        office=office_a, person=pa2, vacancy=vacancy, status="declined_by_company", source="manual"
    )
    Proposal.objects.filter(pk=early.pk).update(created_at=local(2024, 12, 31, 23, 59))
    later = Proposal.objects.create(
        office=office_b, person=pb1, vacancy=vacancy, status="proposed", source="manual"
    )
    Proposal.objects.filter(pk=later.pk).update(created_at=local(2025, 7, 1))

    topic = Topic.objects.create(code="report-test", name="Aufenthalt")
    foreigners = PartnerFactory(organisation=organisation, partner_type="foreigners_office")
    jobcenter = PartnerFactory(organisation=organisation, partner_type="jobcenter")
    for case, partner, status, at in (
        (case1, foreigners, "done", local(2025, 3, 3)),
        (case3, jobcenter, "sent", local(2025, 1, 20)),
        (company_case, jobcenter, "accepted", local(2025, 9, 9)),
        (case1, foreigners, "sent", local(2026, 1, 1, 0, 0)),
    ):
        referral = Referral.objects.create(case=case, partner=partner, topic=topic, status=status)
        Referral.objects.filter(pk=referral.pk).update(created_at=at)

    template = published_person_chain(organisation)
    done_run = ChainRun.objects.create(
        template=template,
        office=office_a,
        person=pa1,
        counsellor=counsellor_a,
        started_on=day(2025, 4, 1),
    )
    open_run = ChainRun.objects.create(
        template=template,
        office=office_b,
        person=pb1,
        counsellor=counsellor_b,
        started_on=day(2025, 5, 1),
    )
    steps = list(template.steps.all())
    for step in steps:
        last = step == steps[-1]
        ChainRunStep.objects.create(
            run=done_run,
            step=step,
            status=StepStatus.DONE if step.pk % 2 or last else StepStatus.NOT_APPLICABLE,
            completed_at=local(2025, 12, 31, 23, 59) if last else local(2025, 6, 1),
        )
        ChainRunStep.objects.create(run=open_run, step=step)

    # Another organisation: a person, a case, a session, a closing; never counted above.
    other = OfficeFactory(organisation=OrganisationFactory(name="Andere Landesstelle"))
    outsider = UserFactory(office=other)
    px = PersonFactory(office=other, birth_date=None)
    other_case = case_for(
        px,
        other,
        outsider,
        day(2025, 5, 5),
        stage="ended",
        end_reason="no_contact",
        closed_at=local(2025, 8, 1),
    )
    session(other_case, day(2025, 5, 6))
    stage_change(other_case, "entry_qualification", local(2025, 5, 6))
    return {"other": other, "halle": halle}


def test_the_year_cell_by_cell(world, organisation, django_assert_max_num_queries):
    with django_assert_max_num_queries(25):
        report = build_report(organisation=organisation, period=YEAR)
    assert report.scope_label == "alle Standorte" or report.scope_label == "all offices"
    counselled = table(report, "people.counselled")
    assert counselled.row_labels == ["KAUSA Halle", "KAUSA Magdeburg"]
    assert counselled.cells == [[0, 1], [2, 2]]
    assert cells(report, "people.stage_transitions") == [[0, 0], [1, 1]]
    # completed, then the end reasons in their order (goal reached … moved away …).
    endings = table(report, "people.case_endings")
    assert len(endings.column_labels) == 8
    assert endings.cells == [[0, 0, 0, 1, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0, 0, 0]]
    assert cells(report, "companies.counselled") == [[0, 0, 0, 0, 0], [1, 1, 1, 1, 0]]
    # proposed, application sent, interview, trial, contract signed, declined ×2
    assert cells(report, "placements.proposals") == [[1, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 1, 0, 0]]
    assert cells(report, "placements.contracts") == [[0], [1]]
    referrals = table(report, "referrals.by_partner_type")
    by_type = dict(zip(referrals.row_labels, referrals.cells, strict=True))
    assert sum(sum(row) for row in referrals.cells) == 3
    foreigners_row = next(row for label, row in by_type.items() if "Ausländerbehörde" in label)
    jobcenter_row = next(row for label, row in by_type.items() if label == "Jobcenter")
    # recorded, sent, accepted, appointment, done, no response
    assert foreigners_row == [0, 0, 0, 0, 1, 0]
    assert jobcenter_row == [0, 1, 1, 0, 0, 0]
    assert cells(report, "chains.runs") == [[1, 0, 0, 0], [1, 0, 1, 0]]
    assert cells(report, "bsk.demand") == [[0], [1]]


def test_breakdowns_cell_by_cell(world, organisation):
    report = build_report(organisation=organisation, period=YEAR)
    protected = [t.key for t in report.tables if t.protected]
    assert protected == [
        "people.by_gender",
        "people.by_age_band",
        "people.by_background",
        "people.by_residence",
        "people.by_german_level",
        "people.by_district",
    ]
    # female, male, diverse, not stated or not recorded (pa1 has a record without a gender,
    # pb1 none at all)
    assert cells(report, "people.by_gender") == [[0, 1], [0, 0], [0, 0], [1, 1]]
    # columns: Halle office, Magdeburg office; under 18, 18–20, 21–24, 25–29, 30+, unknown
    assert cells(report, "people.by_age_band") == [[1, 0], [0, 1], [0, 0], [0, 1], [0, 0], [0, 0]]
    # refugee, migration only, none, not recorded
    assert cells(report, "people.by_background") == [[0, 1], [0, 1], [0, 0], [1, 0]]
    # German/EU, permanent, protection, asylum/tolerated, permit, abroad, unknown
    assert cells(report, "people.by_residence") == [
        [0, 1],
        [0, 0],
        [0, 0],
        [0, 1],
        [0, 0],
        [0, 0],
        [1, 0],
    ]
    # none, A1, A2, B1, B2, C1, C2, native
    assert cells(report, "people.by_german_level") == [
        [1, 0],
        [0, 0],
        [0, 1],
        [0, 0],
        [0, 1],
        [0, 0],
        [0, 0],
        [0, 0],
    ]
    by_district = table(report, "people.by_district")
    magdeburg = District.objects.get(pk="15003").name
    assert by_district.row_labels[:2] == sorted([world["halle"].name, magdeburg])
    rows = dict(zip(by_district.row_labels, by_district.cells, strict=True))
    assert rows[world["halle"].name] == [1, 1]
    assert rows[magdeburg] == [0, 1]
    assert by_district.cells[-1] == [0, 0]


def test_the_last_day_is_in_and_the_next_day_out(world, organisation):
    first = build_report(organisation=organisation, period=period_for("quarter", 2025, 1))
    second = build_report(organisation=organisation, period=period_for("quarter", 2025, 2))
    # pa1's case opened and moved into EQ on 31 March (23:30 local time): first quarter.
    assert cells(first, "people.counselled") == [[0, 1], [1, 1]]
    assert cells(first, "people.stage_transitions") == [[0, 0], [1, 0]]
    # pa2's case opened and moved into training on 1 April (00:10 local, still 31 March UTC).
    assert cells(second, "people.counselled") == [[0, 0], [1, 1]]
    assert cells(second, "people.stage_transitions") == [[0, 0], [0, 1]]
    # Closed on 31 December 22:00 local time: in the fourth quarter, not in the next year.
    fourth = build_report(organisation=organisation, period=period_for("quarter", 2025, 4))
    next_year = build_report(organisation=organisation, period=period_for("year", 2026))
    assert cells(fourth, "people.case_endings")[1][0] == 1
    assert cells(next_year, "people.case_endings")[1][0] == 0
    # The chain's last step was done on 31 December 23:59: completed in 2025 only.
    assert cells(fourth, "chains.runs")[1][2] == 1
    assert cells(next_year, "chains.runs")[1][2] == 0
    # First apprentice on 1 January 2026 00:00; a referral at the same moment.
    assert cells(next_year, "companies.counselled")[1] == [0, 0, 0, 0, 1]
    assert sum(sum(row) for row in cells(next_year, "referrals.by_partner_type")) == 1
    december = build_report(organisation=organisation, period=period_for("month", 2025, 12))
    assert sum(sum(row) for row in cells(december, "referrals.by_partner_type")) == 0


def test_office_and_district_scope(world, organisation, office_a):
    own = build_report(organisation=organisation, period=YEAR, office=office_a)
    assert own.scope_label == "KAUSA Magdeburg"
    assert table(own, "people.counselled").row_labels == ["KAUSA Magdeburg"]
    assert cells(own, "people.counselled") == [[2, 2]]
    assert cells(own, "people.by_age_band") == [[0], [1], [0], [1], [0], [0]]
    halle = build_report(organisation=organisation, period=YEAR, district=world["halle"])
    # Only pa2 (office A) and pb1 (office B) live in Halle; the company is in Halle too.
    assert cells(halle, "people.counselled") == [[0, 1], [1, 1]]
    assert cells(halle, "people.stage_transitions") == [[0, 0], [0, 1]]
    assert cells(halle, "companies.counselled") == [[0, 0, 0, 0, 0], [1, 1, 1, 1, 0]]
    assert cells(halle, "placements.contracts") == [[0], [0]]
    assert cells(halle, "bsk.demand") == [[0], [0]]


def test_another_organisation_counts_only_its_own(world):
    other_org = world["other"].organisation
    report = build_report(organisation=other_org, period=YEAR)
    assert cells(report, "people.counselled") == [[1, 1]]
    assert cells(report, "people.stage_transitions") == [[1, 0]]
    assert cells(report, "people.case_endings") == [[0, 0, 0, 0, 1, 0, 0, 0]]
    assert cells(report, "companies.counselled") == [[0, 0, 0, 0, 0]]
    assert sum(sum(row) for row in cells(report, "referrals.by_partner_type")) == 0


def test_retention_keeps_the_years_endings(organisation, office_a, counsellor_a):
    for stage, reason, closed in (
        ("ended", "no_contact", local(2023, 3, 5)),
        ("training_completed", "goal_reached", local(2023, 6, 1)),
        ("training_completed", "goal_reached", local(2023, 7, 1)),
    ):
        person = PersonFactory(office=office_a)
        case = case_for(
            person,
            office_a,
            counsellor_a,
            day(2022, 1, 10),
            stage=stage,
            end_reason=reason,
            closed_at=closed,
        )
        session(case, day(2022, 2, 1))
    year = period_for("year", 2023)
    before = build_report(organisation=organisation, period=year, office=office_a)
    assert cells(before, "people.case_endings") == [[2, 0, 0, 0, 1, 0, 0, 0]]

    assert apply_retention(now=local(2026, 1, 1)) == 3
    assert not Person.objects.exists()
    assert RetainedCount.objects.count() == 3  # by month: March, June, July
    after = build_report(organisation=organisation, period=year, office=office_a)
    assert cells(after, "people.case_endings") == cells(before, "people.case_endings")
    # They know the month: a quarter or a half year counts its own closings, a period that
    # covers a month only in part leaves that month's out.
    half = custom_period(day(2023, 1, 1), day(2023, 6, 30))
    shorter = build_report(organisation=organisation, period=half)
    assert cells(shorter, "people.case_endings") == [[1, 0, 0, 0, 1, 0, 0, 0]]
    quarter = period_for("quarter", 2023, 3)
    third = build_report(organisation=organisation, period=quarter)
    assert cells(third, "people.case_endings") == [[1, 0, 0, 0, 0, 0, 0, 0]]
    part = custom_period(day(2023, 3, 10), day(2023, 6, 30))
    assert cells(build_report(organisation=organisation, period=part), "people.case_endings") == [
        [1, 0, 0, 0, 0, 0, 0, 0]
    ]
    # Counts kept before months were recorded count for whole years only.
    RetainedCount.objects.filter(month_closed=7).update(month_closed=None)
    assert cells(
        build_report(organisation=organisation, period=quarter), "people.case_endings"
    ) == [[0] * 8]
    assert cells(
        build_report(organisation=organisation, period=year, office=office_a), "people.case_endings"
    ) == cells(before, "people.case_endings")
    two_years = custom_period(day(2023, 1, 1), day(2024, 12, 31))
    longer = build_report(organisation=organisation, period=two_years)
    assert cells(longer, "people.case_endings") == [[2, 0, 0, 0, 1, 0, 0, 0]]


def test_periods():
    february = period_for("month", 2024, 2)
    assert (february.start, february.end) == (day(2024, 2, 1), day(2024, 2, 29))
    fourth = period_for("quarter", 2026, 4)
    assert (fourth.start, fourth.end) == (day(2026, 10, 1), day(2026, 12, 31))
    assert (YEAR.start, YEAR.end, YEAR.label) == (day(2025, 1, 1), day(2025, 12, 31), "2025")
    for kind, number in (("week", 1), ("month", 13), ("quarter", 0), ("quarter", None)):
        with pytest.raises(ValidationError):
            period_for(kind, 2025, number)
    with pytest.raises(ValidationError):
        custom_period(day(2025, 2, 1), day(2025, 1, 31))
    assert custom_period(day(2025, 2, 1), day(2025, 2, 1)).end == day(2025, 2, 1)


def test_a_future_period_gives_zeros(world, organisation):
    report = build_report(organisation=organisation, period=period_for("year", 2999))
    assert all(cell == 0 for t in report.tables for row in t.cells for cell in row)


def test_who_sees_what(world, counsellor_a, team_lead, office_b):
    own = report_for_user(counsellor_a, period=YEAR)
    assert own.scope_label == "KAUSA Magdeburg"
    assert not any(t.protected for t in own.tables)
    with pytest.raises(Http404):
        report_for_user(counsellor_a, period=YEAR, office_id=office_b.pk)
    with pytest.raises(Http404):
        report_for_user(team_lead, period=YEAR, office_id=world["other"].pk)
    with pytest.raises(ValidationError):
        report_for_user(team_lead, period=YEAR, district_key="99999")
    everything = report_for_user(team_lead, period=YEAR)
    assert any(t.protected for t in everything.tables)
    assert len(table(everything, "people.counselled").row_labels) == 2


def test_bad_parameters_give_messages(world, organisation):
    with pytest.raises(ValidationError):
        build_report(organisation=organisation, period=YEAR, office=world["other"])
    backwards = Period(day(2025, 2, 1), day(2025, 1, 1), "rückwärts")
    with pytest.raises(ValidationError):
        build_report(organisation=organisation, period=backwards)
