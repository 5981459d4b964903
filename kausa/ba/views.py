"""Team leads' page "Vom Arbeitsamt aktualisieren": start an import, follow it, read reports."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kausa.ba import selectors, services
from kausa.ba.forms import ImportForm
from kausa.core.access import request_user, team_lead_view
from kausa.core.actions import run_form_action
from kausa.core.listing import is_htmx, paginate


@require_http_methods(["GET", "POST"])
@team_lead_view
def run_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    runs = selectors.import_run_list(user)
    last = runs.first()  # the region of the last run is the likely next one
    initial = {"postal_code": last.postal_code, "radius_km": last.radius_km} if last else {}
    form = ImportForm(request.POST or None, initial=initial)
    if request.method == "POST":
        run = run_form_action(
            request,
            form.is_valid(),
            lambda: services.ba_import_enqueue(
                actor=user,
                organisation=user.organisation,  # type: ignore[arg-type]
                postal_code=form.cleaned_data["postal_code"],
                radius_km=form.cleaned_data["radius_km"],
            ),
            success=_("The import was started. It runs in the background."),
            invalid=_("Please correct the marked fields."),
        )
        if run is not None:
            return redirect("ba:run", pk=run.pk)
    context = {"form": form, "page": paginate(request, runs)}
    return render(request, "ba/run_list.html", context)


@team_lead_view
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    run = selectors.import_run_get_for_user(user, pk)
    context = {
        "run": run,
        "reasons": selectors.import_issue_counts(run),
        "issues": selectors.import_issues(run)[:500],
    }
    template = "ba/_run_status.html" if is_htmx(request) else "ba/run_detail.html"
    return render(request, template, context)
