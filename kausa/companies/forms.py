"""Forms for companies. They validate; the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kausa.companies.models import Company, TrainingStatus
from kausa.companies.services import COMPANY_FIELDS
from kausa.core.choices import LANGUAGES, CompanySize, Sector
from kausa.core.forms import DistrictChoiceMixin, PostalCodeField, SearchFilterForm
from kausa.core.models import District


class CompanyForm(DistrictChoiceMixin, forms.ModelForm[Company]):
    """Validates a company; never saved itself (the services write)."""

    postal_code = PostalCodeField(label=_("postal code"))
    place = forms.CharField(
        label=_("place"),
        max_length=120,
        required=False,
        help_text=_("Filled in from the postal code if left empty."),
    )
    languages = forms.MultipleChoiceField(
        choices=LANGUAGES,
        required=False,
        label=_("languages spoken in the company"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Company
        fields = COMPANY_FIELDS

    def company_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in COMPANY_FIELDS} | self.district_data()

    @classmethod
    def initial_for(cls, company: Company) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(company, name) for name in COMPANY_FIELDS}
        initial["district"] = company.district_id
        initial["languages"] = list(company.languages.values_list("language", flat=True))
        return initial


class CompanyFilterForm(SearchFilterForm):
    district = forms.ModelChoiceField(
        queryset=District.objects.all(), required=False, label=_("district")
    )
    training_status = forms.ChoiceField(
        choices=[("", _("any")), *TrainingStatus.choices],
        required=False,
        label=_("training status"),
    )
    size = forms.ChoiceField(
        choices=[("", _("any")), *CompanySize.choices], required=False, label=_("size")
    )
    sector = forms.ChoiceField(
        choices=[("", _("any")), *Sector.choices], required=False, label=_("sector")
    )
    migrant_led = forms.BooleanField(required=False, label=_("only migrant-led"))
