"""Staff pages of the placement workflow: suggestions, proposals, weights."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kausa.core.access import request_user, staff_view
from kausa.core.listing import is_htmx, paginate
from kausa.core.models import Office
from kausa.people import selectors as people_selectors
from kausa.placements import adapter, selectors, services
from kausa.placements.forms import MatchingWeightsForm, ProposalCreateForm, ProposalStatusForm
from kausa.placements.models import MatchingWeights, Proposal, ProposalStatus
from kausa.vacancies import selectors as vacancy_selectors

SUGGESTION_COUNT = 10


@staff_view()
def person_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    person = people_selectors.person_get_for_user(user, pk)
    suggestions = adapter.suggestions_for_person(person, k=SUGGESTION_COUNT)
    manual_form = ProposalCreateForm(vacancies=adapter.open_places(person.office.organisation_id))
    context = {
        "person": person,
        "suggestions": suggestions,
        "proposals": person.proposals.select_related("vacancy__company", "vacancy__occupation"),
        "proposed_ids": set(person.proposals.values_list("vacancy_id", flat=True)),
        "can_propose": people_selectors.person_editable_by(user, person),
        "manual_form": manual_form,
    }
    if is_htmx(request):  # the short list embedded in the person's page
        return render(request, "placements/_person_suggestions_short.html", context)
    return render(request, "placements/person_suggestions.html", context)


@staff_view()
def vacancy_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    vacancy = vacancy_selectors.vacancy_get_for_user(user, pk)
    people = people_selectors.people_visible_to(user)
    if not user.sees_all_offices:
        people = people.filter(office=user.office)  # "candidates of my office"
    suggestions = adapter.suggestions_for_vacancy(vacancy, people, user.office, k=SUGGESTION_COUNT)
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
    person = people_selectors.person_get_for_user(user, person_pk)
    if not people_selectors.person_editable_by(user, person):
        raise PermissionDenied
    form = ProposalCreateForm(
        request.POST, vacancies=adapter.open_places(person.office.organisation_id)
    )
    if not form.is_valid():
        messages.error(request, _("Please choose an open apprenticeship place."))
        return redirect("placements:person", pk=person.pk)
    try:
        proposal = services.proposal_create(
            actor=user, person=person, vacancy=form.cleaned_data["vacancy"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("placements:person", pk=person.pk)
    messages.success(request, _("The proposal was recorded."))
    return redirect("placements:proposal", pk=proposal.pk)


@staff_view()
def proposal_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    proposals = selectors.proposals_visible_to(user)
    status = request.GET.get("status", "")
    if status in ProposalStatus.values:
        proposals = proposals.filter(status=status)
    context = {
        "page": paginate(request, proposals),
        "statuses": ProposalStatus.choices,
        "status": status,
    }
    return render(request, "placements/proposal_list.html", context)


@staff_view()
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    proposal = selectors.proposal_get_for_user(user, pk)
    can_edit = people_selectors.person_editable_by(user, proposal.person)
    form = ProposalStatusForm(request.POST or None, proposal=proposal)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
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
    labels = dict(adapter.FACTOR_LABELS)
    factors = [
        {**item, "label": labels.get(item["factor"], item["factor"])} for item in proposal.factors
    ]
    context = {
        "proposal": proposal,
        "history": proposal.history.select_related("changed_by"),
        "factors": factors,
        "form": form if can_edit and proposal.is_open else None,
    }
    return render(request, "placements/proposal_detail.html", context)


@staff_view(write=True)
def weights_edit(request: HttpRequest) -> HttpResponse:
    """The matching weights of the user's office (team leads: of a chosen office)."""
    user = request_user(request)
    office = user.office
    if user.sees_all_offices:
        office = (
            Office.objects.filter(
                organisation_id=user.organisation_pk, pk=request.GET.get("office") or 0
            ).first()
            or Office.objects.filter(organisation_id=user.organisation_pk).first()
        )
    if office is None:
        raise PermissionDenied
    weights, _created = MatchingWeights.objects.get_or_create(office=office)
    # The form validates a copy; the service compares against the stored row and writes.
    form = MatchingWeightsForm(
        request.POST or None, initial=model_to_dict(weights, fields=MatchingWeightsForm.Meta.fields)
    )
    if request.method == "POST" and form.is_valid():
        services.weights_update(actor=user, weights=weights, data=form.cleaned_data)
        messages.success(request, _("The weights were saved."))
        return redirect(request.get_full_path())
    offices = (
        Office.objects.filter(organisation_id=user.organisation_pk) if user.sees_all_offices else []
    )
    return render(
        request,
        "placements/weights_form.html",
        {"form": form, "office": office, "offices": offices},
    )


@require_http_methods(["GET", "POST"])
@staff_view()
def run_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if request.method == "POST":
        if not user.can_write or user.office is None:
            raise PermissionDenied
        run = services.matching_run_start(actor=user, office=user.office)
        return redirect("placements:run", pk=run.pk)
    runs = selectors.runs_visible_to(user).select_related("office", "started_by")
    return render(request, "placements/run_list.html", {"page": paginate(request, runs)})


@staff_view()
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    run = selectors.run_get_for_user(user, pk)
    pairs = run.pairs.select_related("person", "vacancy__company", "vacancy__occupation").filter(
        person__in=people_selectors.people_visible_to(user)
    )
    labels = dict(adapter.FACTOR_LABELS)
    proposed = set(
        Proposal.objects.filter(person__in=[pair.person_id for pair in pairs]).values_list(
            "person_id", "vacancy_id"
        )
    )
    context = {
        "run": run,
        "pairs": [
            (
                pair,
                [
                    {**item, "label": labels.get(item["factor"], item["factor"])}
                    for item in pair.factors
                ],
                (pair.person_id, pair.vacancy_id) in proposed,
            )
            for pair in pairs
        ],
        "can_accept": user.can_write and user.office_id == run.office_id,
    }
    template = "placements/_run_status.html" if is_htmx(request) else "placements/run_detail.html"
    return render(request, template, context)


@require_POST
@staff_view(write=True)
def run_accept(request: HttpRequest, pk: int, pair_pk: int) -> HttpResponse:
    user = request_user(request)
    run = selectors.run_get_for_user(user, pk)
    pair = get_object_or_404(run.pairs.select_related("person__office", "vacancy"), pk=pair_pk)
    if not people_selectors.person_editable_by(user, pair.person):
        raise PermissionDenied
    try:
        proposal = services.proposal_from_run(actor=user, pair=pair)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("placements:run", pk=run.pk)
    messages.success(request, _("The proposal was recorded."))
    return redirect("placements:proposal", pk=proposal.pk)
