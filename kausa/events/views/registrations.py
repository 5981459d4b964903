"""Registrations, the waiting list, check-in on the day and the contacts made at an event."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kausa.companies.selectors import companies_visible_to
from kausa.core.access import may_write, request_user, staff_view
from kausa.core.actions import run_action, run_form_action
from kausa.core.models import User
from kausa.core.search import search_queryset
from kausa.events import selectors
from kausa.events.forms import (
    CheckInForm,
    ContactForm,
    FollowUpForm,
    ProposalFromContactForm,
    RegistrationForm,
)
from kausa.events.models import (
    Event,
    EventContact,
    ParticipantKind,
    Registration,
    RegistrationSource,
    RegistrationStatus,
)
from kausa.events.services import registrations as services
from kausa.events.services.registrations import Participant, waitlist_position
from kausa.people.models import Guardian
from kausa.people.selectors import people_visible_to
from kausa.vacancies.models import Vacancy

SEARCH_LIMIT = 20


def _candidates(user: User, query: str) -> dict[str, object]:
    """People (with their parents) and companies the user may register, found by name."""
    if len(query.strip()) < 2:
        return {"people": [], "companies": []}
    people = search_queryset(people_visible_to(user).filter(archived_at__isnull=True), query)
    companies = search_queryset(companies_visible_to(user).filter(archived_at__isnull=True), query)
    return {
        "people": list(people.prefetch_related("guardians")[:SEARCH_LIMIT]),
        "companies": list(companies[:SEARCH_LIMIT]),
    }


def _participant(user: User, form: RegistrationForm) -> Participant:
    """The participant named by the form; ids outside what the user sees answer 404."""
    data = form.cleaned_data
    person = guardian = company = None
    if data.get("person"):
        person = get_object_or_404(people_visible_to(user), pk=data["person"])
    if data.get("guardian"):
        guardian = get_object_or_404(
            Guardian.objects.filter(person__in=people_visible_to(user)), pk=data["guardian"]
        )
    if data.get("company"):
        company = get_object_or_404(companies_visible_to(user), pk=data["company"])
    return Participant(
        kind=data["kind"],
        person=person,
        guardian=guardian,
        company=company,
        name=data.get("name", ""),
        email=data.get("email", ""),
        phone=data.get("phone", ""),
        language=data.get("language") or "de",
    )


def _search_term(request: HttpRequest) -> str | None:
    """The name typed into a search box. Searches are posted, so names never go into
    addresses (browser history, server logs, Referer); None when the post is not a search."""
    if request.method == "POST" and "q" in request.POST and "kind" not in request.POST:
        return request.POST["q"][:100]
    return None


@staff_view()
def register(request: HttpRequest, pk: int) -> HttpResponse:
    """Find people, parents and companies by name (a posted search), and register one."""
    user = request_user(request)
    query = _search_term(request)
    registering = request.method == "POST" and query is None
    event = selectors.event_get_for_user(user, pk, write=registering)
    if registering:
        return _register_one(request, user, event)
    context = {
        "event": event,
        "query": query or "",
        "can_edit": may_write(user, event),
        "kinds": ParticipantKind,
        **_candidates(user, query or ""),
    }
    return render(request, "events/register.html", context)


def _register_one(request: HttpRequest, user: User, event: Event) -> HttpResponse:
    form = RegistrationForm(request.POST)
    source = RegistrationSource.WALK_IN if request.POST.get("walk_in") else RegistrationSource.STAFF
    registration = run_form_action(
        request,
        form.is_valid(),
        lambda: services.registration_create(
            actor=user,
            event=event,
            who=_participant(user, form),
            consent=form.cleaned_data["consent"],
            guardian_consent_name=form.cleaned_data["guardian_consent_name"],
            source=source,
        ),
        success=None,
        invalid=_("Please check the registration details."),
    )
    if registration is not None:
        if registration.status == RegistrationStatus.WAITLISTED:
            messages.warning(
                request,
                _("The event is full: %(name)s is on the waiting list (position %(n)s).")
                % {"name": registration.display_name, "n": waitlist_position(registration)},
            )
        else:
            messages.success(
                request, _("%(name)s is registered.") % {"name": registration.display_name}
            )
    target = "events:check_in" if source == RegistrationSource.WALK_IN else "events:register"
    return redirect(target, pk=event.pk)


@require_POST
@staff_view(write=True)
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    registration = selectors.registration_get_for_user(user, pk, write=True)
    moved = run_action(
        request,
        lambda: services.registration_cancel(actor=user, registration=registration),
        success=_("The registration was cancelled."),
    )
    for waiting in moved or []:
        messages.info(
            request,
            _("%(name)s moved up from the waiting list.") % {"name": waiting.display_name},
        )
    return redirect("events:detail", pk=registration.event_id)


def _check_in_rows(event: Event, query: str) -> list[Registration]:
    rows = list(selectors.registrations_of(event).filter(status=RegistrationStatus.CONFIRMED))
    needle = query.strip().casefold()
    if needle:
        rows = [row for row in rows if needle in row.display_name.casefold()]
    return sorted(rows, key=lambda row: row.display_name.casefold())


def _check_in_page(request: HttpRequest, user: User, event: Event, query: str) -> HttpResponse:
    rows = _check_in_rows(event, query)
    context = {
        "event": event,
        "rows": rows,
        "query": query,
        "present": sum(1 for row in rows if row.checked_in_at is not None),
        "can_edit": may_write(user, event),
        "kinds": ParticipantKind,
    }
    return render(request, "events/check_in.html", context)


@require_http_methods(["GET", "POST"])
@staff_view()
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    """The tablet view on the day: large buttons, a posted name search, plain form posts."""
    user = request_user(request)
    event = selectors.event_get_for_user(user, pk)
    return _check_in_page(request, user, event, _search_term(request) or "")


@require_POST
@staff_view(write=True)
def check_in_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    """Check in (or undo) and show the list again with the same search: the answer is the
    page itself, so the typed name stays out of the address; posting twice changes nothing."""
    user = request_user(request)
    registration = selectors.registration_get_for_user(user, pk, write=True)
    form = CheckInForm(request.POST)
    run_form_action(
        request,
        form.is_valid(),
        lambda: services.registration_check_in(
            actor=user, registration=registration, present=form.cleaned_data["present"]
        ),
        success=None,
        invalid=_("Please try again."),
    )
    query = request.POST.get("q", "")[:100]
    return _check_in_page(request, user, registration.event, query)


@staff_view()
def participants_print(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable list for signing in on paper (names only, no contact data)."""
    user = request_user(request)
    event = selectors.event_get_for_user(user, pk)
    rows = _check_in_rows(event, "")
    return render(request, "events/participants_print.html", {"event": event, "rows": rows})


