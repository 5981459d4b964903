"""The company's answer to a proposal (checked again in the service)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kausa.portal.bots import BotCheckedForm
from kausa.portal.proposals.models import REASON_TEXT_MAX, CompanyDecision, CompanyDeclineReason


class CompanyResponseForm(BotCheckedForm):
    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=CompanyDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose your answer.")},
    )
    reason = forms.ChoiceField(
        label=_("Reason for the decline"),
        choices=[("", _("Please choose")), *CompanyDeclineReason.choices],
        required=False,
        help_text=_("Only if you decline."),
    )
    reason_text = forms.CharField(
        label=_("More about the reason (optional)"),
        required=False,
        max_length=REASON_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("At most 1,000 characters. The office reads this text."),
        error_messages={
            "max_length": _("Please write at most %(limit_value)d characters."),
        },
    )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean()
        if cleaned.get("decision") == CompanyDecision.DECLINED and not cleaned.get("reason"):
            self.add_error("reason", _("Please choose a reason for the decline."))
        return cleaned
