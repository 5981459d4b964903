"""The start page: each section shows the day's items of the user's office and nothing of
another office; tasks are done and undone through audited services; the team lead switches
offices and sees small figures; the query count does not grow with the number of people."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kausa.chains.models import ChainRunStep, StepStatus
from kausa.chains.services.runs import chain_run_start
from kausa.core.models import AuditEntry, Office, User
from kausa.core.tests.factories import (
    CompanyFactory,
    OfficeFactory,
    PersonFactory,
    VacancyFactory,
    published_person_chain,
)
from kausa.counselling.models import Case, Consent, CounsellingSession, NextStep
from kausa.placements.models import Proposal, ProposalStatusChange

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def make_case(counsellor: User, *, opened: int = 0, name: str = "Amal", **person: Any) -> Case:
    subject = PersonFactory(office=counsellor.office, first_name=name, **person)
    return Case.objects.create(
        office=counsellor.office, person=subject, counsellor=counsellor, opened_on=days(opened)
    )


def step(counsellor: User, title: str, due: int, case: Case | None = None) -> NextStep:
    case = case or make_case(counsellor)
    return NextStep.objects.create(case=case, title=title, due_on=days(due), owner=counsellor)


def chain_step_due(counsellor: User, due: int, key: str = "kette") -> ChainRunStep:
    person = PersonFactory(office=counsellor.office, first_name="Kettenperson")
    assert counsellor.organisation is not None
    chain = published_person_chain(counsellor.organisation, key=f"{key}-{person.pk}")
    run = chain_run_start(actor=counsellor, template=chain, person=person)
    run_step = run.run_steps.filter(status=StepStatus.OPEN).order_by("pk").first()
    assert run_step is not None
    run.run_steps.exclude(pk=run_step.pk).update(due_on=days(30))
    run_step.due_on = days(due)
    run_step.save(update_fields=["due_on"])
    return run_step


def session(case: Case, held_on: datetime.date) -> CounsellingSession:
    return CounsellingSession.objects.create(
        case=case, held_on=held_on, duration_minutes=45, channel="phone"
    )


def dashboard(client, user: User, **params: Any):
    client.force_login(user)
    response = client.get(reverse("workbench:dashboard"), params)
    assert response.status_code == 200
    return response


def test_tasks_overdue_first_then_due_today_of_the_own_office_only(
    client, counsellor_a, counsellor_b
):
    step(counsellor_a, "Heute anrufen", 0)
    step(counsellor_a, "Lange überfällig", -5)
    step(counsellor_a, "Morgen erst", 1)
    chain_step_due(counsellor_a, -2)
    step(counsellor_b, "Fremdes Büro", -3)
    response = dashboard(client, counsellor_a)
    tasks = response.context["tasks"]
    assert [task.kind for task in tasks.rows] == ["step", "chain", "step"]
    assert [task.title for task in tasks.rows][0::2] == ["Lange überfällig", "Heute anrufen"]
    assert [task.overdue for task in tasks.rows] == [True, True, False]
    assert tasks.extra == {"overdue": 2, "today": 1}
    text = response.content.decode()
    assert "Fremdes Büro" not in text and "Morgen erst" not in text
    assert text.index("Lange überfällig") < text.index("Heute anrufen")


def test_done_and_undo_round_trip_of_a_next_step_is_audited(client, counsellor_a):
    task = step(counsellor_a, "Bewerbung prüfen", -1)
    client.force_login(counsellor_a)
    response = client.post(reverse("workbench:step_done", args=[task.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("workbench:dashboard")
    task.refresh_from_db()
    assert task.done_at is not None
    page = dashboard(client, counsellor_a)
    assert page.context["tasks"].count == 0
    assert [item.pk for item in page.context["done_today"]] == [task.pk]
    assert reverse("workbench:step_reopen", args=[task.pk]) in page.content.decode()
    client.post(reverse("workbench:step_reopen", args=[task.pk]))
    task.refresh_from_db()
    assert task.done_at is None
    assert dashboard(client, counsellor_a).context["tasks"].count == 1
    codes = list(
        AuditEntry.objects.filter(object_id=str(task.pk), object_type="counselling.nextstep")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert codes == ["counselling.next_step.completed", "counselling.next_step.reopened"]


def test_done_and_undo_round_trip_of_a_chain_step_is_audited(client, counsellor_a):
    run_step = chain_step_due(counsellor_a, 0)
    client.force_login(counsellor_a)
    client.post(reverse("workbench:run_step_done", args=[run_step.pk]), {"back": "tasks"})
    run_step.refresh_from_db()
    assert run_step.status == StepStatus.DONE and run_step.completed_at is not None
    assert [t.kind for t in dashboard(client, counsellor_a).context["done_today"]] == ["chain"]
    response = client.post(reverse("workbench:run_step_reopen", args=[run_step.pk]))
    assert response["Location"] == reverse("workbench:dashboard")
    run_step.refresh_from_db()
    assert run_step.status == StepStatus.OPEN and run_step.completed_at is None
    codes = list(
        AuditEntry.objects.filter(object_type="chains.chainrunstep")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert codes == ["chains.run_step.completed", "chains.run_step.reopened"]


def test_undoing_an_open_step_changes_nothing_and_says_so(client, counsellor_a):
    task = step(counsellor_a, "Offen", 0)
    client.force_login(counsellor_a)
    before = AuditEntry.objects.count()
    response = client.post(reverse("workbench:step_reopen", args=[task.pk]), follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Dieser Schritt ist noch offen."]
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("route", ["step_done", "step_reopen"])
def test_next_step_buttons_refuse_readers_and_other_offices(
    client, counsellor_a, reader_a, counsellor_b, route
):
    task = step(counsellor_a, "Nachfassen", -1)
    url = reverse(f"workbench:{route}", args=[task.pk])
    client.force_login(reader_a)
    assert client.post(url).status_code == 403
    client.force_login(counsellor_b)
    assert client.post(url).status_code == 404
    assert client.get(url).status_code == 405
    task.refresh_from_db()
    assert task.done_at is None


@pytest.mark.parametrize("route", ["run_step_done", "run_step_reopen"])
def test_chain_step_buttons_refuse_readers_and_other_offices(
    client, counsellor_a, reader_a, counsellor_b, team_lead, route
):
    run_step = chain_step_due(counsellor_a, -1)
    url = reverse(f"workbench:{route}", args=[run_step.pk])
    for user, status in ((reader_a, 403), (team_lead, 403), (counsellor_b, 404)):
        client.force_login(user)
        assert client.post(url).status_code == status
    run_step.refresh_from_db()
    assert run_step.status == StepStatus.OPEN


def test_sessions_of_today_and_this_week_of_the_own_office(client, counsellor_a, counsellor_b):
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    own = make_case(counsellor_a, name="Wochenperson")
    session(own, today)
    session(own, monday)
    session(own, monday - datetime.timedelta(days=1))  # last week
    session(make_case(counsellor_b, name="Fremdperson"), today)
    response = dashboard(client, counsellor_a)
    sessions = response.context["sessions"]
    assert sessions.count == 2  # today's and Monday's (on a Monday both are today's)
    assert sessions.extra["today"] == (2 if monday == today else 1)
    assert all(row.case.office_id == counsellor_a.office_id for row in sessions.rows)
    assert "Fremdperson" not in response.content.decode()


def test_proposals_waiting_for_an_answer_oldest_first(client, counsellor_a, counsellor_b):
    company = CompanyFactory(organisation=counsellor_a.organisation)
    proposals = []
    for name, status, age in (
        ("Neu", "proposed", 1),
        ("Alt", "interview", 20),
        ("Abgelehnt", "declined_by_company", 30),
        ("Vertrag", "contract_signed", 40),
    ):
        person = PersonFactory(office=counsellor_a.office, first_name=name)
        proposal = Proposal.objects.create(
            office=counsellor_a.office,
            person=person,
            vacancy=VacancyFactory(company=company),
            source="manual",
            status=status,
        )
        Proposal.objects.filter(pk=proposal.pk).update(
            updated_at=timezone.now() - datetime.timedelta(days=age)
        )
        proposals.append(proposal)
    Proposal.objects.create(
        office=counsellor_b.office,
        person=PersonFactory(office=counsellor_b.office, first_name="Fremdvorschlag"),
        vacancy=VacancyFactory(company=company),
        source="manual",
    )
    response = dashboard(client, counsellor_a)
    section = response.context["proposals"]
    assert [row.person.first_name for row in section.rows] == ["Alt", "Neu"]
    assert section.count == 2
    assert "Fremdvorschlag" not in response.content.decode()


def test_people_without_a_session_for_eight_weeks(client, counsellor_a, counsellor_b):
    silent = make_case(counsellor_a, opened=-100, name="Stille")
    session(silent, days(-70))
    make_case(counsellor_a, opened=-90, name="Niemals")
    recent = make_case(counsellor_a, opened=-100, name="Kürzlich")
    session(recent, days(-10))
    make_case(counsellor_a, opened=-10, name="Frisch")
    closed = make_case(counsellor_a, opened=-200, name="Geschlossen")
    Case.objects.filter(pk=closed.pk).update(closed_at=timezone.now())
    make_case(counsellor_b, opened=-200, name="Fremdstill")
    response = dashboard(client, counsellor_a)
    section = response.context["no_contact"]
    assert [case.person.first_name for case in section.rows] == ["Stille", "Niemals"]
    assert [case.last_session_on for case in section.rows] == [days(-70), None]
    assert section.count == 2
    assert "Fremdstill" not in response.content.decode()


def test_consents_due_for_renewal_and_recently_withdrawn(
    client, counsellor_a, counsellor_b, team_lead
):
    def consent(person, given: int, withdrawn: int | None = None, purpose="counselling"):
        return Consent.objects.create(
            person=person,
            purpose=purpose,
            text_version="v1",
            given_on=days(given),
            method="written",
            withdrawn_on=days(withdrawn) if withdrawn is not None else None,
        )

    due = PersonFactory(office=counsellor_a.office, first_name="Verlängern")
    consent(due, -720)
    renewed = PersonFactory(office=counsellor_a.office, first_name="Erneuert")
    consent(renewed, -800)
    consent(renewed, -100)
    consent(PersonFactory(office=counsellor_a.office, first_name="Jung"), -365)
    consent(PersonFactory(office=counsellor_a.office, first_name="Zurück"), -300, withdrawn=-5)
    consent(PersonFactory(office=counsellor_a.office, first_name="Längst"), -300, withdrawn=-60)
    consent(PersonFactory(office=counsellor_b.office, first_name="Fremdzurück"), -800, -2)
    response = dashboard(client, counsellor_a)
    expiring = response.context["consents_expiring"]
    withdrawn = response.context["consents_withdrawn"]
    assert [c.person.first_name for c in expiring.rows] == ["Verlängern"]
    assert expiring.rows[0].renew_by == days(-720).replace(year=days(-720).year + 2)
    assert [c.person.first_name for c in withdrawn.rows] == ["Zurück"]
    assert "Fremdzurück" not in response.content.decode()
    # team leads do not read consents (they stay with the counselling office)
    lead = dashboard(client, team_lead, office=counsellor_a.office_id)
    assert lead.context["sees_consents"] is False
    assert "Verlängern" not in lead.content.decode()


def test_empty_sections_say_so_in_german(client, counsellor_a):
    text = dashboard(client, counsellor_a).content.decode()
    for sentence in (
        "Heute ist nichts fällig und nichts überfällig.",
        "In dieser Woche wurde noch keine Beratung erfasst.",
        "Kein Vorschlag wartet auf eine Antwort.",
        "Alle offenen Fälle hatten in den letzten acht Wochen eine Beratung.",
        "Keine Einwilligung muss erneuert werden.",
    ):
        assert sentence in text


def test_the_team_lead_picks_an_office_and_sees_figures(
    client, team_lead, counsellor_a, counsellor_b, outsider
):
    step(counsellor_b, "Aufgabe in Halle", -1)
    case_b = make_case(counsellor_b, name="Hallenser")
    session(case_b, timezone.localdate())
    make_case(counsellor_a, opened=-200, name="Magdeburger")
    company = CompanyFactory(organisation=counsellor_a.organisation)
    signed = Proposal.objects.create(
        office=counsellor_b.office,
        person=case_b.person,
        vacancy=VacancyFactory(company=company),
        source="manual",
        status="contract_signed",
    )
    ProposalStatusChange.objects.create(proposal=signed, status="contract_signed")
    default = dashboard(client, team_lead)
    offices = list(Office.objects.filter(organisation=team_lead.organisation).order_by("name"))
    assert default.context["office"] == offices[0]
    chosen = dashboard(client, team_lead, office=counsellor_b.office_id)
    assert chosen.context["office"] == counsellor_b.office
    assert [task.title for task in chosen.context["tasks"].rows] == ["Aufgabe in Halle"]
    assert chosen.context["can_change_tasks"] is False
    assert reverse("workbench:step_done", args=[1]).split("1")[0] not in chosen.content.decode()
    assert "Hallenser" in chosen.content.decode()
    figures = {row.office.name: row for row in chosen.context["figures"]}
    assert figures[counsellor_b.office.name].open_cases == 2
    assert figures[counsellor_b.office.name].new_cases_quarter == 2
    assert figures[counsellor_b.office.name].contracts_year == 1
    assert figures[counsellor_a.office.name].open_cases == 1
    assert figures[counsellor_a.office.name].new_cases_quarter == 0
    # the same figures as charts: one bar per office, the value beside it, read out in the
    # description for screen readers
    charts = {chart.id: chart for chart in chosen.context["figure_charts"]}
    open_cases = charts["dashboard-open-cases"]
    bars = {bar.label: bar for bar in open_cases.bars}
    assert (bars[counsellor_b.office.name].text, bars[counsellor_a.office.name].text) == ("2", "1")
    assert int(bars[counsellor_b.office.name].width) == 2 * int(
        bars[counsellor_a.office.name].width
    )
    assert f"{counsellor_b.office.name}: 2" in open_cases.description
    assert [bar.text for bar in charts["dashboard-contracts-year"].bars] == [
        str(figures[bar.label].contracts_year) for bar in charts["dashboard-contracts-year"].bars
    ]
    assert chosen.content.decode().count('class="report-chart-svg"') == 3
    # an office of another organisation is not offered: a German message, the default office
    foreign = dashboard(client, team_lead, office=outsider.office_id)
    assert foreign.context["office"] == offices[0]
    assert "Diesen Standort gibt es nicht" in foreign.content.decode()
    assert outsider.office.name not in foreign.content.decode()


def test_a_counsellor_cannot_switch_to_another_office(client, counsellor_a, counsellor_b):
    step(counsellor_b, "Aufgabe in Halle", -1)
    response = dashboard(client, counsellor_a, office=counsellor_b.office_id)
    assert response.context["office"] == counsellor_a.office
    assert "figures" not in response.context
    assert "report-chart-svg" not in response.content.decode()
    assert "Aufgabe in Halle" not in response.content.decode()


def _populate(counsellor: User, count: int) -> None:
    company = CompanyFactory(organisation=counsellor.organisation)
    for index in range(count):
        case = make_case(counsellor, opened=-100, name=f"Person{index}")
        step(counsellor, f"Schritt {index}", -(index % 3), case=case)
        session(case, timezone.localdate() - datetime.timedelta(days=index % 90))
        Proposal.objects.create(
            office=counsellor.office,
            person=case.person,
            vacancy=VacancyFactory(company=company),
            source="manual",
        )
        Consent.objects.create(
            person=case.person,
            purpose="counselling",
            text_version="v1",
            given_on=days(-730),
            method="written",
            withdrawn_on=days(-1) if index % 2 else None,
        )
        done = step(counsellor, f"Erledigt {index}", 0, case=case)
        NextStep.objects.filter(pk=done.pk).update(done_at=timezone.now())


def _queries(client, user: User, **params: Any) -> int:
    client.force_login(user)
    client.get(reverse("workbench:dashboard"), params)  # sign-in bookkeeping of a first request
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("workbench:dashboard"), params).status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", ["counsellor", "team_lead"])
def test_the_query_count_does_not_grow_with_the_number_of_people(
    client, counsellor_a, team_lead, role
):
    viewer = counsellor_a if role == "counsellor" else team_lead
    params = {} if role == "counsellor" else {"office": counsellor_a.office_id}
    _populate(counsellor_a, 5)
    few = _queries(client, viewer, **params)
    _populate(counsellor_a, 45)
    many = _queries(client, viewer, **params)
    assert few == many, (few, many)
    assert many <= 40


def test_an_office_without_staff_offices_shows_an_empty_day(client, team_lead):
    OfficeFactory(organisation=team_lead.organisation, name="AAA Leer")
    response = dashboard(client, team_lead)
    assert response.context["office"].name == "AAA Leer"
    assert response.context["tasks"].count == 0


def test_the_start_page_lists_the_offices_events_of_the_next_four_weeks(
    client, counsellor_a, counsellor_b
):
    import datetime

    from django.utils import timezone

    from kausa.events.models import Registration
    from kausa.events.tests.factories import EventFactory

    soon = timezone.now() + datetime.timedelta(days=3)
    shown = EventFactory(office=counsellor_a.office, title="Elternabend bald", starts_at=soon)
    Registration.objects.create(event=shown, kind="parent", name="Gast")
    EventFactory(office=counsellor_a.office, title="Entwurf bald", starts_at=soon, status="draft")
    EventFactory(office=counsellor_a.office, title="Abgesagt", starts_at=soon, status="cancelled")
    EventFactory(
        office=counsellor_a.office,
        title="Sommerfest",
        starts_at=timezone.now() + datetime.timedelta(weeks=6),
    )
    EventFactory(office=counsellor_b.office, title="Forum in B", starts_at=soon)
    client.force_login(counsellor_a)
    response = client.get(reverse("workbench:dashboard"))
    section = response.context["events"]
    assert [event.title for event in section.rows] == ["Elternabend bald"]
    assert section.rows[0].confirmed_count == 1
    text = response.content.decode()
    assert "Elternabend bald" in text and "Forum in B" not in text and "Sommerfest" not in text


def test_long_lists_count_up_to_the_cap_and_then_say_more_than(client, counsellor_a, monkeypatch):
    monkeypatch.setattr("kausa.workbench.selectors.COUNT_CAP", 3)
    monkeypatch.setattr("kausa.workbench.selectors.ROWS", 2)
    for number in range(3):
        case = make_case(counsellor_a, opened=-100 - number, name=f"Still{number}")
        Consent.objects.create(
            person=case.person,
            purpose="counselling",
            text_version="v1",
            given_on=days(-800 - number),
            method="written",
        )
    response = dashboard(client, counsellor_a)
    silent, expiring = response.context["no_contact"], response.context["consents_expiring"]
    # exactly the cap: an exact count, oldest first
    assert (silent.count, silent.capped, silent.more) == (3, False, 1)
    assert [case.person.first_name for case in silent.rows] == ["Still2", "Still1"]
    assert (expiring.count, expiring.capped) == (3, False)
    assert "(3)" in response.content.decode()

    case = make_case(counsellor_a, opened=-90, name="Still3")
    Consent.objects.create(
        person=case.person,
        purpose="counselling",
        text_version="v1",
        given_on=days(-790),
        method="written",
    )
    response = dashboard(client, counsellor_a)
    silent, expiring = response.context["no_contact"], response.context["consents_expiring"]
    assert (silent.count, silent.capped) == (3, True)
    assert (expiring.count, expiring.capped) == (3, True)
    assert [consent.person.first_name for consent in expiring.rows] == ["Still2", "Still1"]
    assert "(mehr als 3)" in response.content.decode()


def test_the_weeks_sessions_of_an_office_the_user_may_not_see_stay_hidden(
    counsellor_a, counsellor_b, team_lead, outsider
):
    from kausa.workbench.selectors import week_sessions

    held = session(make_case(counsellor_b, name="Hallenser"), timezone.localdate())
    office_b = counsellor_b.office
    assert [row.pk for row in week_sessions(counsellor_b, office_b).rows] == [held.pk]
    assert [row.pk for row in week_sessions(team_lead, office_b).rows] == [held.pk]
    # another office of the organisation, and an office of another organisation
    assert week_sessions(counsellor_a, office_b).count == 0
    assert week_sessions(outsider, office_b).count == 0
