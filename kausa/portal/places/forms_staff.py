"""The office's decision on a place a company submitted for the portal."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class DecisionForm(forms.Form):
    """Staff: approve a company's place for the portal, or say why not."""

    APPROVE, REJECT = "approve", "reject"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (APPROVE, _("Approve: show the place on the portal")),
            (REJECT, _("Do not approve")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for the company"),
        required=False,
        max_length=2000,
        help_text=_("Needed if you do not approve. The company sees it."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == self.REJECT and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Please give the company a reason."))
        return cleaned
