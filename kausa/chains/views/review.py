"""The yearly review: team leads see the steps not checked for a year and mark them checked."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kausa.chains import selectors
from kausa.chains.forms import StepCheckForm
from kausa.chains.services.review import chain_step_mark_checked
from kausa.core.access import request_user, team_lead_view


@team_lead_view
def review_list(request: HttpRequest) -> HttpResponse:
    steps = selectors.steps_due_for_review(request_user(request))
    rows = [(step, StepCheckForm(prefix=f"c{step.pk}")) for step in steps]
    return render(request, "chains/review.html", {"rows": rows})


@require_POST
@team_lead_view
def step_check(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    step = selectors.chain_step_get_for_user(user, pk, write=True)
    form = StepCheckForm(request.POST, prefix=f"c{step.pk}")
    if not form.is_valid():
        messages.error(
            request,
            _("Please check the step: %(errors)s")
            % {"errors": " ".join(str(e) for errors in form.errors.values() for e in errors)},
        )
        return redirect("chains:review")
    try:
        chain_step_mark_checked(actor=user, step=step, note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The step was marked as checked."))
    return redirect("chains:review")
