"""Daily housekeeping: reminders once a day per counsellor, scheduling without duplicates."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from kausa.counselling.models import NextStep
from kausa.counselling.tasks import daily_housekeeping, schedule_housekeeping, send_due_reminders

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_reminders_go_once_a_day_and_name_nobody(counsellor_a, case, mailoutbox):
    counsellor_a.email = "berater@example.org"
    counsellor_a.save()
    NextStep.objects.create(case=case, title="Anruf", due_on=TODAY, owner=counsellor_a)
    NextStep.objects.create(
        case=case, title="Brief", due_on=TODAY - datetime.timedelta(days=2), owner=counsellor_a
    )
    NextStep.objects.create(
        case=case, title="Später", due_on=TODAY + datetime.timedelta(days=5), owner=counsellor_a
    )
    assert send_due_reminders() == 1
    assert len(mailoutbox) == 1 and "2" in mailoutbox[0].subject
    assert case.person.last_name not in mailoutbox[0].body
    assert "/staff/counselling/tasks/" in mailoutbox[0].body
    assert send_due_reminders() == 0  # already reminded today


def test_housekeeping_is_scheduled_once():
    from django_tasks_db.models import DBTaskResult

    assert schedule_housekeeping() is True
    assert schedule_housekeeping() is False
    waiting = DBTaskResult.objects.get(task_path=daily_housekeeping.module_path)
    assert waiting.run_after > timezone.now()


def test_the_commands_schedule_and_apply(capsys):
    from django.core.management import call_command

    call_command("schedule_housekeeping")
    call_command("schedule_housekeeping")
    call_command("apply_retention")
    out = capsys.readouterr().out
    assert "queued for" in out and "already queued" in out and "0 people erased" in out
