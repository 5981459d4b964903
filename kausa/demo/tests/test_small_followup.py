"""The demo's follow-up during training, job-language courses and job agency import: the
funder's report shows figures, the rows are those the services would write (planned dates from
the office's plan, nothing dated after today, prevented drop-outs only after warning signs,
imported places as the import leaves them), and a seed gives the same rows again."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from datetime import date, timedelta

import pytest
from django.db import transaction
from django.urls import reverse

from kausa.ba.models import ImportRun
from kausa.ba.services import fingerprint as place_fingerprint
from kausa.bsk.models import HAS_COURSE, CourseParticipation, CourseStatus
from kausa.companies.models import Company, CompanySource
from kausa.core.choices import GermanLevel
from kausa.core.models import Organisation
from kausa.counselling.followup_selectors import followup_plan_for_office
from kausa.counselling.models import (
    Case,
    CaseStageChange,
    EndReason,
    FollowUpContact,
    FollowUpKind,
    FollowUpOutcome,
    FollowUpWarning,
    PersonStage,
    TrainingOutcome,
)
from kausa.counselling.services.followup import planned_dates
from kausa.demo.small import DEMO_ORGANISATION_NAME, DEMO_PASSWORD, load_small
from kausa.reports.indicators import build_report, period_for
from kausa.reports.indicators_followup import COLUMNS
from kausa.vacancies.models import Vacancy, VacancySource

pytestmark = pytest.mark.django_db

# Late in a year, so that the year's report holds the whole past year and this autumn's
# trainings have passed their first contacts (not after the real date: the services refuse
# future dates).
TODAY = date(2026, 12, 1)


@pytest.fixture
def demo():
    return load_small(seed=2026, today=TODAY)


def column_total(table, key: str) -> int:
    index = COLUMNS.index(key)
    return sum(row[index] for row in table.cells)


def test_the_yearly_report_shows_follow_up_and_course_demand(demo):
    organisation = Organisation.objects.get(name=DEMO_ORGANISATION_NAME)
    report = build_report(organisation=organisation, period=period_for("year", TODAY.year))
    tables = {table.key: table for table in report.tables}
    followup = tables["followup.during_training"]
    assert len(followup.cells) == 3
    assert column_total(followup, "people_in_training") > 0
    assert column_total(followup, "contacts_done") > 0
    assert column_total(followup, "warnings") > 0
    outcomes = ("dropouts_prevented", "dropouts", "company_changes")
    assert sum(column_total(followup, key) for key in outcomes) > 0
    assert sum(sum(row) for row in tables["bsk.demand"].cells) > 0


def test_a_believable_share_of_the_cases_is_in_training(demo):
    person_cases = Case.objects.filter(person__isnull=False)
    training = person_cases.filter(stage=PersonStage.TRAINING_STARTED)
    assert 0.10 * person_cases.count() <= training.count() <= 0.15 * person_cases.count()
    for case in training:
        changes = list(case.stage_changes.order_by("changed_at", "pk"))
        assert changes[0].stage == PersonStage.FIRST_CONTACT
        assert changes[-1].stage == PersonStage.TRAINING_STARTED
        started = changes[-1].changed_at.date()
        assert TODAY - timedelta(days=366) <= started <= TODAY
        assert started >= case.opened_on


def test_follow_up_rows_are_what_the_services_would_write(demo):
    training = Case.objects.filter(stage=PersonStage.TRAINING_STARTED).select_related("office")
    assert {case.pk for case in training} == set(
        FollowUpContact.objects.values_list("case_id", flat=True)
    )
    for case in training:
        plan = followup_plan_for_office(case.office)
        contacts = {contact.kind: contact for contact in case.followup_contacts.all()}
        assert set(contacts) == set(FollowUpKind.values)
        # The due dates follow the office's plan from one start of training.
        started = contacts[FollowUpKind.FIRST_WEEKS].due_on - timedelta(
            weeks=plan.first_contact_weeks
        )
        assert {kind: c.due_on for kind, c in contacts.items()} == planned_dates(plan, started)
        recorded = case.stage_changes.get(stage=PersonStage.TRAINING_STARTED).changed_at.date()
        for contact in contacts.values():
            assert contact.planned_at.date() == recorded
            if contact.done_on is not None:
                assert recorded <= contact.done_on <= TODAY
                assert contact.done_by_id == case.counsellor_id
        outcome = FollowUpOutcome.objects.filter(case=case).first()
        if case.closed_at is not None:
            assert case.end_reason == EndReason.TRAINING_TERMINATED
            assert outcome is not None and outcome.outcome == TrainingOutcome.ENDED
            assert outcome.outcome_on < case.closed_at.date() <= TODAY
            done = [c.done_on for c in contacts.values() if c.done_on]
            assert all(day <= outcome.outcome_on for day in done)
    # One office saved its own plan (the due dates above follow it).
    assert any(followup_plan_for_office(case.office).pk for case in training)
    done = FollowUpContact.objects.filter(done_on__isnull=False).count()
    overdue = FollowUpContact.objects.filter(done_on__isnull=True, due_on__lte=TODAY).count()
    assert done > 3 * overdue


def test_nothing_is_dated_after_today_and_prevented_drop_outs_had_warnings(demo):
    assert not FollowUpContact.objects.filter(done_on__gt=TODAY).exists()
    assert not FollowUpWarning.objects.filter(noted_on__gt=TODAY).exists()
    assert not FollowUpOutcome.objects.filter(outcome_on__gt=TODAY).exists()
    for warning in FollowUpWarning.objects.select_related("case"):
        assert warning.case.stage == PersonStage.TRAINING_STARTED
        recorded = warning.case.stage_changes.get(stage=PersonStage.TRAINING_STARTED)
        assert recorded.changed_at.date() <= warning.noted_on
    outcomes = Counter(FollowUpOutcome.objects.values_list("outcome", "dropout_prevented"))
    assert outcomes[(TrainingOutcome.CONTINUES, False)] > outcomes[(TrainingOutcome.ENDED, False)]
    assert outcomes[(TrainingOutcome.ENDED, False)] > 0
    assert (
        outcomes[(TrainingOutcome.CONTINUES, True)]
        + outcomes[(TrainingOutcome.CHANGED_COMPANY, True)]
        > 0
    )
    for outcome in FollowUpOutcome.objects.filter(dropout_prevented=True):
        assert outcome.case.followup_warnings.filter(noted_on__lte=outcome.outcome_on).exists()


def test_course_statuses_belong_to_people_in_training_below_b2(demo):
    rows = list(CourseParticipation.objects.select_related("person", "updated_by"))
    statuses = {row.status for row in rows}
    assert {CourseStatus.NONE, CourseStatus.ATTENDING} <= statuses
    for row in rows:
        person = row.person
        assert person.german_level < GermanLevel.B2
        assert person.cases.filter(
            stage__in=(PersonStage.ENTRY_QUALIFICATION, PersonStage.TRAINING_STARTED)
        ).exists()
        assert row.updated_by is not None and row.updated_by.office_id == person.office_id
        assert bool(row.course_title) == (row.status in HAS_COURSE)
        assert row.updated_at.date() <= TODAY


def test_one_finished_import_run_of_the_demo_places(demo, client):
    run = ImportRun.objects.get()
    assert (run.state, run.progress, run.complete) == (ImportRun.State.DONE, 100, True)
    assert run.started_by is not None and run.started_by.username == "leitung"
    assert run.created_at.date() < TODAY and run.finished_at > run.created_at
    imported = Vacancy.objects.filter(source=VacancySource.BA)
    assert run.created == imported.count() > 0
    assert run.fetched == run.created + run.rejected + run.duplicates
    assert run.rejected == run.issues.count() > 0
    assert not Company.objects.filter(source=CompanySource.BA).exists()  # matched, none new
    for place in imported:
        # As the import left them: seen by the run, in its region, not edited since.
        assert (place.ba_last_seen_run, place.ba_region) == (run.pk, run.region)
        assert place.ba_fingerprint == place_fingerprint(place) and not place.ba_manually_edited
        assert place.ba_refnr.startswith("DEMO-") and place.ba_link.startswith(
            "https://www.example.com/"
        )
    assert client.login(username="leitung", password=DEMO_PASSWORD)
    page = client.get(reverse("ba:runs"))
    assert page.status_code == 200 and run.postal_code in page.content.decode()
    assert client.get(reverse("ba:run", args=[run.pk])).status_code == 200


def fingerprint() -> tuple[dict[str, int], str]:
    """Counts and a hash of the generated values (people by name, not by database key)."""
    counts = {
        model.__name__: model.objects.count()
        for model in (FollowUpContact, FollowUpWarning, FollowUpOutcome, CourseParticipation)
    }
    counts["in_training"] = Case.objects.filter(stage=PersonStage.TRAINING_STARTED).count()
    counts["imported"] = Vacancy.objects.filter(source=VacancySource.BA).count()
    values = [
        sorted(
            CaseStageChange.objects.filter(stage=PersonStage.TRAINING_STARTED).values_list(
                "case__person__last_name", "case__person__first_name", "changed_at"
            )
        ),
        sorted(
            FollowUpContact.objects.values_list(
                "case__person__last_name", "kind", "due_on", "done_on"
            )
        ),
        sorted(FollowUpWarning.objects.values_list("case__person__last_name", "sign", "noted_on")),
        sorted(
            FollowUpOutcome.objects.values_list(
                "case__person__last_name", "outcome", "outcome_on", "dropout_prevented"
            )
        ),
        sorted(
            CourseParticipation.objects.values_list("person__last_name", "status", "course_title")
        ),
        sorted(
            Vacancy.objects.filter(source=VacancySource.BA).values_list(
                "company__name", "occupation__key", "ba_refnr"
            )
        ),
    ]
    payload = json.dumps(values, default=str, ensure_ascii=False)
    return counts, hashlib.sha256(payload.encode()).hexdigest()


def fingerprint_of_load(seed: int) -> tuple[dict[str, int], str]:
    """Load into the empty test database, fingerprint it, and roll the load back."""
    with transaction.atomic():
        assert load_small(seed=seed, today=TODAY).created
        result = fingerprint()
        transaction.set_rollback(True)
    assert not FollowUpContact.objects.exists()
    return result


def test_same_seed_same_follow_up_other_seed_other_follow_up():
    first = fingerprint_of_load(2026)
    assert all(first[0].values())
    assert fingerprint_of_load(2026) == first
    assert fingerprint_of_load(2027)[1] != first[1]
