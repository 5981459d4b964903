"""A company answers a proposal in the portal: it invites the candidate to an interview or
declines with a reason. The answer moves the proposal in the counsellor's pipeline.

`kausa.placements.services.proposal_set_status` needs a staff actor (it checks the office's
write rights), so the portal has its own path here: scoped to the account's company, allowed
only at the step where the company answers, once, audited without an actor, and the
counsellor who made the proposal hears about it by email after the commit.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kausa.core.audit import audit_log
from kausa.core.models import User
from kausa.counselling.models import Case
from kausa.placements.models import Proposal, ProposalStatus, ProposalStatusChange
from kausa.portal.accounts.models import PortalAccount
from kausa.portal.proposals import audit_actions
from kausa.portal.proposals.models import (
    REASON_TEXT_MAX,
    CompanyDecision,
    CompanyDeclineReason,
    CompanyResponse,
    pipeline_reason,
)
from kausa.portal.proposals.selectors import AWAITING_ANSWER

logger = logging.getLogger(__name__)


@transaction.atomic
def company_response_record(
    *,
    account: PortalAccount,
    proposal: Proposal,
    decision: str,
    reason: str = "",
    reason_text: str = "",
) -> CompanyResponse:
    """Record the company's answer and move the proposal: an invitation to the interview step,
    a decline to "declined by the company" with the matching pipeline reason."""
    if account.company_id is None or not account.is_active:
        raise Http404
    # Lock the row: two colleagues answering at the same moment give one answer, not two.
    locked = Proposal.objects.select_for_update().filter(pk=proposal.pk).first()
    if locked is None or locked.vacancy.company_id != account.company_id:
        raise Http404
    if CompanyResponse.objects.filter(proposal=locked).exists():
        raise ValidationError(_("Your company has already answered this proposal."))
    if locked.status != AWAITING_ANSWER:
        raise ValidationError(_("This proposal is no longer open for an answer."))
    if decision not in CompanyDecision.values:
        raise ValidationError(_("Please choose your answer."))
    reason_text = reason_text.strip()
    if len(reason_text) > REASON_TEXT_MAX:
        raise ValidationError(
            _("Please write at most %(count)d characters.") % {"count": REASON_TEXT_MAX}
        )
    if decision == CompanyDecision.DECLINED:
        if reason not in CompanyDeclineReason.values:
            raise ValidationError(_("Please choose a reason for the decline."))
        status = ProposalStatus.DECLINED_BY_COMPANY
        decline_reason = pipeline_reason(reason)
        action = audit_actions.DECLINED
    else:
        reason, reason_text = "", ""
        status = ProposalStatus.INTERVIEW
        decline_reason = ""
        action = audit_actions.ACCEPTED
    response = CompanyResponse.objects.create(
        proposal=locked,
        decision=decision,
        reason=reason,
        reason_text=reason_text,
        account=account,
        responded_at=timezone.now(),
    )
    locked.status = status
    locked.decline_reason = decline_reason
    locked.save(update_fields=["status", "decline_reason", "updated_at"])
    ProposalStatusChange.objects.create(
        proposal=locked, status=status, decline_reason=decline_reason, changed_by=None
    )
    audit_log(
        actor=None,
        action=action,
        obj=locked,
        office=locked.office,
        changed_fields=["status", "decline_reason"] if decline_reason else ["status"],
    )
    proposal_id = locked.pk
    transaction.on_commit(lambda: notify_counsellor(proposal_id))
    proposal.refresh_from_db()
    return response


def _counsellor_of(proposal: Proposal) -> User | None:
    """The responsible counsellor of the person's open case in the proposing office, else
    the counsellor who made the proposal; only an active one with an email address."""
    case = (
        Case.objects.filter(person_id=proposal.person_id, office_id=proposal.office_id)
        .filter(closed_at__isnull=True)
        .select_related("counsellor")
        .order_by("-opened_on", "-id")
        .first()
    )
    for candidate in (case.counsellor if case else None, proposal.created_by):
        if candidate is not None and candidate.is_active and candidate.email:
            return candidate
    return None


def notify_counsellor(proposal_id: int) -> bool:
    """Tell the counsellor who made the proposal that the company answered. The email names
    no person and no company: the link leads to the staff page behind the sign-in."""
    proposal = Proposal.objects.select_related("created_by").filter(pk=proposal_id).first()
    answer = CompanyResponse.objects.filter(proposal_id=proposal_id).first()
    if proposal is None or answer is None:
        return False
    counsellor = _counsellor_of(proposal)
    if counsellor is None:
        return False
    link = settings.SITE_URL.rstrip("/") + reverse("placements:proposal", args=[proposal.pk])
    accepted = answer.decision == CompanyDecision.ACCEPTED
    with translation.override("de"):
        if accepted:
            subject = _("KAUSA Hub: a company invites to an interview")
            body = _(
                "A company answered proposal no. %(number)d in the portal: it invites the "
                "candidate to an interview.\n\nThe proposal: %(link)s"
            )
        else:
            subject = _("KAUSA Hub: a company declined a proposal")
            body = _(
                "A company answered proposal no. %(number)d in the portal: it declined.\n\n"
                "The proposal and the reason: %(link)s"
            )
        body = body % {"number": proposal.pk, "link": link}
    try:
        send_mail(subject, body, None, [counsellor.email])
    except OSError:
        # The answer is saved and visible in the pipeline; a lost email must not undo it.
        logger.exception("notification of proposal#%s failed", proposal.pk)
        return False
    return True
