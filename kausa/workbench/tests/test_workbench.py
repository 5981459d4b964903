"""The overview and the task list: counts and tasks of the user's own office only."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kausa.core.tests.factories import PersonFactory
from kausa.counselling.models import NextStep
from kausa.counselling.services.cases import case_open_for_person

pytestmark = pytest.mark.django_db


def test_the_overview_keeps_its_address_and_counts_the_own_office(client, counsellor_a, office_b):
    PersonFactory(office=counsellor_a.office)
    PersonFactory(office=office_b)
    client.force_login(counsellor_a)
    assert reverse("workbench:dashboard") == "/staff/"
    response = client.get("/staff/")
    assert response.status_code == 200
    assert response.context["counts"]["people"] == 1


def test_tasks_list_only_the_users_own_open_steps(client, counsellor_a, counsellor_b):
    today = timezone.localdate()
    for counsellor in (counsellor_a, counsellor_b):
        person = PersonFactory(office=counsellor.office)
        case = case_open_for_person(actor=counsellor, person=person, opened_on=today)
        NextStep.objects.create(
            case=case,
            title=f"Anruf {counsellor.username}",
            due_on=today - datetime.timedelta(days=1),
            owner=counsellor,
        )
    client.force_login(counsellor_a)
    assert reverse("workbench:tasks") == "/staff/counselling/tasks/"
    response = client.get(reverse("workbench:tasks"))
    assert [step.title for step in response.context["overdue"]] == ["Anruf berater.a"]
    assert "Anruf " + counsellor_b.username not in response.content.decode()


def test_both_pages_need_a_login(client):
    for name in ("workbench:dashboard", "workbench:tasks"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/login/" in response["Location"]
