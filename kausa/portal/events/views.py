"""Events on the portal: the list, one event with its registration form, the confirmation,
and the page behind the cancellation link in the participants' mails.

Visitors register without an account (name and contact); a signed-in company user registers
the company. Both go through `registration_create(actor=None, source=portal)`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from kausa.core.forms import apply_errors
from kausa.events.ics import event_location, event_zone
from kausa.events.models import (
    EventKind,
    EventStatus,
    ParticipantKind,
    Registration,
    RegistrationSource,
    RegistrationStatus,
    SpeedDatingWish,
)
from kausa.events.notifications import (
    TokenState,
    cancellation_url,
    resolve_cancellation_token,
    waitlist_position,
)
from kausa.events.services import registrations as registration_services
from kausa.events.services.registrations import Participant, current_consent_text
from kausa.events.services.speeddating import is_speed_dating, registered_people
from kausa.portal.bots import throttle
from kausa.portal.events import selectors, services
from kausa.portal.events.forms import (
    CompanyRegistrationForm,
    CompanyWishesForm,
    PersonRegistrationForm,
)
from kausa.portal.session import company_account_required, current_account

REGISTERED_KEY = "kausa_portal_event_registration"
THROTTLE_LIMIT = 20
THROTTLE_WINDOW_SECONDS = 60 * 60


def _language() -> str:
    language = get_language() or settings.LANGUAGE_CODE
    return language if language in settings.PORTAL_LANGUAGES else settings.LANGUAGE_CODE


def _has_text_in(event: Any, language: str) -> bool:
    texts = event.translations.get(language) if isinstance(event.translations, dict) else None
    return language == "de" or (isinstance(texts, dict) and bool(texts.get("title")))


def _when(event: Any) -> dict[str, str]:
    """Day, date and time in the event's own time zone (dates and times kept left-to-right)."""
    zone = event_zone(event)
    start = event.starts_at.astimezone(zone)
    end = event.ends_at.astimezone(zone)
    times = f"{formats.time_format(start, 'TIME_FORMAT')}–{formats.time_format(end, 'TIME_FORMAT')}"
    return {
        "day": formats.date_format(start, "l"),
        "date": formats.date_format(start, "SHORT_DATE_FORMAT"),
        "times": times,
        "zone": event.time_zone if event.time_zone != settings.TIME_ZONE else "",
    }


def _entry(event: Any, language: str) -> dict[str, Any]:
    title, description = event.text_in(language)
    return {
        "event": event,
        "title": title,
        "description": description,
        "in_german_only": not _has_text_in(event, language),
        **_when(event),
        "place": event_location(event),
        "kind_label": EventKind(event.event_format.kind).label,
        "places": selectors.places_of(event),
    }


@require_safe
def event_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    language = _language()
    events = selectors.public_events_of_kind(kind)
    context = {
        "event_entries": [_entry(event, language) for event in events],
        "kinds": EventKind.choices,
        "kind": kind if kind in EventKind.values else "",
    }
    return render(request, "portal_events/list.html", context)


def _company_registration(account: Any, event: Any) -> Registration | None:
    if account is None or account.company_id is None:
        return None
    registration: Registration | None = (
        event.registrations.filter(company_id=account.company_id)
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )
    return registration


