"""Staff pages of referrals: find a partner, refer, hand-out, email, outcome."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kausa.core.access import may_write, request_user, staff_view
from kausa.core.actions import run_action, run_form_action
from kausa.core.forms import apply_errors
from kausa.counselling import handouts, selectors
from kausa.counselling.forms import PartnerFinderForm, ReferralForm, ReferralStatusForm
from kausa.counselling.services import referrals as services
from kausa.partners.selectors import partners_for


@staff_view(write=True)
def referral_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Partners are offered by topic and the case's district (GET), the referral is a POST."""
    user = request_user(request)
    case = selectors.case_get_for_user(user, pk, write=True)
    if case.closed_at is not None:
        raise PermissionDenied  # a closed case is reopened before it is referred
    # Its own ids: the referral form has a "topic" field too (no duplicate ids on the page).
    finder = PartnerFinderForm(request.GET or None, auto_id="finder_%s")
    topic = everywhere = None
    if finder.is_valid():
        topic = finder.cleaned_data["topic"]
        everywhere = finder.cleaned_data["everywhere"]
    district = selectors.case_district(case)
    organisation_id = case.office.organisation_id
    consented = selectors.consented_partner_ids(case)
    if request.method == "POST":
        # Any partner of the organisation may be chosen; the service checks district and consent.
        all_partners = partners_for(organisation_id=organisation_id, district=None, topic=None)
        form = ReferralForm(request.POST, partners=all_partners, consented_ids=consented)
        if form.is_valid():
            try:
                referral = services.referral_create(actor=user, case=case, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The referral was recorded."))
                return redirect("counselling:referral", pk=referral.pk)
        # Back on the page with the error: the same partners as before, filtered by topic.
        topic = topic or form.cleaned_data.get("topic")
    partners = partners_for(
        organisation_id=organisation_id, district=None if everywhere else district, topic=topic
    )
    if request.method == "POST":
        form.offer(partners)
    else:
        form = ReferralForm(partners=partners, initial={"topic": topic}, consented_ids=consented)
    context = {
        "case": case,
        "finder": finder,
        "form": form,
        "partners": partners,
        "district": district,
    }
    return render(request, "counselling/referral_form.html", context)


@staff_view()
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    referral = selectors.referral_get_for_user(user, pk)
    writable = may_write(user, referral)
    next_statuses = referral.next_status_choices()
    status_form = None
    if next_statuses:
        status_form = ReferralStatusForm()
        status_form.fields["status"].choices = next_statuses  # type: ignore[attr-defined]
    context = {
        "referral": referral,
        "writable": writable,
        "status_form": status_form,
        "history": referral.history.select_related("changed_by"),
        # What was passed on is personal data: only the counselling office reads it.
        "shared": handouts.shared_data(referral) if writable else [],
    }
    return render(request, "counselling/referral_detail.html", context)


@require_POST
@staff_view(write=True)
def referral_status(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    referral = selectors.referral_get_for_user(user, pk, write=True)
    form = ReferralStatusForm(request.POST)
    run_form_action(
        request,
        form.is_valid(),
        lambda: services.referral_set_status(
            actor=user, referral=referral, status=form.cleaned_data["status"]
        ),
        success=_("The status was updated."),
        invalid=_("Choose a valid status."),
    )
    return redirect("counselling:referral", pk=referral.pk)


@require_http_methods(["GET", "POST"])
@staff_view(write=True)
def referral_email(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what exactly goes to whom, to confirm; POST (from that page): send it."""
    user = request_user(request)
    referral = selectors.referral_get_for_user(user, pk, write=True)
    if request.method == "GET":
        context = {
            "referral": referral,
            "recipient": referral.partner.email,
            "subject": services.referral_email_subject(referral),
            "body": handouts.partner_handout_text(referral),
        }
        return render(request, "counselling/referral_email_confirm.html", context)
    run_action(
        request,
        lambda: services.referral_email_partner(actor=user, referral=referral),
        success=_("The hand-out was sent to the partner."),
    )
    return redirect("counselling:referral", pk=referral.pk)


@staff_view()
def referral_handout(request: HttpRequest, pk: int) -> HttpResponse:
    """Printable page: the German hand-out for the partner and the note for the person.

    The shared data is for the counselling office only, hence `write=True`. Everything is
    rendered by HTML templates with escaping; the text template is for mail bodies only.
    """
    user = request_user(request)
    referral = selectors.referral_get_for_user(user, pk, write=True)
    services.referral_handout_printed(actor=user, referral=referral)
    context = {
        **handouts.partner_handout_context(referral),
        "notes": handouts.person_notes(referral),
    }
    return render(request, "counselling/referral_handout.html", context)
