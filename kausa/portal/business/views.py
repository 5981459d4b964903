"""The company portal (/<language>/company/): overview, profile, apprenticeship places and the
company's process chains. Every view needs a signed-in account of a confirmed company and
reads only that company's records (another company's record answers 404)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kausa.chains.handout import Handout, build_handout, contact_line, office_label, office_line
from kausa.chains.handout_pdf import render_handout
from kausa.chains.models import HANDOUT_LANGUAGES, ChainRun, StepStatus
from kausa.companies.models import Company
from kausa.core.audit import audit_log
from kausa.core.forms import apply_errors
from kausa.portal.business import audit_actions, selectors, services
from kausa.portal.business.forms import CloseForm, PlaceForm, ProfileForm
from kausa.portal.session import company_account_required
from kausa.vacancies.models import Vacancy

HANDOUT_CODES = {code for code, _label in HANDOUT_LANGUAGES}


def _company(request: HttpRequest) -> Company:
    company: Company = request.portal_account.company  # type: ignore[attr-defined]
    return company


def _place_rows(places: list[Vacancy]) -> list[dict[str, Any]]:
    rows = []
    for place in places:
        publication = getattr(place, "publication", None)
        rows.append(
            {
                "place": place,
                "publication": publication,
                "editable": selectors.place_is_editable(place),
            }
        )
    return rows


def _run_summary(run: ChainRun) -> dict[str, Any]:
    steps = [item for item in run.run_steps.all() if item.status != StepStatus.NOT_APPLICABLE]
    done = sum(1 for item in steps if item.status == StepStatus.DONE)
    upcoming = next(
        (item for item in steps if item.status in (StepStatus.OPEN, StepStatus.IN_PROGRESS)),
        None,
    )
    language = _handout_language()
    return {
        "run": run,
        "title": run.template.title(language),
        "title_lang": language if language in run.template.texts else "de",
        "done": done,
        "total": len(steps),
        "next_due": upcoming.due_on if upcoming is not None else None,
    }


def _handout_language() -> str:
    language = (translation.get_language() or "de").split("-")[0]
    return language if language in HANDOUT_CODES else "de"


@require_safe
@company_account_required
def home(request: HttpRequest) -> HttpResponse:
    company = _company(request)
    places = list(selectors.company_places(company))
    contact = company.contacts.order_by("id").first()
    return render(
        request,
        "portal_business/home.html",
        {
            "company": company,
            "contact": contact,
            "languages": [row.get_language_display() for row in company.languages.all()],
            "rows": _place_rows(places),
            "runs": [_run_summary(run) for run in selectors.company_runs(company)],
        },
    )


@require_http_methods(["GET", "POST"])
@company_account_required
def profile(request: HttpRequest) -> HttpResponse:
    company = _company(request)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                changed = services.profile_update(
                    account=request.portal_account,  # type: ignore[attr-defined]
                    data={"training_status": form.cleaned_data["training_status"]},
                    languages=form.cleaned_data["languages"],
                    contact=form.contact_data(),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                if changed:
                    messages.success(request, _("Thank you. We saved your profile."))
                else:
                    messages.info(request, _("Nothing was changed."))
                return redirect("portal_business:home")
    else:
        form = ProfileForm(initial=ProfileForm.initial_for(company))
    return render(request, "portal_business/profile.html", {"form": form, "company": company})


@require_safe
@company_account_required
def places(request: HttpRequest) -> HttpResponse:
    company = _company(request)
    rows = _place_rows(list(selectors.company_places(company)))
    return render(
        request,
        "portal_business/places.html",
        {"company": company, "rows": rows, "close_form": CloseForm()},
    )


def _place_form_page(request: HttpRequest, form: PlaceForm, place: Vacancy | None) -> HttpResponse:
    return render(
        request,
        "portal_business/place_form.html",
        {"form": form, "place": place, "company": _company(request)},
    )


@require_http_methods(["GET", "POST"])
@company_account_required
def place_create(request: HttpRequest) -> HttpResponse:
    company = _company(request)
    if request.method == "POST":
        form = PlaceForm(request.POST)
        if form.is_valid():
            try:
                services.place_create(
                    account=request.portal_account,  # type: ignore[attr-defined]
                    data=form.place_data(),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Thank you. Your office checks the place. Then it appears on the portal."),
                )
                return redirect("portal_business:places")
    else:
        form = PlaceForm(
            initial={"postal_code": company.postal_code, "place": company.place, "seats": 1}
        )
    return _place_form_page(request, form, None)


@require_http_methods(["GET", "POST"])
@company_account_required
def place_edit(request: HttpRequest, pk: int) -> HttpResponse:
    place = selectors.company_place_get(_company(request), pk)
    if not selectors.place_is_editable(place):
        messages.error(
            request,
            _("You cannot change this place. Please ask your office."),
        )
        return redirect("portal_business:places")
    if request.method == "POST":
        form = PlaceForm(request.POST, vacancy=place)
        if form.is_valid():
            try:
                changed = services.place_update(
                    account=request.portal_account,  # type: ignore[attr-defined]
                    vacancy=place,
                    data=form.place_data(),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                if changed:
                    messages.success(
                        request,
                        _("Thank you. Your office checks the change. Then it appears again."),
                    )
                else:
                    messages.info(request, _("Nothing was changed."))
                return redirect("portal_business:places")
    else:
        form = PlaceForm(initial=PlaceForm.initial_for(place), vacancy=place)
    return _place_form_page(request, form, place)


@require_POST
@company_account_required
def place_close(request: HttpRequest, pk: int) -> HttpResponse:
    place = selectors.company_place_get(_company(request), pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose why you close the place."))
        return redirect("portal_business:places")
    try:
        services.place_close(
            account=request.portal_account,  # type: ignore[attr-defined]
            vacancy=place,
            status=form.cleaned_data["status"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The place is closed. It is no longer on the portal."))
    return redirect("portal_business:places")


@require_safe
@company_account_required
def chains(request: HttpRequest) -> HttpResponse:
    runs = [_run_summary(run) for run in selectors.company_runs(_company(request))]
    return render(request, "portal_business/chains.html", {"runs": runs})


def _handout_for(run: ChainRun) -> Handout:
    """The hand-out in the portal's language (the run itself is not changed)."""
    run.language = _handout_language()
    return build_handout(run)


