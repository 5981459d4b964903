"""Staff pages of referrals: find a partner, refer, hand-out, email, outcome."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kausa.core.access import request_user, staff_view
from kausa.core.audit import audit_log
from kausa.core.choices import RIGHT_TO_LEFT_LANGUAGES
from kausa.core.forms import apply_errors
from kausa.counselling import referrals, selectors
from kausa.counselling.forms import PartnerFinderForm, ReferralForm, ReferralStatusForm
from kausa.counselling.models import REFERRAL_NEXT, ReferralStatus
from kausa.counselling.person_notes import note_language, person_note


@staff_view(write=True)
def referral_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Partners are offered by topic and the case's district (GET), the referral is a POST."""
    user = request_user(request)
    case = selectors.case_get_for_user(user, pk)
    if not selectors.case_writable_by(user, case) or case.closed_at is not None:
        raise PermissionDenied
    finder = PartnerFinderForm(request.GET or None)
    topic = everywhere = None
    if finder.is_valid():
        topic = finder.cleaned_data["topic"]
        everywhere = finder.cleaned_data["everywhere"]
    district = referrals.case_district(case)
    partners = referrals.partners_for(
        organisation_id=case.office.organisation_id,
        district=None if everywhere else district,
        topic=topic,
    )
    if request.method == "POST":
        # Any partner of the organisation may be chosen; the service checks district and consent.
        all_partners = referrals.partners_for(
            organisation_id=case.office.organisation_id, district=None, topic=None
        )
        form = ReferralForm(request.POST, partners=all_partners)
        if form.is_valid():
            try:
                referral = referrals.referral_create(actor=user, case=case, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The referral was recorded."))
                return redirect("counselling:referral", pk=referral.pk)
    else:
        form = ReferralForm(partners=partners, initial={"topic": topic})
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
    writable = selectors.case_writable_by(user, referral.case)
    next_statuses = [
        (value, label)
        for value, label in ReferralStatus.choices
        if value in REFERRAL_NEXT.get(referral.status, ())
    ]
    status_form = None
    if next_statuses:
        status_form = ReferralStatusForm()
        status_form.fields["status"].choices = next_statuses  # type: ignore[attr-defined]
    context = {
        "referral": referral,
        "writable": writable,
        "status_form": status_form,
        "history": referral.history.select_related("changed_by"),
        "shared": referrals.shared_data(referral) if writable else [],
    }
    return render(request, "counselling/referral_detail.html", context)


@require_POST
@staff_view(write=True)
def referral_status(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    referral = selectors.referral_get_for_user(user, pk)
    if not selectors.case_writable_by(user, referral.case):
        raise PermissionDenied
    form = ReferralStatusForm(request.POST)
    if form.is_valid():
        try:
            referrals.referral_set_status(
                actor=user, referral=referral, status=form.cleaned_data["status"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The status was updated."))
    else:
        messages.error(request, _("Choose a valid status."))
    return redirect("counselling:referral", pk=referral.pk)


@require_POST
@staff_view(write=True)
def referral_email(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    referral = selectors.referral_get_for_user(user, pk)
    if not selectors.case_writable_by(user, referral.case):
        raise PermissionDenied
    try:
        referrals.referral_email_partner(actor=user, referral=referral)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The hand-out was sent to the partner."))
    return redirect("counselling:referral", pk=referral.pk)


@staff_view()
def referral_handout(request: HttpRequest, pk: int) -> HttpResponse:
    """Printable pages: the German hand-out for the partner and the note for the person."""
    user = request_user(request)
    referral = selectors.referral_get_for_user(user, pk)
    if not selectors.case_writable_by(user, referral.case):
        raise PermissionDenied  # the shared data is for the counselling office only
    partner = referral.partner
    contact = ", ".join(value for value in (partner.phone, partner.email) if value) or "–"
    address = partner.address_line
    notes = []
    person = referral.case.person
    languages = ["de"]
    if person is not None:
        language = note_language(person)
        if language != "de":
            languages.append(language)
    for language in languages:
        text = person_note(
            partner_name=partner.name,
            topic=referral.topic.name,
            address=address or "–",
            contact=contact,
            office=referral.case.office.name,
            language=language,
        )
        notes.append(
            {"language": language, "rtl": language in RIGHT_TO_LEFT_LANGUAGES, "text": text}
        )
    audit_log(
        actor=user,
        action="counselling.referral.handout_printed",
        obj=referral,
        office=referral.case.office,
    )
    context = {
        "referral": referral,
        "handout": referrals.partner_handout(referral),
        "notes": notes,
    }
    return render(request, "counselling/referral_handout.html", context)
