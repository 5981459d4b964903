"""A company's answer to a proposal it received in the portal (the proposal itself lives in
kausa.placements; this app only records who answered, when and why)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kausa.core.fields import EncryptedTextField
from kausa.placements.models import DeclineReason, Proposal
from kausa.portal.accounts.models import PortalAccount

REASON_TEXT_MAX = 1000


class CompanyDecision(models.TextChoices):
    ACCEPTED = "accepted", _("Invite to an interview")
    DECLINED = "declined", _("Decline")


class CompanyDeclineReason(models.TextChoices):
    """The company's words for a decline; `pipeline_reason` maps them onto the counsellor's
    reasons (placements.DeclineReason). No reason refers to origin or residence status."""

    PLACE_TAKEN = "place_taken", _("The place is already taken")
    GERMAN = "german", _("The German level is not enough yet")
    SCHOOL = "school", _("The school certificate does not fit")
    COMMUTE = "commute", _("The way to work is too long")
    START_DATE = "start_date", _("The start date does not fit")
    OTHER = "other", _("Another reason")


_PIPELINE_REASON = {
    CompanyDeclineReason.PLACE_TAKEN: DeclineReason.OTHER,
    CompanyDeclineReason.GERMAN: DeclineReason.LANGUAGE,
    CompanyDeclineReason.SCHOOL: DeclineReason.QUALIFICATION,
    CompanyDeclineReason.COMMUTE: DeclineReason.COMMUTE,
    CompanyDeclineReason.START_DATE: DeclineReason.OTHER,
    CompanyDeclineReason.OTHER: DeclineReason.OTHER,
}


def pipeline_reason(reason: str) -> str:
    return str(_PIPELINE_REASON[CompanyDeclineReason(reason)])


class CompanyResponse(models.Model):
    """One answer per proposal: a company answers once; a change goes through the office."""

    proposal = models.OneToOneField(
        Proposal,
        on_delete=models.CASCADE,
        related_name="company_response",
        verbose_name=_("proposal"),
    )
    decision = models.CharField(_("decision"), max_length=10, choices=CompanyDecision.choices)
    reason = models.CharField(
        _("reason"), max_length=20, choices=CompanyDeclineReason.choices, blank=True
    )
    # Free text of a company about a candidate: personal data, so encrypted at rest.
    reason_text = EncryptedTextField(_("more about the reason"), blank=True)
    account = models.ForeignKey(
        PortalAccount,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    responded_at = models.DateTimeField(_("answered at"))

    class Meta:
        verbose_name = _("company's answer to a proposal")
        verbose_name_plural = _("companies' answers to proposals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decision="accepted", reason="")
                | models.Q(decision="declined") & ~models.Q(reason=""),
                name="company_response_decline_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.decision}"

    @property
    def owning_office_id(self) -> int | None:
        return self.proposal.office_id