def _text(part: Any, name: str, language: str) -> tuple[Any, str]:
    """A text of the step in the portal language, else the German one; with its language."""
    if language != "de" and part.translated.get(name):
        return part.translated[name], language
    return part.german.get(name) or "", "de"


@require_safe
@company_account_required
def chain(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.company_run_get(_company(request), pk)
    handout = _handout_for(run)
    language = handout.language
    steps = []
    current_seen = False
    for part in handout.steps:
        item = part.run_step
        assert item is not None
        title, title_lang = _text(part, "title", language)
        description, description_lang = _text(part, "description", language)
        documents, documents_lang = _text(part, "documents", language)
        is_current = not current_seen and item.status in (
            StepStatus.OPEN,
            StepStatus.IN_PROGRESS,
        )
        current_seen = current_seen or is_current
        steps.append(
            {
                "item": item,
                "number": part.number,
                "title": title or item.step.key,
                "title_lang": title_lang,
                "description": description,
                "description_lang": description_lang,
                "documents": documents if isinstance(documents, list) else [],
                "documents_lang": documents_lang,
                "notice": part.notice.translated if part.notice is not None else "",
                "contact": contact_line(item),
                "current": is_current,
            }
        )
    head_title, head_lang = _text(handout.head, "title", language)
    summary, summary_lang = _text(handout.head, "summary", language)
    return render(
        request,
        "portal_business/chain.html",
        {
            "run": run,
            "title": head_title or run.template.key,
            "title_lang": head_lang,
            "summary": summary,
            "summary_lang": summary_lang,
            "whole_notice": handout.whole_notice.translated if handout.whole_notice else "",
            "disclaimer": handout.labels(language)["disclaimer"],
            "office_label": office_label(run, language),
            "office_line": office_line(run),
            "steps": steps,
            "today": timezone.localdate(),
        },
    )


@require_safe
@company_account_required
def chain_handout(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.company_run_get(_company(request), pk)
    run.language = _handout_language()  # not saved: the office's choice stays
    pdf = render_handout(run)
    # A company user is no staff member: no actor, whoever else is signed in on the staff side.
    audit_log(actor=None, action=audit_actions.HANDOUT_DOWNLOADED, obj=run, office=run.office)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="prozesskette-{run.pk}.pdf"'
    return response
