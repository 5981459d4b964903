"""Offices, districts, audit log and health check."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from kausa.core.access import request_user, staff_view, team_lead_view
from kausa.core.audit_display import area_label, label_entries
from kausa.core.audit_registry import registered_actions
from kausa.core.health import worker_status
from kausa.core.listing import paginate, render_list
from kausa.core.models import AuditEntry, District, Office, User


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


def _action_choices() -> list[tuple[str, Any]]:
    """Registered actions grouped by app, labelled in the user's language."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for action in registered_actions():
        groups.setdefault(action.code.split(".")[0], []).append((action.code, str(action.label)))
    return [
        ("", _("any")),
        *((area, sorted(items, key=lambda i: i[1])) for area, items in groups.items()),
    ]


def _area_choices() -> list[tuple[str, str]]:
    areas = sorted({action.code.split(".")[0] for action in registered_actions()})
    return [("", str(_("any"))), *((area, area_label(area)) for area in areas)]


class AuditFilterForm(forms.Form):
    area = forms.ChoiceField(label=_("area"), required=False)
    action = forms.ChoiceField(label=_("action"), required=False)
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

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area_field = self.fields["area"]
        action_field = self.fields["action"]
        office_field = self.fields["office"]
        actor_field = self.fields["actor"]
        assert isinstance(area_field, forms.ChoiceField)
        assert isinstance(action_field, forms.ChoiceField)
        assert isinstance(office_field, forms.ModelChoiceField)
        assert isinstance(actor_field, forms.ModelChoiceField)
        area_field.choices = _area_choices()
        action_field.choices = _action_choices()
        office_field.queryset = Office.objects.filter(organisation_id=organisation_id)
        actor_field.queryset = User.objects.filter(organisation_id=organisation_id).order_by(
            "username"
        )


def audit_entry_list(user: User, filters: dict[str, Any]) -> QuerySet[AuditEntry]:
    """The organisation's trail, filtered by the audit page's cleaned form data."""
    entries = AuditEntry.objects.filter(organisation_id=user.organisation_pk).select_related(
        "actor", "office"
    )
    if filters.get("area"):
        entries = entries.filter(action__startswith=f"{filters['area']}.")
    if filters.get("action"):
        entries = entries.filter(action=filters["action"])
    if filters.get("office"):
        entries = entries.filter(office=filters["office"])
    if filters.get("actor"):
        entries = entries.filter(actor=filters["actor"])
    if filters.get("date_from"):
        entries = entries.filter(at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        entries = entries.filter(at__date__lte=filters["date_to"])
    return entries


@team_lead_view
def audit_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = AuditFilterForm(request.GET or None, organisation_id=user.organisation_pk)
    filters = form.cleaned_data if form.is_valid() else {}
    page = paginate(request, audit_entry_list(user, filters))
    page.object_list = label_entries(user, page.object_list)
    return render_list(
        request, "core/audit_list.html", "core/_audit_results.html", {"form": form, "page": page}
    )


@staff_view()
def design(request: HttpRequest) -> HttpResponse:
    """The design system: tokens and components with their class names, for every staff
    member who builds or checks a page."""
    return render(request, "core/design.html")


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico before reading the page's <link rel="icon">."""
    return HttpResponseRedirect(static("core/favicon.svg"))


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