def _contact_parties(user: User, event: Event, form: ContactForm) -> tuple[object, object]:
    registrations = event.registrations.filter(status=RegistrationStatus.CONFIRMED)
    person_registration = registrations.filter(person_id=form.cleaned_data["person"]).first()
    company_registration = registrations.filter(company_id=form.cleaned_data["company"]).first()
    if person_registration is None or company_registration is None:
        raise ValidationError(_("Both the person and the company must be participants."))
    return person_registration.person, company_registration.company


@staff_view()
def contacts(request: HttpRequest, pk: int) -> HttpResponse:
    """Contacts made at the event; POST records one between two participants."""
    user = request_user(request)
    event = selectors.event_get_for_user(user, pk, write=request.method == "POST")
    if request.method == "POST":
        form = ContactForm(request.POST)

        def record() -> EventContact:
            person, company = _contact_parties(user, event, form)
            return services.contact_record(
                actor=user,
                event=event,
                person=person,  # type: ignore[arg-type]
                company=company,  # type: ignore[arg-type]
            )

        run_form_action(
            request,
            form.is_valid(),
            record,
            success=_("The contact was recorded."),
            invalid=_("Choose a person and a company."),
        )
        return redirect("events:contacts", pk=event.pk)
    confirmed = selectors.registrations_of(event).filter(status=RegistrationStatus.CONFIRMED)
    event_contacts = event.contacts.select_related("person", "company")
    vacancies = Vacancy.objects.filter(
        company_id__in=[contact.company_id for contact in event_contacts],
        archived_at__isnull=True,
    ).select_related("occupation")
    context = {
        "event": event,
        "can_edit": may_write(user, event),
        "people": [r for r in confirmed if r.person_id],
        "companies": [r for r in confirmed if r.company_id],
        "contacts": event_contacts,
        "vacancies": vacancies,
        "follow_up_form": FollowUpForm(),
    }
    return render(request, "events/contacts.html", context)


@require_POST
@staff_view(write=True)
def contact_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a contact, propose the person for a place of the company, or add a follow-up."""
    user = request_user(request)
    contact = selectors.event_contact_get_for_user(user, pk, write=True)
    action = request.POST.get("action")
    if action == "remove":
        run_action(
            request,
            lambda: services.contact_remove(actor=user, contact=contact),
            success=_("The contact was removed."),
        )
    elif action == "propose":
        form = ProposalFromContactForm(request.POST)
        run_form_action(
            request,
            form.is_valid(),
            lambda: services.contact_propose(
                actor=user,
                contact=contact,
                vacancy=get_object_or_404(
                    Vacancy.objects.filter(company_id=contact.company_id),
                    pk=form.cleaned_data["vacancy"],
                ),
            ),
            success=_("The proposal was created."),
            invalid=_("Choose a place."),
        )
    elif action == "follow_up":
        follow_up = FollowUpForm(request.POST)
        run_form_action(
            request,
            follow_up.is_valid(),
            lambda: services.contact_follow_up(
                actor=user, contact=contact, due_on=follow_up.cleaned_data["due_on"]
            ),
            success=_("The next step was added to the person's case."),
            invalid=_("Enter a due date."),
        )
    return redirect("events:contacts", pk=contact.event_id)
