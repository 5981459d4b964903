"""The event indicators against a hand-built set with known answers: held events only (a
cancelled event never counts), live registrations only (a cancelled or waiting one never
counts), the period's boundaries in local time, office and district scope, another
organisation never counted, suppression of the person counts and the tables in the exports."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kausa.core.tests.factories import (
    CompanyFactory,
    OfficeFactory,
    OrganisationFactory,
    PersonFactory,
    VacancyFactory,
    district,
)
from kausa.events.models import (
    ContactSource,
    EventContact,
    EventKind,
    EventStatus,
    ParticipantKind,
    RegistrationSource,
    RegistrationStatus,
)
from kausa.events.tests.factories import EventFactory, EventFormatFactory, RegistrationFactory
from kausa.people.models import Guardian
from kausa.placements.models import Proposal
from kausa.reports.exports import displayed_tables, report_csv, report_xlsx
from kausa.reports.indicators import build_report, period_for
from kausa.reports.suppression import suppress
from kausa.reports.tables import Report, ReportTable

pytestmark = pytest.mark.django_db

YEAR = period_for("year", 2025)
KINDS = list(EventKind.values)


def local(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime(year, month, day, hour, minute), timezone.get_default_timezone()
    )


def table(report: Report, key: str) -> ReportTable:
    return next(t for t in report.tables if t.key == key)


def held_row(**by_kind: int) -> list[int]:
    return [by_kind.get(kind, 0) for kind in KINDS]


def event(office, kind: str, starts_at: datetime.datetime, status: str = EventStatus.HELD):
    event_format = EventFormatFactory(organisation=office.organisation, name=kind, kind=kind)
    return EventFactory(
        office=office, event_format=event_format, starts_at=starts_at, status=status
    )


def register(event_, kind=ParticipantKind.YOUNG_PERSON, *, present=False, **fields):
    checked_in = event_.starts_at + datetime.timedelta(minutes=5) if present else None
    return RegistrationFactory(event=event_, kind=kind, checked_in_at=checked_in, **fields)


@pytest.fixture
def world(organisation, office_a, office_b):
    """Office A (Magdeburg): a held fair and workshop in 2025, a cancelled fair, a fair just
    after the year; office B (Halle): one held fair. Another organisation: a held fair with
    participants, a contact and a proposal."""
    fair = event(office_a, EventKind.FAIR, local(2025, 5, 10, 10))
    event(office_a, EventKind.WORKSHOP, local(2025, 12, 31, 23, 30))
    cancelled = event(office_a, EventKind.FAIR, local(2025, 7, 1), EventStatus.CANCELLED)
    after = event(office_a, EventKind.FAIR, local(2026, 1, 1, 0, 10))
    event(office_a, EventKind.JOBWALK, local(2025, 8, 1), EventStatus.PUBLISHED)
    fair_b = event(office_b, EventKind.FAIR, local(2025, 3, 1))

    present, absent, quitter, waiting = (PersonFactory(office=office_a) for _ in range(4))
    parent = Guardian.objects.create(
        person=absent, first_name="Rana", last_name="Haddad", relation="mother", language="ar"
    )
    company = CompanyFactory(organisation=office_a.organisation)
    register(fair, person=present, present=True)
    register(fair, person=absent)  # a no-show
    # Cancelled and waiting registrations never count, even if wrongly marked present.
    register(fair, person=quitter, status=RegistrationStatus.CANCELLED, present=True)
    register(fair, person=waiting, status=RegistrationStatus.WAITLISTED, present=True)
    register(fair, name="Walk-in", source=RegistrationSource.WALK_IN, present=True)
    register(fair, ParticipantKind.PARENT, guardian=parent, present=True)
    register(fair, ParticipantKind.COMPANY, company=company, present=True)
    # A cancelled event and one after the period: nothing of them counts.
    for other in (cancelled, after):
        register(other, person=present, present=True)
        register(other, ParticipantKind.COMPANY, company=company, present=True)
        EventContact.objects.create(event=other, person=present, company=company)
    register(fair_b, person=PersonFactory(office=office_b), present=True)

    EventContact.objects.create(event=fair, person=present, company=company)
    EventContact.objects.create(
        event=fair, person=absent, company=company, source=ContactSource.SPEED_DATING, round=1
    )
    vacancy = VacancyFactory(company=company)
    followed = Proposal.objects.create(
        office=office_a, person=present, vacancy=vacancy, source="manual", event=fair
    )
    Proposal.objects.create(office=office_a, person=absent, vacancy=vacancy, source="manual")
    # The proposal's date decides, not the event's.
    later = Proposal.objects.create(
        office=office_a, person=quitter, vacancy=vacancy, source="manual", event=after
    )
    Proposal.objects.filter(pk__in=[followed.pk, later.pk]).update(created_at=local(2025, 6, 1))
    Proposal.objects.exclude(pk__in=[followed.pk, later.pk]).update(created_at=local(2025, 6, 2))

    other_office = OfficeFactory(organisation=OrganisationFactory(name="Andere Landesstelle"))
    foreign = event(other_office, EventKind.FAIR, local(2025, 5, 10))
    foreign_person = PersonFactory(office=other_office)
    foreign_company = CompanyFactory(organisation=other_office.organisation)
    register(foreign, person=foreign_person, present=True)
    register(foreign, ParticipantKind.COMPANY, company=foreign_company, present=True)
    EventContact.objects.create(event=foreign, person=foreign_person, company=foreign_company)
    foreign_proposal = Proposal.objects.create(
        office=other_office,
        person=foreign_person,
        vacancy=VacancyFactory(company=foreign_company),
        source="manual",
        event=foreign,
    )
    Proposal.objects.filter(pk=foreign_proposal.pk).update(created_at=local(2025, 6, 1))


def test_event_tables_cell_by_cell(world, organisation):
    report = build_report(organisation=organisation, period=YEAR)
    # Rows: KAUSA Halle (office B), KAUSA Magdeburg (office A).
    held = table(report, "events.held")
    assert held.row_labels == ["KAUSA Halle", "KAUSA Magdeburg"]
    assert held.cells == [held_row(fair=1), held_row(fair=1, workshop=1)]
    assert not held.person_counts
    # young person, parent, company: walk-in included, cancelled and waiting ones not.
    assert table(report, "events.participants").cells == [[1, 0, 0], [2, 1, 1]]
    # registered, of them present, no-shows, walk-ins
    attendance = table(report, "events.attendance")
    assert attendance.cells == [[1, 1, 0, 0], [4, 3, 1, 1]]
    assert not attendance.row_totals
    # recorded, speed dating, young people, companies
    assert table(report, "events.contacts").cells == [[0, 0, 0, 0], [1, 1, 2, 1]]
    # proposed, application sent, interview, trial, contract signed, declined ×2
    assert table(report, "events.proposals").cells == [[0] * 7, [2, 0, 0, 0, 0, 0, 0]]


def test_the_next_year_counts_the_event_after_the_boundary(world, organisation):
    report = build_report(organisation=organisation, period=period_for("year", 2026))
    assert table(report, "events.held").cells == [held_row(), held_row(fair=1)]
    assert table(report, "events.participants").cells == [[0, 0, 0], [1, 0, 1]]


def test_office_and_district_scope(world, organisation, office_a):
    report = build_report(organisation=organisation, period=YEAR, office=office_a)
    assert table(report, "events.held").row_labels == ["KAUSA Magdeburg"]
    assert table(report, "events.attendance").cells == [[4, 3, 1, 1]]
    # District Halle: only the company lives there (the factory's people live in Magdeburg);
    # events held there: none (the factory's events have no district).
    report = build_report(organisation=organisation, period=YEAR, district=district("15002"))
    assert table(report, "events.held").cells == [held_row(), held_row()]
    assert table(report, "events.participants").cells == [[0, 0, 0], [0, 0, 1]]


def test_another_organisation_counts_only_its_own(world):
    from kausa.core.models import Organisation

    other = Organisation.objects.get(name="Andere Landesstelle")
    report = build_report(organisation=other, period=YEAR)
    assert table(report, "events.held").cells == [held_row(fair=1)]
    assert table(report, "events.participants").cells == [[1, 0, 1]]
    assert table(report, "events.contacts").cells == [[1, 0, 1, 1]]
    assert table(report, "events.proposals").cells == [[1, 0, 0, 0, 0, 0, 0]]


def test_person_counts_are_suppressed_event_counts_are_not(world, organisation):
    report = build_report(organisation=organisation, period=YEAR)
    held = suppress(table(report, "events.held"))
    assert not held.any_suppressed
    assert held.rows[1][KINDS.index(EventKind.FAIR)].text == "1"
    for key in ("events.participants", "events.attendance", "events.contacts"):
        shown = suppress(table(report, key))
        assert all(cell.value is None for row in shown.rows for cell in row if cell.text != "0")


def test_the_event_tables_are_in_the_exports(world, organisation):
    report = build_report(organisation=organisation, period=YEAR)
    shown = displayed_tables(report, threshold=5, include_protected=False)
    titles = [t.title for t in report.tables if t.key.startswith("events.")]
    assert len(titles) == 5
    workbook = load_workbook(io.BytesIO(report_xlsx(report, shown, 5)))
    notes = [row[0] for row in workbook["Hinweise"].iter_rows(values_only=True)]
    assert set(titles) <= set(notes)
    text = report_csv(report, shown, 5).decode("utf-8-sig")
    assert all(title in text for title in titles)


def test_the_report_page_shows_the_event_tables(client, world, organisation, team_lead):
    client.force_login(team_lead)
    response = client.get(reverse("reports:report"), {"kind": "year", "year": "2025"})
    assert response.status_code == 200
    body = response.content.decode()
    report = build_report(organisation=organisation, period=YEAR)
    for item in report.tables:
        if item.key.startswith("events."):
            assert item.title in body
