"""The office's side of public places: the places companies submitted (approve, or reject with
a reason) and, on a place's staff page, showing it on the portal or taking it off. The
services check the write rule again and leave the audit entries."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kausa.core.access import may_write, request_user, staff_view
from kausa.portal.places import selectors, services
from kausa.portal.places.forms_staff import DecisionForm
from kausa.portal.places.models import PublicationStatus
from kausa.vacancies.selectors import vacancy_get_for_user


@staff_view()
def approvals(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    pending = list(selectors.pending_publications(user)[:200])
    return render(request, "portal_places/staff/approvals.html", {"pending": pending})


@staff_view()
def approval(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    publication = selectors.publication_get_for_user(user, pk, write=request.method == "POST")
    can_decide = may_write(user, publication) and publication.status == PublicationStatus.PENDING
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if publication.status != PublicationStatus.PENDING:
            messages.info(request, _("This place was already decided."))
            return redirect("portal_places_staff:approval", pk=publication.pk)
        if form.is_valid():
            try:
                if form.cleaned_data["decision"] == DecisionForm.APPROVE:
                    services.publication_approve(actor=user, publication=publication)
                    messages.success(request, _("The place is now shown on the portal."))
                else:
                    services.publication_reject(
                        actor=user, publication=publication, reason=form.cleaned_data["reason"]
                    )
                    messages.success(request, _("The place was not approved."))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("portal_places_staff:approvals")
    context = {"publication": publication, "form": form, "can_decide": can_decide}
    return render(request, "portal_places/staff/approval.html", context)


@require_POST
@staff_view(write=True)
def publish(request: HttpRequest, vacancy_pk: int) -> HttpResponse:
    """Show a place on the portal ("publish") or take it off ("withdraw")."""
    user = request_user(request)
    vacancy = vacancy_get_for_user(user, vacancy_pk, write=True)
    publication = selectors.publication_of(vacancy)
    action = request.POST.get("action")
    if action == "publish":
        try:
            services.publication_publish(actor=user, vacancy=vacancy)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The place is now shown on the portal."))
    elif action == "withdraw" and publication is not None:
        if publication.status == PublicationStatus.APPROVED:
            services.publication_withdraw(actor=user, publication=publication)
            messages.success(request, _("The place was taken off the portal."))
        else:
            messages.info(request, _("The place is not shown on the portal."))
    else:
        messages.info(request, _("Nothing was changed."))
    return redirect("vacancies:detail", pk=vacancy.pk)
