"""The company portal's proposals: the list, one pseudonymised profile, and the answer."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kausa.core.listing import paginate
from kausa.portal.proposals import selectors, services
from kausa.portal.proposals.forms import CompanyResponseForm
from kausa.portal.proposals.models import CompanyDecision, CompanyResponse
from kausa.portal.session import company_account_required


@require_GET
@company_account_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    company = request.portal_account.company  # type: ignore[attr-defined]
    proposals = selectors.company_proposals(company)
    answered = set(
        CompanyResponse.objects.filter(proposal__in=proposals).values_list("proposal_id", flat=True)
    )
    page = paginate(request, proposals)
    rows = [
        {
            "proposal": proposal,
            "initial": (proposal.person.first_name.strip()[:1] or "?").upper() + ".",
            "status": selectors.company_status(proposal),
            "waiting": proposal.status == selectors.AWAITING_ANSWER and proposal.pk not in answered,
        }
        for proposal in page.object_list
    ]
    return render(
        request,
        "portal_proposals/list.html",
        {"page": page, "rows": rows, "company": company},
    )


def _detail(
    request: HttpRequest, proposal_pk: int, form: CompanyResponseForm | None = None
) -> HttpResponse:
    company = request.portal_account.company  # type: ignore[attr-defined]
    proposal = selectors.company_proposal_get(company, proposal_pk)
    response = CompanyResponse.objects.filter(proposal=proposal).first()
    waiting = response is None and proposal.status == selectors.AWAITING_ANSWER
    context = {
        "proposal": proposal,
        "profile": selectors.pseudonymised_profile(proposal),
        "contact_shared": selectors.contact_shared_with_company(proposal),
        "sent_on": selectors.sent_on(proposal),
        "status": selectors.company_status(proposal),
        "response": response,
        "form": (form or CompanyResponseForm()) if waiting else None,
    }
    return render(request, "portal_proposals/detail.html", context)


@require_GET
@company_account_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


@require_POST
@company_account_required
def proposal_respond(request: HttpRequest, pk: int) -> HttpResponse:
    account = request.portal_account  # type: ignore[attr-defined]
    proposal = selectors.company_proposal_get(account.company, pk)
    form = CompanyResponseForm(request.POST)
    if not form.is_valid():
        return _detail(request, pk, form)
    try:
        services.company_response_record(
            account=account,
            proposal=proposal,
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
            reason_text=form.cleaned_data["reason_text"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("portal_proposals:detail", pk=pk)
    if form.cleaned_data["decision"] == CompanyDecision.ACCEPTED:
        messages.success(request, _("Thank you. The office will arrange the interview with you."))
    else:
        messages.success(request, _("Thank you. The office now knows your answer."))
    return redirect("portal_proposals:detail", pk=pk)
