"""Forms of the placement workflow."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kausa.placements.models import (
    DECLINED,
    DeclineReason,
    MatchingWeights,
    Proposal,
    ProposalStatus,
)
from kausa.vacancies.models import Vacancy


class ProposalCreateForm(forms.Form):
    vacancy = forms.ModelChoiceField(
        queryset=Vacancy.objects.none(), label=_("apprenticeship place")
    )

    def __init__(self, *args: Any, vacancies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        vacancy_field = self.fields["vacancy"]
        assert isinstance(vacancy_field, forms.ModelChoiceField)
        vacancy_field.queryset = vacancies


class ProposalStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("next step"), choices=())
    decline_reason = forms.ChoiceField(
        label=_("reason for a decline"),
        choices=[("", "---------"), *DeclineReason.choices],
        required=False,
    )

    def __init__(self, *args: Any, proposal: Proposal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(ProposalStatus.choices)
        status_field = self.fields["status"]
        assert isinstance(status_field, forms.ChoiceField)
        status_field.choices = [(step, labels[step]) for step in proposal.next_statuses()]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("status") in DECLINED and not cleaned.get("decline_reason"):
            self.add_error("decline_reason", _("Please give the reason for the decline."))
        return cleaned


class MatchingWeightsForm(forms.ModelForm[MatchingWeights]):
    class Meta:
        model = MatchingWeights
        fields = (
            "occupation_fit",
            "commute",
            "german_level",
            "school_certificate",
            "start_date",
            "driving_licence",
            "shared_language",
            "cap_multiple",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        weights = [cleaned.get(name) or 0 for name in self.Meta.fields[:-1]]
        if sum(weights) <= 0:
            raise forms.ValidationError(_("At least one weight must be above zero."))
        return cleaned
