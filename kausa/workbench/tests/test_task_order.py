"""'My open tasks': overdue first (next steps and chain steps together), then today, upcoming."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kausa.workbench.selectors import COUNT_CAP, TASK_PAGE_ROWS
from kausa.workbench.tests.test_dashboard import chain_step_due, make_case, step

pytestmark = pytest.mark.django_db


def test_overdue_chain_steps_come_before_anything_upcoming(client, counsellor_a):
    case = make_case(counsellor_a)
    for n in range(25):
        step(counsellor_a, f"Demnächst {n:02}", 1 + n, case)
    step(counsellor_a, "Heute anrufen", 0, case)
    step(counsellor_a, "Seit einer Woche fällig", -7, case)
    chain_step = chain_step_due(counsellor_a, -21)
    client.force_login(counsellor_a)
    response = client.get(reverse("workbench:tasks"))
    overdue = response.context["overdue"]
    assert (overdue[0].kind, overdue[0].pk) == ("chain", chain_step.pk)
    assert overdue[1].title == "Seit einer Woche fällig"
    assert [task.title for task in response.context["due_today"]] == ["Heute anrufen"]
    page = response.content.decode()
    title = chain_step.step.title()
    assert page.index(title) < page.index("Seit einer Woche fällig") < page.index("Heute anrufen")
    assert page.index("Heute anrufen") < page.index("Demnächst 00") < page.index("Demnächst 24")


def test_the_start_page_links_to_the_task_list(client, counsellor_a):
    step(counsellor_a, "Heute anrufen", 0)
    client.force_login(counsellor_a)
    page = client.get(reverse("workbench:dashboard")).content.decode()
    assert f'href="{reverse("workbench:tasks")}"' in page


def test_long_groups_show_their_first_tasks_and_count_the_rest(client, counsellor_a):
    case = make_case(counsellor_a)
    for n in range(TASK_PAGE_ROWS + 5):
        step(counsellor_a, f"Überfällig {n:03}", -100 + n, case)
    chain_step_due(counsellor_a, -200)
    client.force_login(counsellor_a)
    response = client.get(reverse("workbench:tasks"))
    overdue = response.context["overdue"]
    assert len(overdue) == TASK_PAGE_ROWS
    assert overdue[0].kind == "chain"
    assert [task.title for task in overdue[1:]] == [
        f"Überfällig {n:03}" for n in range(TASK_PAGE_ROWS - 1)
    ]
    section = response.context["overdue_section"]
    assert (section.count, section.capped, section.more) == (TASK_PAGE_ROWS + 6, False, 6)
    assert f"Überfällig {TASK_PAGE_ROWS + 4:03}" not in response.content.decode()


def test_group_counts_stop_at_the_cap(client, counsellor_a):
    case = make_case(counsellor_a)
    for n in range(COUNT_CAP + 2):
        step(counsellor_a, f"Später {n:03}", 1 + n, case)
    client.force_login(counsellor_a)
    section = client.get(reverse("workbench:tasks")).context["upcoming_section"]
    assert (section.count, section.capped, len(section.rows)) == (COUNT_CAP, True, TASK_PAGE_ROWS)
