"""The staff start pages: the overview and "my open tasks". They read through the selectors
of the domain apps (`workbench/selectors.py` combines them), so `core` needs to import none
of them. The buttons on the task lists ("done", "undo") call the domain apps' services."""

from __future__ import annotations

from typing import Any

from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kausa.chains.selectors import chain_run_step_get_for_user, open_run_steps_for
from kausa.chains.services.runs import chain_run_step_complete, chain_run_step_reopen
from kausa.companies.selectors import companies_visible_to
from kausa.core.access import request_user, staff_view
from kausa.core.actions import run_action
from kausa.core.models import Office, User
from kausa.counselling.selectors import next_step_get_for_user
from kausa.counselling.services.sessions import next_step_complete, next_step_reopen
from kausa.partners.selectors import partners_visible_to
from kausa.people.selectors import people_visible_to
from kausa.vacancies.models import VacancyStatus
from kausa.vacancies.selectors import vacancies_visible_to
from kausa.workbench import selectors
from kausa.workbench.charts import figure_charts
from kausa.workbench.forms import OfficeSwitchForm


def _counts(user: User) -> dict[str, int]:
    open_vacancies = vacancies_visible_to(user).filter(
        status=VacancyStatus.OPEN, archived_at__isnull=True, company__archived_at__isnull=True
    )
    return {
        "people": people_visible_to(user).filter(archived_at__isnull=True).count(),
        "companies": companies_visible_to(user).filter(archived_at__isnull=True).count(),
        "open_seats": open_vacancies.aggregate(total=Sum("seats"))["total"] or 0,
        "partners": partners_visible_to(user).filter(archived_at__isnull=True).count(),
    }


def _chosen_office(request: HttpRequest, user: User) -> tuple[Office | None, OfficeSwitchForm]:
    """The office whose day is shown: a team lead picks one (the first by default)."""
    offices = selectors.dashboard_offices(user)
    form = OfficeSwitchForm(request.GET if "office" in request.GET else None, offices=offices)
    if form.is_bound and form.is_valid():
        return form.cleaned_data["office"], form
    return offices.first(), form


def _office_sections(user: User, office: Office) -> dict[str, Any]:
    mine = not user.sees_all_offices
    expiring, withdrawn = selectors.consents_to_review(user, office)
    return {
        "tasks": selectors.due_tasks(user, office, mine=mine),
        "done_today": selectors.done_today(user, office) if mine else [],
        "sessions": selectors.week_sessions(user, office),
        "proposals": selectors.waiting_proposals(user, office),
        "events": selectors.upcoming_events(user, office),
        "no_contact": selectors.no_contact_cases(user, office),
        "consents_expiring": expiring,
        "consents_withdrawn": withdrawn,
        "sees_consents": user.works_in(office),
        "can_change_tasks": user.can_write_for(office),
    }


@staff_view()
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    office, form = _chosen_office(request, user)
    context: dict[str, Any] = {
        "counts": _counts(user),
        "can_register": user.can_write_for(user.office_id),
        "office": office,
        "office_form": form,
        "mine": not user.sees_all_offices,
        "today": timezone.localdate(),
        "no_contact_weeks": selectors.NO_CONTACT_DAYS // 7,
        "renewal_years": selectors.CONSENT_RENEWAL_YEARS,
    }
    if office is not None:
        context.update(_office_sections(user, office))
    if user.sees_all_offices:
        context["figures"] = selectors.office_figures(user, selectors.dashboard_offices(user))
        context["figure_charts"] = figure_charts(context["figures"])
    return render(request, "workbench/dashboard.html", context)


@staff_view()
def my_tasks(request: HttpRequest) -> HttpResponse:
    """The user's open next steps and process-chain steps together: overdue (oldest first),
    due today, upcoming."""
    user = request_user(request)
    today = timezone.localdate()
    groups = selectors.my_task_groups(user, today)
    context: dict[str, Any] = {
        # Each group: its first tasks (a list) and, under `<group>_section`, the count too.
        **{name: section.rows for name, section in groups.items()},
        **{f"{name}_section": section for name, section in groups.items()},
        # The first due chain steps as records, for callers that look for a run step itself.
        "chain_steps": list(
            open_run_steps_for(user).filter(due_on__lte=today)[: selectors.TASK_PAGE_ROWS]
        ),
        "today": today,
    }
    return render(request, "workbench/my_tasks.html", context)


def _back(request: HttpRequest) -> HttpResponse:
    if request.POST.get("back") == "tasks":
        return redirect("workbench:tasks")
    return redirect("workbench:dashboard")


@require_POST
@staff_view(write=True)
def step_done(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    step = next_step_get_for_user(user, pk, write=True)
    run_action(
        request,
        lambda: next_step_complete(actor=user, step=step),
        success=_("The step is done. You can undo this under “Done today”."),
    )
    return _back(request)


@require_POST
@staff_view(write=True)
def step_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    step = next_step_get_for_user(user, pk, write=True)
    run_action(
        request,
        lambda: next_step_reopen(actor=user, step=step),
        success=_("The step is open again."),
    )
    return _back(request)


@require_POST
@staff_view(write=True)
def run_step_done(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    run_step = chain_run_step_get_for_user(user, pk, write=True)
    run_action(
        request,
        lambda: chain_run_step_complete(actor=user, run_step=run_step),
        success=_("The step is done. You can undo this under “Done today”."),
    )
    return _back(request)


@require_POST
@staff_view(write=True)
def run_step_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    run_step = chain_run_step_get_for_user(user, pk, write=True)
    run_action(
        request,
        lambda: chain_run_step_reopen(actor=user, run_step=run_step),
        success=_("The step is open again."),
    )
    return _back(request)
