"""The staff start pages: the overview and "my open tasks". They only read, through the
selectors of the domain apps, so `core` needs to import none of them."""

from __future__ import annotations

from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from kausa.chains.selectors import open_run_steps_for
from kausa.companies.selectors import companies_visible_to
from kausa.core.access import request_user, staff_view
from kausa.counselling.selectors import open_tasks_for
from kausa.partners.selectors import partners_visible_to
from kausa.people.selectors import people_visible_to
from kausa.vacancies.models import VacancyStatus
from kausa.vacancies.selectors import vacancies_visible_to


@staff_view()
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    open_vacancies = vacancies_visible_to(user).filter(
        status=VacancyStatus.OPEN, archived_at__isnull=True, company__archived_at__isnull=True
    )
    counts = {
        "people": people_visible_to(user).filter(archived_at__isnull=True).count(),
        "companies": companies_visible_to(user).filter(archived_at__isnull=True).count(),
        "open_seats": open_vacancies.aggregate(total=Sum("seats"))["total"] or 0,
        "partners": partners_visible_to(user).filter(archived_at__isnull=True).count(),
    }
    context = {"counts": counts, "can_register": user.can_write_for(user.office_id)}
    return render(request, "workbench/dashboard.html", context)


@staff_view()
def my_tasks(request: HttpRequest) -> HttpResponse:
    """The user's open next steps (overdue, today, upcoming) and due process-chain steps."""
    user = request_user(request)
    today = timezone.localdate()
    steps = list(open_tasks_for(user))
    context = {
        "overdue": [step for step in steps if step.due_on < today],
        "due_today": [step for step in steps if step.due_on == today],
        "upcoming": [step for step in steps if step.due_on > today],
        "chain_steps": list(open_run_steps_for(user).filter(due_on__lte=today)),
        "today": today,
    }
    return render(request, "workbench/my_tasks.html", context)
