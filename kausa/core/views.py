"""Overview, audit log and health check."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from kausa.companies.selectors import companies_visible_to
from kausa.core.access import request_user, staff_view, team_lead_view
from kausa.core.health import worker_status
from kausa.core.listing import paginate, render_list
from kausa.core.models import AuditEntry, District, Office, User
from kausa.partners.selectors import partners_visible_to
from kausa.people.selectors import people_visible_to
from kausa.vacancies.models import VacancyStatus
from kausa.vacancies.selectors import vacancies_visible_to


@staff_view()
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    open_vacancies = vacancies_visible_to(user).filter(
        status=VacancyStatus.OPEN, archived_at__isnull=True, company__archived_at__isnull=True
    )
    counts = {
        "people": people_visible_to(user).filter(archived_at__isnull=True).count(),
        "companies": companies_visible_to(user).filter(archived_at__isnull=True).count(),
        "open_seats": open_vacancies.aggregate(total=Sum("seats"))["total"] or 0,
        "partners": partners_visible_to(user).filter(archived_at__isnull=True).count(),
    }
    return render(request, "core/dashboard.html", {"counts": counts})


@staff_view()
def office_list(request: HttpRequest) -> HttpResponse:
    """The offices of the user's organisation, with their districts and staff."""
    user = request_user(request)
    offices = (
        Office.objects.filter(organisation_id=user.organisation_pk)
        .select_related("district")
        .annotate(staff_count=Count("staff", filter=Q(staff__is_active=True)))
    )
    return render(request, "core/office_list.html", {"offices": offices})


class DistrictFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    state = forms.ChoiceField(label=_("state"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        states = District.objects.order_by("state").values_list("state", flat=True).distinct()
        self.fields["state"].choices = [("", _("any")), *((name, name) for name in states)]  # type: ignore[attr-defined]


@staff_view()
def district_list(request: HttpRequest) -> HttpResponse:
    """Landkreise and kreisfreie Städte with their official keys."""
    form = DistrictFilterForm(request.GET or None)
    districts = District.objects.all()
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        if query.isdigit():
            districts = districts.filter(key__startswith=query)
        elif query:
            districts = districts.filter(name__icontains=query)
        if form.cleaned_data["state"]:
            districts = districts.filter(state=form.cleaned_data["state"])
    page = paginate(request, districts)
    return render_list(
        request,
        "core/district_list.html",
        "core/_district_results.html",
        {"form": form, "page": page},
    )


class AuditFilterForm(forms.Form):
    action = forms.CharField(label=_("action starts with"), required=False, max_length=100)
    office = forms.ModelChoiceField(
        queryset=Office.objects.none(), required=False, label=_("office")
    )
    actor = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label=_("staff member")
    )
    date_from = forms.DateField(
        label=_("from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: object, organisation_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["office"].queryset = Office.objects.filter(  # type: ignore[attr-defined]
            organisation_id=organisation_id
        )
        self.fields["actor"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            organisation_id=organisation_id
        ).order_by("username")


@team_lead_view
def audit_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    form = AuditFilterForm(request.GET or None, organisation_id=user.organisation_pk)
    entries = AuditEntry.objects.filter(organisation_id=user.organisation_pk).select_related(
        "actor", "office"
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            entries = entries.filter(action__startswith=data["action"])
        if data["office"]:
            entries = entries.filter(office=data["office"])
        if data["actor"]:
            entries = entries.filter(actor=data["actor"])
        if data["date_from"]:
            entries = entries.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            entries = entries.filter(at__date__lte=data["date_to"])
    page = paginate(request, entries)
    return render_list(
        request, "core/audit_list.html", "core/_audit_results.html", {"form": form, "page": page}
    )


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: database reachable and migrated, worker alive.

    Only the database and migrations decide the status code (503): a stale worker does not
    stop the web app from serving, so it makes the status "degraded" with 200.
    """
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        checks["migrations"] = "ok" if not pending else "pending"
        checks["worker"] = worker_status() if not pending else "unknown"
    except Exception:
        checks["database"] = "unreachable"
        checks["worker"] = "unknown"
    healthy = checks["database"] == "ok" and checks.get("migrations") == "ok"
    status = "fail" if not healthy else ("ok" if checks["worker"] != "stale" else "degraded")
    return JsonResponse({"status": status, **checks}, status=200 if healthy else 503)
