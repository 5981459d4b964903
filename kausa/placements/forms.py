"""Forms of the placement workflow."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kausa.core.models import Office
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


class PlaceSearchForm(forms.Form):
    """The manual proposal's place search: posted, so nothing typed lands in a URL."""

    place_q = forms.CharField(
        label=_("Find an open place"),
        max_length=100,
        required=False,
        help_text=_("Company, occupation or postal code; up to 20 places are listed."),
    )


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


class RunStartForm(forms.Form):
    """Which office a matching run is for; team leads say why (they start it for the office)."""

    office = forms.ModelChoiceField(queryset=Office.objects.none(), label=_("office"))
    reason = forms.CharField(
        label=_("Reason for starting the run"),
        max_length=300,
        required=False,
        help_text=_("Team leads start runs for an office; the office sees why."),
    )

    def __init__(self, *args: Any, offices: Any, needs_reason: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        office_field = self.fields["office"]
        assert isinstance(office_field, forms.ModelChoiceField)
        office_field.queryset = offices
        only = list(offices[:2])
        if len(only) == 1:
            office_field.empty_label = None
            if self.is_bound and not self.data.get("office"):  # a counsellor's own office
                self.data = {**self.data, "office": str(only[0].pk)}
        if needs_reason:
            self.fields["reason"].required = True
        else:
            del self.fields["reason"]
