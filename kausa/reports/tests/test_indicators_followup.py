"""The follow-up table of the funder's report: per office, counted from the follow-up
records of the period, other offices and periods left out."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from kausa.core.tests.factories import PersonFactory
from kausa.counselling.services import followup as services
from kausa.counselling.services.cases import case_open_for_person, case_set_stage
from kausa.reports.indicators import build_report
from kausa.reports.tables import Period

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def training_case(counsellor):
    person = PersonFactory(office=counsellor.office)
    case = case_open_for_person(actor=counsellor, person=person, opened_on=TODAY)
    return case_set_stage(actor=counsellor, case=case, stage="training_started")


def test_the_follow_up_table_counts_each_office_in_the_period(
    organisation, counsellor_a, counsellor_b
):
    kept, dropped = training_case(counsellor_a), training_case(counsellor_a)
    training_case(counsellor_b)
    services.followup_warning_record(actor=counsellor_a, case=kept, sign="money", noted_on=TODAY)
    services.followup_warning_record(actor=counsellor_a, case=kept, sign="school", noted_on=TODAY)
    contact = kept.followup_contacts.order_by("due_on").first()
    services.followup_contact_done(actor=counsellor_a, contact=contact, done_on=TODAY)
    services.followup_outcome_record(
        actor=counsellor_a, case=kept, outcome="continues", outcome_on=TODAY, dropout_prevented=True
    )
    services.followup_outcome_record(
        actor=counsellor_a, case=dropped, outcome="ended", outcome_on=TODAY
    )
    year = Period(datetime.date(TODAY.year, 1, 1), datetime.date(TODAY.year, 12, 31), "Jahr")
    report = build_report(organisation=organisation, period=year)
    table = next(table for table in report.tables if table.key == "followup.during_training")
    rows = dict(zip(table.row_labels, table.cells, strict=True))
    # in training, contacts, signs, people with signs, prevented, ended, changed company
    assert rows[counsellor_a.office.name] == [2, 1, 2, 1, 1, 1, 0]
    assert rows[counsellor_b.office.name] == [1, 0, 0, 0, 0, 0, 0]
    last_year = Period(
        datetime.date(TODAY.year - 1, 1, 1), datetime.date(TODAY.year - 1, 12, 31), "Vorjahr"
    )
    before = build_report(organisation=organisation, period=last_year)
    table = next(table for table in before.tables if table.key == "followup.during_training")
    assert all(value == 0 for row in table.cells for value in row)
    assert table.person_counts  # small cells are suppressed like every count of people
