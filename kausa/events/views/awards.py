"""Staff pages of award rounds (nominations, jury, winners) and of KAUSA ambassadors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kausa.core.access import may_write, request_user, require_write_for_office, staff_view
from kausa.core.forms import apply_errors
from kausa.core.models import Office, User
from kausa.events import selectors
from kausa.events.forms_awards import (
    AmbassadorCreateForm,
    AmbassadorForm,
    AppearanceForm,
    AwardRoundForm,
    NominationForm,
    StatusForm,
    VoteForm,
)
from kausa.events.models import Ambassador, AwardRound, AwardRoundStatus
from kausa.events.services import awards as services


def _own_office(user: User) -> Office:
    """The office a new round or ambassador belongs to: the writer's own (403 otherwise)."""
    require_write_for_office(user, user.office_id)
    if user.office is None:  # can_write_for refuses users without an office already
        raise PermissionDenied
    return user.office


def _writable_office(user: User) -> Office | None:
    """The user's office if they may create records in it (not read-only, not a team lead)."""
    return user.office if user.can_write_for(user.office_id) else None


def _error_text(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


# --- award rounds ---


@staff_view()
def award_round_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = None
    if request.method == "POST":
        office = _own_office(user)
        form = AwardRoundForm(request.POST, user=user, office_id=office.pk)
        if form.is_valid():
            try:
                award_round = services.award_round_create(
                    actor=user, office=office, data=form.round_data()
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The award round was created."))
                return redirect("events:award_round", pk=award_round.pk)
    elif (own := _writable_office(user)) is not None:
        form = AwardRoundForm(user=user, office_id=own.pk)
    context = {
        "rounds": selectors.award_rounds_visible_to(user).order_by("-nominations_close_on", "id"),
        "form": form,
    }
    return render(request, "events/awards/round_list.html", context)


def _round_context(user: User, award_round: AwardRound) -> dict[str, Any]:
    writable = may_write(user, award_round)
    status = award_round.status
    own_votes = selectors.own_votes(award_round, user)
    nominating_open = (
        status == AwardRoundStatus.NOMINATING
        and timezone.localdate() <= award_round.nominations_close_on
    )
    context: dict[str, Any] = {
        "round": award_round,
        "rows": [
            {"nomination": nomination, "own_score": own_votes.get(nomination.pk)}
            for nomination in selectors.nominations_with_scores(award_round)
        ],
        "writable": writable,
        "nominating_open": nominating_open,
        "jury_voting": status == AwardRoundStatus.JURY,
        "decided": status == AwardRoundStatus.DECIDED,
        "next_status": services.NEXT_STATUS.get(AwardRoundStatus(status)),
        "scores": [str(score) for score in range(services.MIN_SCORE, services.MAX_SCORE + 1)],
    }
    if writable and nominating_open:
        context["nomination_form"] = NominationForm(user=user, award_round=award_round)
    return context


@staff_view()
def award_round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    award_round = selectors.award_round_get_for_user(user, pk)
    return render(request, "events/awards/round_detail.html", _round_context(user, award_round))


@staff_view(write=True)
def award_round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    award_round = selectors.award_round_get_for_user(user, pk, write=True)
    form = AwardRoundForm(
        request.POST or None,
        user=user,
        office_id=award_round.office_id,
        initial=AwardRoundForm.initial_for(award_round),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.award_round_update(actor=user, award_round=award_round, data=form.round_data())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("events:award_round", pk=award_round.pk)
    return render(request, "events/awards/round_form.html", {"form": form, "round": award_round})


@require_POST
@staff_view(write=True)
def nominate(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    award_round = selectors.award_round_get_for_user(user, pk, write=True)
    form = NominationForm(request.POST, user=user, award_round=award_round)
    if form.is_valid():
        try:
            services.nomination_add(
                actor=user,
                award_round=award_round,
                company=form.cleaned_data.get("company"),
                person=form.cleaned_data.get("person"),
                reason=form.cleaned_data["reason"],
                public_consent=form.cleaned_data["public_consent"],
                public_name=form.cleaned_data["public_name"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The nomination was added."))
            return redirect("events:award_round", pk=award_round.pk)
    context = _round_context(user, award_round)
    context["nomination_form"] = form  # with its errors, also when the period has just ended
    return render(request, "events/awards/round_detail.html", context)


@require_POST
@staff_view(write=True)
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    nomination = selectors.nomination_get_for_user(user, pk, write=True)
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a score from 1 to 5."))
    else:
        try:
            services.vote_cast(actor=user, nomination=nomination, score=form.cleaned_data["score"])
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("Your vote was saved."))
    return redirect("events:award_round", pk=nomination.award_round_id)


@require_POST
@staff_view(write=True)
def award_round_status(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    award_round = selectors.award_round_get_for_user(user, pk, write=True)
    form = StatusForm(request.POST)
    expected = services.NEXT_STATUS.get(AwardRoundStatus(award_round.status))
    if not form.is_valid() or form.cleaned_data["status"] != expected:
        messages.error(request, _("The round has moved on in the meantime; please check."))
        return redirect("events:award_round", pk=award_round.pk)
    try:
        services.award_round_advance(actor=user, award_round=award_round)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The status of the round was changed."))
    return redirect("events:award_round", pk=award_round.pk)


@staff_view()
def award_round_public(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    award_round = selectors.award_round_get_for_user(user, pk)
    context = {"round": award_round, "names": selectors.public_list(award_round)}
    return render(request, "events/awards/round_public.html", context)


# --- ambassadors ---


@staff_view()
def ambassador_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = None
    if request.method == "POST":
        office = _own_office(user)
        form = AmbassadorCreateForm(request.POST, user=user, office_id=office.pk)
        if form.is_valid():
            try:
                ambassador = services.ambassador_create(
                    actor=user,
                    office=office,
                    person=form.cleaned_data.get("person"),
                    company=form.cleaned_data.get("company"),
                    data=form.ambassador_data(),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The ambassador was added."))
                return redirect("events:ambassador", pk=ambassador.pk)
    elif (own := _writable_office(user)) is not None:
        form = AmbassadorCreateForm(user=user, office_id=own.pk)
    context = {"ambassadors": selectors.ambassadors_visible_to(user), "form": form}
    return render(request, "events/awards/ambassador_list.html", context)


def _ambassador_page(
    request: HttpRequest,
    user: User,
    ambassador: Ambassador,
    *,
    form: AmbassadorForm | None = None,
    appearance_form: AppearanceForm | None = None,
) -> HttpResponse:
    writable = may_write(user, ambassador)
    if writable:
        form = form or AmbassadorForm(initial=AmbassadorForm.initial_for(ambassador))
        appearance_form = appearance_form or AppearanceForm(user=user, ambassador=ambassador)
    context = {
        "ambassador": ambassador,
        "writable": writable,
        "form": form,
        "appearance_form": appearance_form if ambassador.active else None,
        "appearances": selectors.appearances_of(ambassador),
    }
    return render(request, "events/awards/ambassador_detail.html", context)


@staff_view()
def ambassador_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    if request.method != "POST":
        return _ambassador_page(request, user, selectors.ambassador_get_for_user(user, pk))
    if not user.can_write:
        raise PermissionDenied
    ambassador = selectors.ambassador_get_for_user(user, pk, write=True)
    form = AmbassadorForm(request.POST)
    if form.is_valid():
        try:
            services.ambassador_update(
                actor=user, ambassador=ambassador, data=form.ambassador_data()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("events:ambassador", pk=ambassador.pk)
    ambassador.refresh_from_db()
    return _ambassador_page(request, user, ambassador, form=form)


@require_POST
@staff_view(write=True)
def ambassador_active(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    ambassador = selectors.ambassador_get_for_user(user, pk, write=True)
    if request.POST.get("active") == "1":
        services.ambassador_reactivate(actor=user, ambassador=ambassador)
        messages.success(request, _("The ambassador is active again."))
    else:
        services.ambassador_deactivate(actor=user, ambassador=ambassador)
        messages.success(request, _("The ambassador was deactivated."))
    return redirect("events:ambassador", pk=ambassador.pk)


@require_POST
@staff_view(write=True)
def ambassador_appearance(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    ambassador = selectors.ambassador_get_for_user(user, pk, write=True)
    form = AppearanceForm(request.POST, user=user, ambassador=ambassador)
    if form.is_valid():
        try:
            services.appearance_add(
                actor=user,
                ambassador=ambassador,
                event=form.cleaned_data["event"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The appearance was recorded."))
            return redirect("events:ambassador", pk=ambassador.pk)
    return _ambassador_page(request, user, ambassador, appearance_form=form)
