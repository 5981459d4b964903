"""Staff pages of the placement workflow: suggestions, proposals, weights."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kausa.core.access import (
    WriteDenied,
    may_write,
    request_user,
    staff_view,
    team_lead_view,
)
from kausa.core.actions import run_action
from kausa.core.forms import apply_errors
from kausa.core.listing import is_htmx, paginate
from kausa.core.models import Role
from kausa.people import selectors as people_selectors
from kausa.placements import adapter, selectors, services
from kausa.placements.forms import (
    MatchingWeightsForm,
    PlaceSearchForm,
    ProposalCreateForm,
    ProposalStatusForm,
    RunStartForm,
)
from kausa.placements.models import Proposal, ProposalStatus
from kausa.vacancies import selectors as vacancy_selectors

SUGGESTION_COUNT = 10


def _labelled(factors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    labels = dict(adapter.FACTOR_LABELS)
    return [{**item, "label": labels.get(item["factor"], item["factor"])} for item in factors]


@require_http_methods(["GET", "POST"])
@staff_view()
def person_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    """POST only searches places for a manual proposal (the words stay out of the URL)."""
    user = request_user(request)
    person = people_selectors.person_get_for_user(user, pk)
    suggestions = adapter.suggestions_for_person(person, k=SUGGESTION_COUNT)
    search = PlaceSearchForm(request.POST if request.method == "POST" else None)
    query = search.cleaned_data["place_q"].strip() if search.is_valid() else ""
    context = {
        "person": person,
        "suggestions": suggestions,
        "proposals": person.proposals.select_related("vacancy__company", "vacancy__occupation"),
        "proposed_ids": set(person.proposals.values_list("vacancy_id", flat=True)),
        "can_propose": may_write(user, person),
        "search_form": search,
        "searched": bool(query),
        "found_places": selectors.open_places_search(person.office.organisation_id, query),
    }
    if is_htmx(request):  # the short list embedded in the person's page
        return render(request, "placements/_person_suggestions_short.html", context)
    return render(request, "placements/person_suggestions.html", context)


@staff_view()
def vacancy_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    vacancy = vacancy_selectors.vacancy_get_for_user(user, pk)
    suggestions = adapter.suggestions_for_vacancy(  # "candidates of my office"
        vacancy, office=user.office, all_offices=user.sees_all_offices, k=SUGGESTION_COUNT
    )
    context = {
        "vacancy": vacancy,
        "suggestions": suggestions,
        "proposed_ids": set(vacancy.proposals.values_list("person_id", flat=True)),
    }
    return render(request, "placements/vacancy_candidates.html", context)


@require_POST
@staff_view(write=True)
def proposal_create(request: HttpRequest, person_pk: int) -> HttpResponse:
    user = request_user(request)
    person = people_selectors.person_get_for_user(user, person_pk, write=True)
    form = ProposalCreateForm(
        request.POST, vacancies=vacancy_selectors.open_places(person.office.organisation_id)
    )
    if not form.is_valid():
        messages.error(request, _("Please choose an open apprenticeship place."))
        return redirect("placements:person", pk=person.pk)
    proposal = run_action(
        request,
        lambda: services.proposal_create(
            actor=user, person=person, vacancy=form.cleaned_data["vacancy"]
        ),
        success=_("The proposal was recorded."),
    )
    if proposal is None:
        return redirect("placements:person", pk=person.pk)
    return redirect("placements:proposal", pk=proposal.pk)


@staff_view()
def proposal_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    filters = selectors.ProposalFilters(status=request.GET.get("status", ""))
    context = {
        "page": paginate(request, selectors.proposal_list(user, filters)),
        "statuses": ProposalStatus.choices,
        "status": filters.status if filters.status in ProposalStatus.values else "",
        "can_configure": user.can_configure,
    }
    return render(request, "placements/proposal_list.html", context)


@require_http_methods(["GET", "POST"])
@staff_view()
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    writing = request.method == "POST"
    proposal = selectors.proposal_get_for_user(user, pk, write=writing)
    form = ProposalStatusForm(request.POST or None, proposal=proposal)
    if writing and form.is_valid():
        try:
            services.proposal_set_status(
                actor=user,
                proposal=proposal,
                status=form.cleaned_data["status"],
                decline_reason=form.cleaned_data["decline_reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The status was updated."))
            return redirect("placements:proposal", pk=proposal.pk)
    context = {
        "proposal": proposal,
        "history": proposal.history.select_related("changed_by"),
        "factors": _labelled(proposal.factors),
        "form": form if may_write(user, proposal) and proposal.is_open else None,
        "training_case": selectors.case_awaiting_training_start(user, proposal),
    }
    return render(request, "placements/proposal_detail.html", context)


@require_http_methods(["GET", "POST"])
@team_lead_view
def weights_edit(request: HttpRequest) -> HttpResponse:
    """The matching weights of a chosen office (team leads and administrators). The office
    comes from the query string and goes through the chokepoint (404 for another's)."""
    user = request_user(request)
    office = selectors.weights_office_for_user(user, request.GET.get("office"), write=True)
    weights = selectors.matching_weights_for_office(office)  # unsaved defaults: no write here
    form = MatchingWeightsForm(
        request.POST or None, initial=model_to_dict(weights, fields=MatchingWeightsForm.Meta.fields)
    )
    if request.method == "POST" and form.is_valid():
        services.matching_weights_update(actor=user, weights=weights, data=form.cleaned_data)
        messages.success(request, _("The weights were saved."))
        return redirect(request.get_full_path())
    return render(
        request,
        "placements/weights_form.html",
        {"form": form, "office": office, "offices": selectors.weights_offices(user)},
    )


@require_http_methods(["GET", "POST"])
@staff_view()
def run_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    offices = selectors.run_start_offices(user)
    needs_reason = not user.can_write_for(user.office_id)
    data = request.POST if request.method == "POST" else None
    form = RunStartForm(data, offices=offices, needs_reason=needs_reason)
    if request.method == "POST":
        if not offices.exists():
            raise WriteDenied  # read-only colleagues start no runs
        if form.is_valid():
            try:
                run = services.matching_run_start(
                    actor=user,
                    office=form.cleaned_data["office"],
                    reason=form.cleaned_data.get("reason", ""),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return redirect("placements:run", pk=run.pk)
    context = {
        "page": paginate(request, selectors.matching_run_list(user)),
        "start_form": form if offices.exists() else None,
        "team_lead_start": needs_reason,
        "is_read_only": user.role == Role.READ_ONLY,
    }
    return render(request, "placements/run_list.html", context)


@staff_view()
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    run = selectors.matching_run_get_for_user(user, pk)
    pairs = run.pairs.select_related("person", "vacancy__company", "vacancy__occupation").filter(
        person__in=people_selectors.people_visible_to(user)
    )
    proposed = set(
        Proposal.objects.filter(person__in=[pair.person_id for pair in pairs]).values_list(
            "person_id", "vacancy_id"
        )
    )
    context = {
        "run": run,
        "pairs": [
            (pair, _labelled(pair.factors), (pair.person_id, pair.vacancy_id) in proposed)
            for pair in pairs
        ],
        "can_accept": may_write(user, run),
        "worker_missing": selectors.worker_missing(run),
    }
    template = "placements/_run_status.html" if is_htmx(request) else "placements/run_detail.html"
    return render(request, template, context)


@require_POST
@staff_view(write=True)
def run_accept(request: HttpRequest, pk: int, pair_pk: int) -> HttpResponse:
    user = request_user(request)
    run = selectors.matching_run_get_for_user(user, pk, write=True)
    pair = get_object_or_404(run.pairs.select_related("person__office", "vacancy"), pk=pair_pk)
    proposal = run_action(
        request,
        lambda: services.proposal_from_run(actor=user, pair=pair),
        success=_("The proposal was recorded."),
    )
    if proposal is None:
        return redirect("placements:run", pk=run.pk)
    return redirect("placements:proposal", pk=proposal.pk)
