"""My data on the portal: ask for a link, open it, see what is stored, withdraw consents, ask
the office for an export or an erasure, and end the visit."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kausa.core.forms import apply_errors
from kausa.people.models import Person
from kausa.portal.bots import throttle
from kausa.portal.mydata import selectors, services
from kausa.portal.mydata.forms import DataRequestForm, LinkRequestForm
from kausa.portal.session import (
    granted_person_id,
    person_grant,
    person_link_required,
    person_revoke,
)

LINK_REQUESTS_PER_HOUR = 5


@require_http_methods(["GET", "HEAD", "POST"])
def request_link(request: HttpRequest) -> HttpResponse:
    form = LinkRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if throttle(request, "mydata.link", limit=LINK_REQUESTS_PER_HOUR, window_seconds=3600):
            form.is_valid()  # the entries stay in the form
            form.add_error(None, _("You tried many times. Please wait one hour and try again."))
        elif form.is_valid():
            services.links_send(email=form.cleaned_data["email"], language=get_language() or "de")
            # The same answer for every address: the page tells nobody who is known.
            return render(request, "portal_mydata/link_sent.html")
    context = {"form": form, "granted": granted_person_id(request) is not None}
    return render(request, "portal_mydata/request_link.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def open_link(request: HttpRequest, token: str) -> HttpResponse:
    """GET only checks the link and shows a button (mail scanners open links too); the
    button's POST uses the link once and lets this browser see the person's data."""
    if request.method == "POST":
        person, state = services.link_use(token)
        if person is not None:
            person_grant(request, person.pk)
            return redirect("portal_mydata:overview")
    else:
        state = services.link_check(token)
    return render(request, "portal_mydata/open.html", {"state": state.value, "token": token})


def _granted_person(request: HttpRequest) -> Person | None:
    person = selectors.person_for_portal(request.portal_person_id)  # type: ignore[attr-defined]
    if person is None:  # erased meanwhile, or another organisation's portal
        person_revoke(request)
    return person


def _back_to_link() -> HttpResponse:
    return HttpResponseRedirect(reverse("portal_mydata:request_link"))


def _render_overview(
    request: HttpRequest, person: Person, form: DataRequestForm, status: int = 200
) -> HttpResponse:
    overview = selectors.person_overview(person, get_language() or "de")
    return render(
        request,
        "portal_mydata/overview.html",
        {"overview": overview, "person": person, "form": form},
        status=status,
    )


@require_http_methods(["GET", "HEAD"])
@person_link_required
def overview(request: HttpRequest) -> HttpResponse:
    person = _granted_person(request)
    if person is None:
        return _back_to_link()
    return _render_overview(request, person, DataRequestForm())


@require_POST
@person_link_required
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    person = _granted_person(request)
    if person is None:
        return _back_to_link()
    consent = selectors.consent_of_person(person, pk)
    if consent is None:
        raise Http404
    try:
        services.consent_withdraw_by_person(person=person, consent=consent)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("You withdrew your consent. The office no longer uses your data for this."),
        )
    return HttpResponseRedirect(reverse("portal_mydata:overview") + "#consents")


@require_POST
@person_link_required
def data_request(request: HttpRequest) -> HttpResponse:
    person = _granted_person(request)
    if person is None:
        return _back_to_link()
    form = DataRequestForm(request.POST)
    if form.is_valid():
        try:
            services.data_request_create(
                person=person,
                kind=form.cleaned_data["kind"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "We sent your request to the office. The office checks it and writes to "
                    "you. Nothing is deleted before the office confirms it."
                ),
            )
            return HttpResponseRedirect(reverse("portal_mydata:overview") + "#requests")
    return _render_overview(request, person, form)


@require_POST
@person_link_required
def sign_out(request: HttpRequest) -> HttpResponse:
    person_revoke(request)
    messages.success(request, _("You closed your data. To see it again, ask for a new link."))
    return redirect("portal:home")
