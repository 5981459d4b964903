"""Cases, sessions, next steps and tasks through HTTP, on the real database."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from kausa.core.models import AuditEntry, Role
from kausa.core.tests.factories import CompanyFactory, UserFactory
from kausa.counselling.models import Case, CaseHandover, CounsellingSession, NextStep

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_a_counsellor_opens_a_case_and_records_a_session(client, counsellor_a, person, topic):
    client.force_login(counsellor_a)
    response = client.post(
        reverse("counselling:person_open", args=[person.pk]), {"opened_on": TODAY.isoformat()}
    )
    case = Case.objects.get(person=person)
    assert response.status_code == 302 and response["Location"].endswith(f"/cases/{case.pk}/")
    assert case.counsellor == counsellor_a and case.stage == "first_contact"

    response = client.post(
        reverse("counselling:session_create", args=[case.pk]),
        {
            "held_on": TODAY.isoformat(),
            "duration_minutes": "45",
            "channel": "in_person",
            "language": "ar",
            "interpreter": "on",
            "topics": [topic.pk],
            "notes": "Fragen zur Ausbildungsduldung besprochen",
        },
    )
    assert response.status_code == 302
    session = CounsellingSession.objects.get(case=case)
    assert session.interpreter and list(session.topics.all()) == [topic]
    case.refresh_from_db()
    assert case.stage == "in_counselling"  # the first session moves the case on
    page = client.get(reverse("counselling:case", args=[case.pk])).content.decode()
    assert "Fragen zur Ausbildungsduldung besprochen" in page
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"counselling.case.opened", "counselling.session.recorded"} <= actions


def test_session_notes_are_not_stored_in_plaintext(case, counsellor_a):
    from kausa.counselling.services.sessions import session_record

    session_record(
        actor=counsellor_a,
        case=case,
        held_on=TODAY,
        duration_minutes=30,
        channel="phone",
        language="de",
        interpreter=False,
        topics=[],
        notes="Geheimnis Zqx-Notiz 4711",
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM counselling_counsellingsession")
        (stored,) = cursor.fetchone()
    assert "Zqx-Notiz" not in stored and "Geheimnis" not in stored and len(stored) > 40
    assert CounsellingSession.objects.get().notes == "Geheimnis Zqx-Notiz 4711"


@pytest.mark.parametrize(
    ("held_on", "duration", "field", "message"),
    [
        (TODAY + datetime.timedelta(days=3), "30", "held_on", "nicht in der Zukunft"),
        (TODAY.replace(year=TODAY.year - 6), "30", "held_on", "mehr als fünf Jahre"),
        (TODAY, "0", "duration_minutes", "größer oder gleich 1"),
        (TODAY, "900", "duration_minutes", "kleiner oder gleich 600"),
    ],
)
def test_invalid_sessions_get_a_german_message_and_change_nothing(
    client, counsellor_a, case, held_on, duration, field, message
):
    client.force_login(counsellor_a)
    response = client.post(
        reverse("counselling:session_create", args=[case.pk]),
        {
            "held_on": held_on.isoformat(),
            "duration_minutes": duration,
            "channel": "phone",
            "language": "de",
            "notes": "x",
        },
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not CounsellingSession.objects.exists()


def test_ending_needs_a_reason_and_closes_the_case(client, counsellor_a, case):
    client.force_login(counsellor_a)
    url = reverse("counselling:stage", args=[case.pk])
    response = client.post(url, {"stage": "ended"})
    assert "Grund" in " ".join(response.context["form"].errors["end_reason"])
    case.refresh_from_db()
    assert case.closed_at is None and case.stage == "in_counselling"

    client.post(url, {"stage": "ended", "end_reason": "moved_away"})
    case.refresh_from_db()
    assert case.closed_at is not None and case.end_reason == "moved_away"
    assert [c.stage for c in case.stage_changes.all()][-1] == "ended"
    # A closed case takes no more sessions until it is reopened.
    response = client.post(
        reverse("counselling:session_create", args=[case.pk]),
        {
            "held_on": TODAY.isoformat(),
            "duration_minutes": "30",
            "channel": "phone",
            "language": "de",
        },
    )
    assert "geschlossen" in response.content.decode()
    client.post(reverse("counselling:reopen", args=[case.pk]))
    case.refresh_from_db()
    assert case.closed_at is None and case.stage == "in_counselling"


def test_training_start_keeps_the_case_open_for_follow_up(client, counsellor_a, case):
    client.force_login(counsellor_a)
    client.post(reverse("counselling:stage", args=[case.pk]), {"stage": "training_started"})
    case.refresh_from_db()
    assert case.stage == "training_started" and case.closed_at is None


def test_hand_over_is_logged(client, counsellor_a, case, office_a):
    colleague = UserFactory(office=office_a, role=Role.COUNSELLOR)
    client.force_login(counsellor_a)
    client.post(reverse("counselling:handover", args=[case.pk]), {"counsellor": colleague.pk})
    case.refresh_from_db()
    assert case.counsellor == colleague
    handover = CaseHandover.objects.get(case=case)
    assert handover.from_counsellor == counsellor_a and handover.to_counsellor == colleague
    assert AuditEntry.objects.filter(action="counselling.case.handed_over").exists()


def test_hand_over_to_another_office_is_refused(client, counsellor_a, counsellor_b, case):
    client.force_login(counsellor_a)
    response = client.post(
        reverse("counselling:handover", args=[case.pk]), {"counsellor": counsellor_b.pk}
    )
    assert response.status_code == 200 and response.context["form"].errors
    case.refresh_from_db()
    assert case.counsellor == counsellor_a


def test_my_tasks_lists_overdue_steps_first(client, counsellor_a, case):
    client.force_login(counsellor_a)
    url = reverse("counselling:step_create", args=[case.pk])
    for title, days in (("Später", 10), ("Heute", 0)):
        due = (TODAY + datetime.timedelta(days=days)).isoformat()
        client.post(url, {"title": title, "due_on": due, "owner": counsellor_a.pk})
    NextStep.objects.create(
        case=case, title="Überfällig", due_on=TODAY - datetime.timedelta(days=4), owner=counsellor_a
    )
    response = client.get(reverse("workbench:tasks"))
    assert [s.title for s in response.context["overdue"]] == ["Überfällig"]
    assert [s.title for s in response.context["due_today"]] == ["Heute"]
    assert [s.title for s in response.context["upcoming"]] == ["Später"]
    body = response.content.decode()
    assert body.index("Überfällig") < body.index("Heute") < body.index("Später")

    step = NextStep.objects.get(title="Heute")
    response = client.post(reverse("workbench:step_done", args=[step.pk]), {"back": "tasks"})
    assert response.url == reverse("workbench:tasks")
    step.refresh_from_db()
    assert step.done_at is not None


def test_a_step_due_long_ago_is_refused(client, counsellor_a, case):
    client.force_login(counsellor_a)
    response = client.post(
        reverse("counselling:step_create", args=[case.pk]),
        {"title": "Alt", "due_on": "2020-01-01", "owner": counsellor_a.pk},
    )
    assert "Vergangenheit" in " ".join(response.context["form"].errors["due_on"])
    assert not NextStep.objects.exists()


def test_company_case_follows_the_training_company_path(client, counsellor_a, organisation):
    company = CompanyFactory(organisation=organisation)
    client.force_login(counsellor_a)
    client.post(
        reverse("counselling:company_open", args=[company.pk]), {"opened_on": TODAY.isoformat()}
    )
    case = Case.objects.get(company=company)
    client.post(reverse("counselling:stage", args=[case.pk]), {"stage": "trainer_qualification"})
    case.refresh_from_db()
    assert case.get_stage_display() == "Ausbildereignung (AEVO)"
    panel = client.get(reverse("counselling:company_panel", args=[company.pk]))
    assert case in panel.context["cases"]


def test_the_person_page_shows_the_whole_story(client, counsellor_a, case, partner, topic):
    from kausa.counselling.services.consents import consent_record
    from kausa.counselling.services.referrals import referral_create

    consent_record(
        actor=counsellor_a,
        person=case.person,
        purpose="referral",
        partner=partner,
        text_version="v1",
        given_on=TODAY,
        language="de",
        method="written",
    )
    referral_create(
        actor=counsellor_a, case=case, partner=partner, topic=topic, shared_fields=["name"]
    )
    client.force_login(counsellor_a)
    response = client.get(
        reverse("counselling:person_panel", args=[case.person.pk]), HTTP_HX_REQUEST="true"
    )
    kinds = {entry.kind for entry in response.context["timeline"]}
    assert {"stage", "referral", "consent"} <= kinds
    assert partner.name in response.content.decode()
