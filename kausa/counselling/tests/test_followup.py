"""Follow-up during training: contacts planned when training starts (once, from the office's
plan), warning signs, the outcome and its rules, German messages, isolation, the export,
erasure and the figures that feed the indicators."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from kausa.core.access import WriteDenied
from kausa.core.models import AuditEntry
from kausa.core.tests.factories import PersonFactory
from kausa.counselling.followup_selectors import followup_figures
from kausa.counselling.models import (
    Case,
    FollowUpContact,
    FollowUpOutcome,
    FollowUpPlan,
    FollowUpWarning,
    PersonStage,
)
from kausa.counselling.services import followup as services
from kausa.counselling.services.cases import case_close, case_set_stage
from kausa.counselling.services.data_rights import person_export
from kausa.partners.models import Topic

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def training_case(case, counsellor_a):
    return case_set_stage(actor=counsellor_a, case=case, stage=PersonStage.TRAINING_STARTED)


def _due(case: Case) -> dict[str, datetime.date]:
    return dict(case.followup_contacts.values_list("kind", "due_on"))


def _actions(case: Case) -> list[str]:
    entries = AuditEntry.objects.filter(object_type="counselling.case", object_id=str(case.pk))
    return list(entries.order_by("id").values_list("action", flat=True))


# --- planning ------------------------------------------------------------------------------


def test_default_offsets_give_the_right_dates():
    dates = services.planned_dates(FollowUpPlan(), datetime.date(2026, 1, 31))
    assert dates == {
        "first_weeks": datetime.date(2026, 2, 28),  # 4 weeks
        "settling_in": datetime.date(2026, 4, 30),  # 3 months, the 31st becomes the 30th
        "probation_end": datetime.date(2026, 5, 17),  # 4 months less 14 days
        "intermediate_exam": datetime.date(2027, 7, 17),  # 18 months less 14 days
    }


def test_training_started_plans_the_contacts_once(client, counsellor_a, case):
    client.force_login(counsellor_a)
    stage = reverse("counselling:stage", args=[case.pk])
    assert client.post(stage, {"stage": "training_started"}).status_code == 302
    expected = services.planned_dates(FollowUpPlan(), TODAY)
    assert _due(case) == expected
    first_ids = set(case.followup_contacts.values_list("pk", flat=True))
    # One user action, one entry: planning is part of the stage change.
    assert _actions(case)[-1] == "counselling.case.stage_changed"
    assert "counselling.followup.planned" not in _actions(case)

    # Back to applying and into training again: the first plan stays, nothing is added.
    assert client.post(stage, {"stage": "applying"}).status_code == 302
    assert client.post(stage, {"stage": "training_started"}).status_code == 302
    assert set(case.followup_contacts.values_list("pk", flat=True)) == first_ids
    assert FollowUpContact.objects.count() == 4


def test_other_stages_plan_nothing(counsellor_a, case):
    case_set_stage(actor=counsellor_a, case=case, stage=PersonStage.APPLYING)
    assert not case.followup_contacts.exists()


def test_each_office_plans_with_its_own_offsets(counsellor_a, counsellor_b, office_a, office_b):
    from kausa.counselling.services.cases import case_open_for_person

    FollowUpPlan.objects.create(
        office=office_a, first_contact_weeks=6, probation_months=3, lead_days=7
    )
    cases = []
    for counsellor, office in ((counsellor_a, office_a), (counsellor_b, office_b)):
        person = PersonFactory(office=office)
        case = case_open_for_person(actor=counsellor, person=person, opened_on=TODAY)
        cases.append(case_set_stage(actor=counsellor, case=case, stage="training_started"))
    own, default = (_due(case) for case in cases)
    assert own["first_weeks"] == TODAY + datetime.timedelta(weeks=6)
    assert own["probation_end"] == services.add_months(TODAY, 3) - datetime.timedelta(days=7)
    assert default == services.planned_dates(FollowUpPlan(), TODAY)


def test_planning_by_hand_for_a_case_already_in_training(client, counsellor_a, case):
    Case.objects.filter(pk=case.pk).update(stage=PersonStage.TRAINING_STARTED)
    client.force_login(counsellor_a)
    url = reverse("counselling:followup_plan", args=[case.pk])
    started = TODAY - datetime.timedelta(days=30)
    assert client.post(url, {"started_on": started.isoformat()}).status_code == 302
    assert _due(case) == services.planned_dates(FollowUpPlan(), started)
    assert _actions(case)[-1] == "counselling.followup.planned"
    again = client.post(url, {"started_on": started.isoformat()})
    assert again.status_code == 200
    assert "Die Begleitkontakte sind bereits geplant." in again.content.decode()
    assert FollowUpContact.objects.count() == 4


# --- the office's plan ---------------------------------------------------------------------


def test_team_lead_edits_the_plan_and_a_get_writes_nothing(client, team_lead, office_a):
    client.force_login(team_lead)
    url = reverse("counselling:followup_settings") + f"?office={office_a.pk}"
    page = client.get(url)
    assert page.status_code == 200 and 'value="18"' in page.content.decode()
    assert not FollowUpPlan.objects.exists()
    data = {
        "first_contact_weeks": 6,
        "settling_in_months": 3,
        "probation_months": 4,
        "intermediate_exam_months": 18,
        "lead_days": 14,
    }
    assert client.post(url, data).status_code == 302
    plan = FollowUpPlan.objects.get(office=office_a)
    assert plan.first_contact_weeks == 6
    entry = AuditEntry.objects.get(action="counselling.followup.plan_updated")
    assert entry.changed_fields == ["first_contact_weeks"]

    bad = client.post(url, data | {"probation_months": 6, "lead_days": "viele"})
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "kleiner oder gleich 4" in text and "ganze Zahl" in text
    assert FollowUpPlan.objects.get(office=office_a).probation_months == 4


def test_counsellors_do_not_configure_the_plan(client, counsellor_a, office_a, outsider):
    client.force_login(counsellor_a)
    assert client.get(reverse("counselling:followup_settings")).status_code == 403
    with pytest.raises(WriteDenied):
        services.followup_plan_update(
            actor=counsellor_a, plan=FollowUpPlan(office=office_a), data={"lead_days": 3}
        )


def test_a_plan_of_another_organisation_is_not_found(client, team_lead, outsider):
    client.force_login(team_lead)
    url = reverse("counselling:followup_settings") + f"?office={outsider.office_id}"
    assert client.get(url).status_code == 404
    assert client.get(reverse("counselling:followup_settings") + "?office=x").status_code == 404


# --- contacts, warning signs, outcome ------------------------------------------------------


def test_a_contact_is_recorded_once_and_only_on_its_case(client, counsellor_a, training_case):
    client.force_login(counsellor_a)
    url = reverse("counselling:followup_done", args=[training_case.pk])
    contact = training_case.followup_contacts.order_by("due_on").first()
    future = (TODAY + datetime.timedelta(days=1)).isoformat()
    response = client.post(url, {"contact": contact.pk, "done_on": future})
    assert "Das Datum darf nicht in der Zukunft liegen." in response.content.decode()
    assert client.post(url, {"contact": contact.pk, "done_on": TODAY}).status_code == 302
    contact.refresh_from_db()
    assert contact.done_on == TODAY and contact.done_by == counsellor_a
    assert AuditEntry.objects.filter(action="counselling.followup.contact_done").count() == 1
    again = client.post(url, {"contact": contact.pk, "done_on": TODAY})
    assert "Dieser Kontakt ist in diesem Fall nicht offen." in again.content.decode()

    other = FollowUpContact.objects.create(
        case=Case.objects.create(
            office=training_case.office,
            person=PersonFactory(office=training_case.office),
            counsellor=counsellor_a,
            opened_on=TODAY,
            stage=PersonStage.TRAINING_STARTED,
        ),
        kind="first_weeks",
        due_on=TODAY,
    )
    foreign = client.post(url, {"contact": other.pk, "done_on": TODAY})
    assert foreign.status_code == 200
    other.refresh_from_db()
    assert other.done_on is None


def test_warning_signs_are_recorded_with_date_and_author(client, counsellor_a, training_case):
    client.force_login(counsellor_a)
    url = reverse("counselling:followup_warning", args=[training_case.pk])
    assert client.post(url, {"sign": "company_conflict", "noted_on": TODAY}).status_code == 302
    warning = FollowUpWarning.objects.get()
    assert (warning.sign, warning.noted_on, warning.recorded_by) == (
        "company_conflict",
        TODAY,
        counsellor_a,
    )
    assert AuditEntry.objects.filter(action="counselling.followup.warning_recorded").count() == 1
    bad = client.post(url, {"sign": "weather", "noted_on": "31.02.2026"})
    text = bad.content.decode()
    assert bad.status_code == 200
    assert "gültige Auswahl" in text and "gültiges Datum" in text
    assert FollowUpWarning.objects.count() == 1

    # The case page lists it and offers the referral with the topic preselected.
    page = client.get(reverse("counselling:case", args=[training_case.pk])).content.decode()
    funding = Topic.objects.get(code="funding")
    assert "Konflikt im Betrieb" in page
    refer = reverse("counselling:refer", args=[training_case.pk]) + f"?topic={funding.pk}"
    assert refer in page
    form = client.get(refer).content.decode()
    assert f'<option value="{funding.pk}" selected>' in form


def test_follow_up_needs_a_case_in_training(client, counsellor_a, case):
    client.force_login(counsellor_a)
    url = reverse("counselling:followup_warning", args=[case.pk])
    response = client.post(url, {"sign": "money", "noted_on": TODAY})
    assert "in der Phase „Ausbildung begonnen“" in response.content.decode()
    assert not FollowUpWarning.objects.exists()
    assert (
        "Ausbildungsbegleitung"
        not in client.get(reverse("counselling:case", args=[case.pk])).content.decode()
    )


def test_drop_out_prevented_only_with_warning_signs(client, counsellor_a, training_case):
    client.force_login(counsellor_a)
    url = reverse("counselling:followup_outcome", args=[training_case.pk])
    prevented = {"outcome": "continues", "outcome_on": TODAY, "dropout_prevented": "on"}
    response = client.post(url, prevented)
    assert "nur als verhindert, wenn Warnsignale erfasst wurden" in response.content.decode()
    assert not FollowUpOutcome.objects.exists()

    services.followup_warning_record(
        actor=counsellor_a, case=training_case, sign="school", noted_on=TODAY
    )
    ended = client.post(url, prevented | {"outcome": "ended"})
    assert "Eine beendete Ausbildung ist kein verhinderter Abbruch." in ended.content.decode()
    assert client.post(url, prevented).status_code == 302
    outcome = FollowUpOutcome.objects.get()
    assert outcome.dropout_prevented and outcome.outcome == "continues"

    # A change updates the one outcome of the case and names the changed fields.
    change = {"outcome": "changed_company", "outcome_on": TODAY, "dropout_prevented": "on"}
    assert client.post(url, change).status_code == 302
    assert FollowUpOutcome.objects.get().outcome == "changed_company"
    entries = AuditEntry.objects.filter(action="counselling.followup.outcome_recorded")
    assert entries.count() == 2
    assert entries.order_by("id").last().changed_fields == ["outcome"]
    page = client.get(reverse("counselling:case", args=[training_case.pk])).content.decode()
    assert "Abbruch verhindert" in page and "Betrieb gewechselt" in page


def test_a_closed_case_takes_no_follow_up(counsellor_a, training_case):
    from django.core.exceptions import ValidationError

    case_close(actor=counsellor_a, case=training_case, end_reason="goal_reached")
    with pytest.raises(ValidationError):
        services.followup_warning_record(
            actor=counsellor_a, case=training_case, sign="money", noted_on=TODAY
        )


# --- isolation -----------------------------------------------------------------------------

WRITE_ROUTES = [
    ("counselling:followup_plan", {"started_on": TODAY}),
    ("counselling:followup_done", {"done_on": TODAY}),
    ("counselling:followup_warning", {"sign": "money", "noted_on": TODAY}),
    ("counselling:followup_outcome", {"outcome": "continues", "outcome_on": TODAY}),
]


@pytest.mark.parametrize(("route", "data"), WRITE_ROUTES)
def test_other_office_404_and_read_only_403(
    client, counsellor_b, reader_a, team_lead, training_case, route, data
):
    url = reverse(route, args=[training_case.pk])
    for user, expected in ((counsellor_b, 404), (reader_a, 403), (team_lead, 403)):
        client.force_login(user)
        assert client.post(url, data).status_code == expected, user
    assert not FollowUpWarning.objects.exists() and not FollowUpOutcome.objects.exists()


def test_services_refuse_other_offices(counsellor_b, reader_a, team_lead, training_case):
    contact = training_case.followup_contacts.first()
    for actor in (counsellor_b, reader_a, team_lead):
        with pytest.raises(WriteDenied):
            services.followup_warning_record(
                actor=actor, case=training_case, sign="money", noted_on=TODAY
            )
        with pytest.raises(WriteDenied):
            services.followup_contact_done(actor=actor, contact=contact, done_on=TODAY)


def test_readers_see_the_section_without_forms(client, reader_a, counsellor_a, training_case):
    services.followup_warning_record(
        actor=counsellor_a, case=training_case, sign="money", noted_on=TODAY
    )
    client.force_login(reader_a)
    page = client.get(reverse("counselling:case", args=[training_case.pk])).content.decode()
    assert "Ausbildungsbegleitung" in page and "Geld" in page
    assert reverse("counselling:followup_warning", args=[training_case.pk]) not in page
    assert reverse("counselling:refer", args=[training_case.pk]) not in page


# --- export and erasure --------------------------------------------------------------------


def test_export_holds_the_follow_up_and_erasure_removes_it(client, counsellor_a, training_case):
    contact = training_case.followup_contacts.order_by("due_on").first()
    services.followup_contact_done(actor=counsellor_a, contact=contact, done_on=TODAY)
    services.followup_warning_record(
        actor=counsellor_a, case=training_case, sign="language", noted_on=TODAY
    )
    services.followup_outcome_record(
        actor=counsellor_a,
        case=training_case,
        outcome="continues",
        outcome_on=TODAY,
        dropout_prevented=True,
    )
    person = training_case.person
    follow_up = person_export(person)["cases"][0]["follow_up"]
    assert len(follow_up["contacts"]) == 4
    assert follow_up["contacts"][0]["done_on"] == TODAY.isoformat()
    assert follow_up["warning_signs"] == [{"sign": "Sprache", "noted_on": TODAY.isoformat()}]
    assert follow_up["outcome"]["dropout_prevented"] is True
    client.force_login(counsellor_a)
    document = client.get(reverse("counselling:export_document", args=[person.pk]))
    assert "Abbruch verhindert" in document.content.decode()

    erase = reverse("counselling:erase", args=[person.pk])
    assert client.post(erase, {"confirm": "LÖSCHEN"}).status_code == 302
    assert not FollowUpContact.objects.exists()
    assert not FollowUpWarning.objects.exists()
    assert not FollowUpOutcome.objects.exists()


# --- figures -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date


def test_figures_count_a_hand_built_year(counsellor_a, counsellor_b, office_a):
    from kausa.counselling.services.cases import case_open_for_person

    year = Period(datetime.date(TODAY.year, 1, 1), datetime.date(TODAY.year, 12, 31))
    cases = []
    for _number in range(3):
        person = PersonFactory(office=office_a)
        case = case_open_for_person(actor=counsellor_a, person=person, opened_on=TODAY)
        cases.append(case_set_stage(actor=counsellor_a, case=case, stage="training_started"))
    kept, dropped, _quiet = cases
    for case in (kept, dropped):
        services.followup_warning_record(
            actor=counsellor_a, case=case, sign="money", noted_on=TODAY
        )
    services.followup_warning_record(actor=counsellor_a, case=kept, sign="school", noted_on=TODAY)
    contact = kept.followup_contacts.order_by("due_on").first()
    services.followup_contact_done(actor=counsellor_a, contact=contact, done_on=TODAY)
    services.followup_outcome_record(
        actor=counsellor_a, case=kept, outcome="continues", outcome_on=TODAY, dropout_prevented=True
    )
    services.followup_outcome_record(
        actor=counsellor_a, case=dropped, outcome="ended", outcome_on=TODAY
    )
    # A case of office B is outside the queryset handed in.
    other = case_open_for_person(
        actor=counsellor_b, person=PersonFactory(office=counsellor_b.office), opened_on=TODAY
    )
    case_set_stage(actor=counsellor_b, case=other, stage="training_started")

    figures = followup_figures(Case.objects.filter(office=office_a), year)
    quarter = f"{TODAY.year}-Q{(TODAY.month - 1) // 3 + 1}"
    assert figures.people_in_training == 3
    assert figures.contacts_done == 1 and figures.contacts_by_quarter == {quarter: 1}
    assert figures.warnings == 3 and figures.warnings_by_sign == {"money": 2, "school": 1}
    assert figures.people_with_warnings == 2
    assert (figures.dropouts_prevented, figures.dropouts, figures.company_changes) == (1, 1, 0)

    last_year = Period(datetime.date(TODAY.year - 1, 1, 1), datetime.date(TODAY.year - 1, 12, 31))
    before = followup_figures(Case.objects.filter(office=office_a), last_year)
    assert (before.people_in_training, before.contacts_done, before.warnings) == (0, 0, 0)


def test_the_case_list_links_the_plan_for_team_leads_only(client, team_lead, counsellor_a):
    plan = reverse("counselling:followup_settings")
    client.force_login(team_lead)
    assert plan in client.get(reverse("counselling:list")).content.decode()
    client.force_login(counsellor_a)
    assert plan not in client.get(reverse("counselling:list")).content.decode()


def test_contacts_due_for_the_responsible_counsellor(counsellor_a, counsellor_b, training_case):
    from kausa.counselling.followup_selectors import followup_contacts_due_for

    first = training_case.followup_contacts.order_by("due_on").first()
    due = followup_contacts_due_for(counsellor_a, first.due_on)
    assert list(due) == [first]
    assert not followup_contacts_due_for(counsellor_b, first.due_on + datetime.timedelta(days=999))
    services.followup_contact_done(actor=counsellor_a, contact=first, done_on=TODAY)
    assert not followup_contacts_due_for(counsellor_a, first.due_on).exists()
