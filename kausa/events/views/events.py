"""Staff pages of events: list, detail, create, edit, status, evaluation, formats and consent
texts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kausa.core.access import may_write, request_user, staff_view, team_lead_view
from kausa.core.actions import run_form_action
from kausa.core.forms import apply_errors
from kausa.core.listing import paginate
from kausa.events import selectors
from kausa.events.forms import (
    ConsentTextForm,
    EvaluationForm,
    EventFilterForm,
    EventForm,
    FormatForm,
    StatusForm,
)
from kausa.events.models import EventConsentText, EventEvaluation, EventKind, RegistrationStatus
from kausa.events.services import events as services
from kausa.events.services.registrations import current_consent_text


@staff_view()
def event_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = EventFilterForm(request.GET or None)
    filters = selectors.EventFilters()
    if form.is_valid():
        filters = selectors.EventFilters(
            q=form.cleaned_data["q"],
            status=form.cleaned_data["status"],
            period=form.cleaned_data["period"] or "upcoming",
        )
    events = selectors.event_list(user, filters)
    return render(
        request,
        "events/event_list.html",
        {
            "form": form,
            "page": paginate(request, events),
            "can_create": user.can_write_for(user.office_id),
        },
    )


@staff_view(write=True)
def event_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if user.office is None:
        raise PermissionDenied
    form = EventForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(
                actor=user,
                office=user.office,
                data=form.event_data(),
                co_organisers=list(form.cleaned_data["co_organisers"]),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The event was saved as a draft."))
            return redirect("events:detail", pk=event.pk)
    return render(request, "events/event_form.html", {"form": form, "event": None})


@staff_view(write=True)
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    event = selectors.event_get_for_user(user, pk, write=True)
    form = EventForm(request.POST or None, user=user, initial=EventForm.initial_for(event))
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(
                actor=user,
                event=event,
                data=form.event_data(),
                co_organisers=list(form.cleaned_data["co_organisers"]),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("events:detail", pk=event.pk)
    return render(request, "events/event_form.html", {"form": form, "event": event})


@staff_view()
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    event = selectors.event_get_for_user(user, pk)
    registrations = list(selectors.registrations_of(event))
    evaluation = EventEvaluation.objects.filter(event=event).first()
    context = {
        "event": event,
        "can_edit": may_write(user, event),
        "confirmed": [r for r in registrations if r.status == RegistrationStatus.CONFIRMED],
        "waitlisted": [r for r in registrations if r.status == RegistrationStatus.WAITLISTED],
        "cancelled": [r for r in registrations if r.status == RegistrationStatus.CANCELLED],
        "contacts": event.contacts.select_related("person", "company"),
        "co_organisers": event.co_organisers.all(),
        "translations": sorted((event.translations or {}).items()),
        "has_route": event.kind in EventKind.with_route(),
        "is_speed_dating": event.kind == EventKind.SPEED_DATING,
        "evaluation_form": EvaluationForm(instance=evaluation),
        "evaluation": evaluation,
    }
    return render(request, "events/event_detail.html", context)


@require_POST
@staff_view(write=True)
def event_status(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    event = selectors.event_get_for_user(user, pk, write=True)
    form = StatusForm(request.POST)
    run_form_action(
        request,
        form.is_valid(),
        lambda: services.event_set_status(
            actor=user, event=event, status=form.cleaned_data["status"]
        ),
        success=_("The status was changed."),
        invalid=_("This status change is not possible."),
    )
    return redirect("events:detail", pk=event.pk)


@require_POST
@staff_view(write=True)
def event_evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    event = selectors.event_get_for_user(user, pk, write=True)
    form = EvaluationForm(request.POST)
    run_form_action(
        request,
        form.is_valid(),
        lambda: services.evaluation_save(actor=user, event=event, data=form.cleaned_data),
        success=_("The evaluation was saved."),
        invalid=_("Enter whole numbers of 0 or more."),
    )
    return redirect("events:detail", pk=event.pk)


@staff_view()
def format_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = FormatForm(request.POST or None)
    if request.method == "POST":
        if not user.can_configure:
            raise PermissionDenied
        created = run_form_action(
            request,
            form.is_valid(),
            lambda: services.format_create(
                actor=user, name=form.cleaned_data["name"], kind=form.cleaned_data["kind"]
            ),
            success=_("The format was added."),
            invalid=_("Enter a name and choose a kind."),
        )
        if created is not None:
            return redirect("events:formats")
    context = {
        "formats": selectors.formats_for(user),
        "form": form,
        "can_configure": user.can_configure,
    }
    return render(request, "events/format_list.html", context)


@team_lead_view
def consent_texts(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = ConsentTextForm(request.POST or None)
    if request.method == "POST":
        created = run_form_action(
            request,
            form.is_valid(),
            lambda: services.consent_text_create(
                actor=user, language=form.cleaned_data["language"], text=form.cleaned_data["text"]
            ),
            success=_("The new version of the consent text was saved."),
            invalid=_("Choose a language and enter the text."),
        )
        if created is not None:
            return redirect("events:consent_texts")
    texts = EventConsentText.objects.filter(organisation_id=user.organisation_pk)
    current = current_consent_text(user.organisation_pk or 0, "de")
    return render(
        request,
        "events/consent_texts.html",
        {"form": form, "texts": texts, "current": current},
    )


@staff_view()
def event_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable invitation in German beside each translation (a bilingual parents' evening
    gets both its languages). The video link is never printed: registered participants get
    it by mail."""
    user = request_user(request)
    event = selectors.event_get_for_user(user, pk)
    columns = [("de", event.title, event.description)]
    for code in event.languages:
        if code != "de" and code in (event.translations or {}):
            title, description = event.text_in(code)
            columns.append((code, title, description))
    missing = [code for code in event.languages if code not in {c[0] for c in columns}]
    context = {"event": event, "columns": columns, "missing": missing}
    return render(request, "events/invitation.html", context)