@require_http_methods(["GET", "HEAD", "POST"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.public_event_get(pk)
    language = _language()
    kinds = selectors.registration_kinds(event)
    account = current_account(request)
    company = account.company if account is not None and account.company_id else None
    consent_text = current_consent_text(event.office.organisation_id, language)
    window = selectors.registration_window(event)
    as_company = company is not None
    company_may_register = as_company and ParticipantKind.COMPANY in kinds
    person_kinds = tuple(k for k in kinds if k != ParticipantKind.COMPANY)
    existing = _company_registration(account, event)
    can_register = window.open and consent_text is not None and existing is None
    if as_company:
        can_register = can_register and company_may_register
    else:
        can_register = can_register and bool(person_kinds)

    form: PersonRegistrationForm | CompanyRegistrationForm | None = None
    throttled = False
    if can_register:
        data = request.POST if request.method == "POST" else None
        if as_company:
            form = CompanyRegistrationForm(data)
        else:
            form = PersonRegistrationForm(data, kinds=person_kinds, language=language)
        if not form.is_bound:
            form.initial["consent_text_id"] = consent_text.pk if consent_text else None
        if request.method == "POST":
            throttled = throttle(
                request,
                "portal.events.register",
                limit=THROTTLE_LIMIT,
                window_seconds=THROTTLE_WINDOW_SECONDS,
            )
            if not throttled and form.is_valid():
                registration = _register(request, form, event, company, account, consent_text)
                if registration is not None:
                    request.session[REGISTERED_KEY] = registration.pk
                    return HttpResponseRedirect(
                        reverse("portal_events:registered", args=[event.pk])
                    )
            # A fresh consent text id after an error, so the visitor confirms what is shown.
            fresh = request.POST.copy()
            fresh["consent_text_id"] = str(consent_text.pk) if consent_text else ""
            form.data = fresh

    context = {
        **_entry(event, language),
        "form": form,
        "throttled": throttled,
        "window": window,
        "consent_text": consent_text,
        "consent_in_other_language": consent_text is not None and consent_text.language != language,
        "as_company": as_company,
        "company": company,
        "company_may_register": company_may_register,
        "pending_account": account is not None and company is None,
        "person_kinds": person_kinds,
        "existing": existing,
        "existing_cancel_url": cancellation_url(existing) if existing else "",
        "wishes_open": bool(
            existing and existing.status == RegistrationStatus.CONFIRMED and is_speed_dating(event)
        ),
        "accessibility_notes": event.accessibility_notes,
        "languages_spoken": event.languages,
    }
    return render(request, "portal_events/detail.html", context)


def _register(
    request: HttpRequest,
    form: PersonRegistrationForm | CompanyRegistrationForm,
    event: Any,
    company: Any,
    account: Any,
    consent_text: Any,
) -> Registration | None:
    """Call the service; its refusals become form errors (nothing stored)."""
    shown = form.cleaned_data.get("consent_text_id")
    if consent_text is None or shown != consent_text.pk:
        form.add_error(
            None, _("The consent text has changed. Please read it again and confirm it.")
        )
        return None
    language = _language()
    if isinstance(form, PersonRegistrationForm):
        data = form.cleaned_data
        who = Participant(
            kind=data["kind"],
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            language=data["language"],
            under_16=form.under_16,
        )
        guardian_consent_name = data["guardian_consent_name"] if form.under_16 else ""
    else:
        who = Participant(
            kind=ParticipantKind.COMPANY,
            company=company,
            email=account.email,
            language=account.language
            if account.language in settings.PORTAL_LANGUAGES
            else language,
        )
        guardian_consent_name = ""
    try:
        return registration_services.registration_create(
            actor=None,
            event=event,
            who=who,
            consent=bool(form.cleaned_data.get("consent")),
            guardian_consent_name=guardian_consent_name,
            source=RegistrationSource.PORTAL,
            consent_language=language,
        )
    except ValidationError as error:
        apply_errors(form, error)
        return None


@require_safe
def registered(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation after registering, for the browser that registered."""
    event = selectors.public_event_get(pk)
    registration_id = request.session.get(REGISTERED_KEY)
    registration = (
        Registration.objects.filter(pk=registration_id, event=event).first()
        if registration_id
        else None
    )
    if registration is None:
        return HttpResponseRedirect(reverse("portal_events:detail", args=[event.pk]))
    waitlisted = registration.status == RegistrationStatus.WAITLISTED
    context = {
        **_entry(event, _language()),
        "registration": registration,
        "waitlisted": waitlisted,
        "position": waitlist_position(registration) if waitlisted else None,
    }
    return render(request, "portal_events/registered.html", context)


def _cancel_page(
    request: HttpRequest, registration: Registration | None, state: str, *, status: int = 200
) -> HttpResponse:
    context: dict[str, object] = {"state": state}
    if registration is not None:
        event = registration.event
        context["title"] = event.text_in(_language())[0]
        context.update(_when(event))
        context["place"] = event_location(event)
    response = render(request, "portal_events/cancel.html", context, status=status)
    # The address is a key to the registration: keep it out of caches and search engines.
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _cancel_state(registration: Registration) -> str:
    if registration.status == RegistrationStatus.CANCELLED:
        return "already_cancelled"
    if registration.event.status in (EventStatus.CANCELLED, EventStatus.HELD):
        return "event_over"
    return "confirm"


@require_http_methods(["GET", "HEAD", "POST"])
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    """The participant cancels with the link from their mail; GET asks, POST does."""
    registration, token_state = resolve_cancellation_token(token)
    if registration is None or token_state is TokenState.INVALID:
        return _cancel_page(request, None, "invalid", status=404)
    if token_state is TokenState.EXPIRED:
        return _cancel_page(request, registration, "expired", status=410)
    state = _cancel_state(registration)
    if request.method != "POST" or state != "confirm":
        return _cancel_page(request, registration, state)
    try:
        registration_services.registration_cancel(
            actor=None, registration=registration, via_link=True
        )
    except (ValidationError, PermissionDenied):
        # Cancelled in the meantime (a second click, the office) or the event closed.
        registration.refresh_from_db()
        return _cancel_page(request, registration, _cancel_state(registration))
    return _cancel_page(request, registration, "done")


def _short_name(person: Any) -> str:
    """What a company sees of a candidate before they meet: first name and initial."""
    initial = person.last_name[:1]
    return f"{person.first_name} {initial}." if initial else str(person.first_name)


@company_account_required
@require_http_methods(["GET", "HEAD", "POST"])
def wishes(request: HttpRequest, pk: int) -> HttpResponse:
    """Speed dating: the signed-in company marks the candidates it wants to meet."""
    event = selectors.public_event_get(pk)
    company = request.portal_account.company  # type: ignore[attr-defined]
    if not is_speed_dating(event) or not services.company_takes_part(event, company):
        raise Http404
    people = [(person.pk, _short_name(person)) for person in registered_people(event)]
    chosen = list(
        SpeedDatingWish.objects.filter(
            event=event, company=company, company_wants=True
        ).values_list("person_id", flat=True)
    )
    data = request.POST if request.method == "POST" else None
    form = CompanyWishesForm(data, people=people, initial={"people": chosen})
    if request.method == "POST" and form.is_valid():
        try:
            services.company_wishes_save(
                company=company, event=event, person_ids=set(form.cleaned_data["people"])
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your wishes are saved."))
            return HttpResponseRedirect(reverse("portal_events:wishes", args=[event.pk]))
    context = {**_entry(event, _language()), "form": form, "people": people}
    return render(request, "portal_events/wishes.html", context)
