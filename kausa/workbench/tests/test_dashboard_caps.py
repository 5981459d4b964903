"""The start page counts long lists only up to a cap (then says "more than"): overdue tasks
and proposals waiting for an answer."""

from __future__ import annotations

import pytest

from kausa.core.tests.factories import CompanyFactory, PersonFactory, VacancyFactory
from kausa.placements.models import Proposal
from kausa.workbench import selectors
from kausa.workbench.tests.test_dashboard import dashboard, make_case, step

pytestmark = pytest.mark.django_db
CAP = 3


@pytest.fixture
def small_cap(monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", CAP)


def test_overdue_tasks_are_counted_up_to_the_cap(client, counsellor_a, small_cap):
    case = make_case(counsellor_a)
    for n in range(CAP + 2):
        step(counsellor_a, f"Überfällig {n}", -10 + n, case)
    step(counsellor_a, "Heute", 0, case)
    tasks = dashboard(client, counsellor_a).context["tasks"]
    assert tasks.extra == {"overdue": CAP, "today": 1}
    assert tasks.capped
    assert [task.title for task in tasks.rows][:2] == ["Überfällig 0", "Überfällig 1"]


def test_overdue_tasks_below_the_cap_are_exact(client, counsellor_a, small_cap):
    step(counsellor_a, "Überfällig", -1)
    tasks = dashboard(client, counsellor_a).context["tasks"]
    assert (tasks.extra, tasks.capped) == ({"overdue": 1, "today": 0}, False)


def test_waiting_proposals_are_counted_up_to_the_cap(client, counsellor_a, small_cap):
    company = CompanyFactory(organisation=counsellor_a.organisation)
    for n in range(CAP + 2):
        Proposal.objects.create(
            office=counsellor_a.office,
            person=PersonFactory(office=counsellor_a.office, first_name=f"Wartend{n}"),
            vacancy=VacancyFactory(company=company),
            source="manual",
        )
    section = dashboard(client, counsellor_a).context["proposals"]
    assert (section.count, section.capped, len(section.rows)) == (CAP, True, CAP + 2)
