"""Forms for apprenticeship places. They validate; the services write."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kausa.companies.models import Company
from kausa.core.forms import DateInput, DistrictChoiceMixin, PostalCodeField, SearchFilterForm
from kausa.core.models import District, Occupation
from kausa.core.occupation_field import OccupationSearchField
from kausa.vacancies.models import Vacancy, VacancyStatus
from kausa.vacancies.services import VACANCY_FIELDS

MAX_SEATS = 50


class VacancyForm(DistrictChoiceMixin, forms.ModelForm[Vacancy]):
    """Validates an apprenticeship place; never saved itself (the services write)."""

    company = forms.ModelChoiceField(queryset=Company.objects.none(), label=_("company"))
    postal_code = PostalCodeField(
        label=_("postal code of the workplace"),
        required=False,
        help_text=_("Leave empty if the workplace is the company's address."),
    )
    place = forms.CharField(label=_("place"), max_length=120, required=False)
    occupation = OccupationSearchField(
        label=capfirst(Vacancy._meta.get_field("occupation").verbose_name)
    )

    class Meta:
        model = Vacancy
        fields = ("company", *VACANCY_FIELDS)
        widgets = {"start_date": DateInput()}

    def __init__(
        self, *args: Any, organisation_id: int, vacancy: Vacancy | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.vacancy = vacancy
        field = self.fields["company"]
        assert isinstance(field, forms.ModelChoiceField)
        if vacancy is None:
            field.queryset = Company.objects.filter(
                organisation_id=organisation_id, archived_at__isnull=True
            )
        else:  # a place stays with its company, archived or not
            field.queryset = Company.objects.filter(pk=vacancy.company_id)
            field.disabled = True
        # Only current occupations are offered; the place's own occupation stays.
        occupation = self.fields["occupation"]
        assert isinstance(occupation, OccupationSearchField)
        occupation.queryset = Occupation.objects.offered(
            keep=[vacancy.occupation_id] if vacancy is not None else []
        )

    def clean_seats(self) -> int:
        seats: int = self.cleaned_data["seats"]
        if seats < 1:
            raise forms.ValidationError(_("A place needs at least one seat."))
        if seats > MAX_SEATS:
            raise forms.ValidationError(
                _("Enter at most %(max)s seats per place.") % {"max": MAX_SEATS}
            )
        return seats

    def clean_start_date(self) -> datetime.date:
        start_date: datetime.date = self.cleaned_data["start_date"]
        unchanged = self.vacancy is not None and self.vacancy.start_date == start_date
        if start_date < timezone.localdate() and not unchanged:
            raise forms.ValidationError(_("The start date cannot be in the past."))
        return start_date

    def vacancy_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in VACANCY_FIELDS} | self.district_data()

    @classmethod
    def initial_for(cls, vacancy: Vacancy) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(vacancy, name) for name in VACANCY_FIELDS}
        initial["district"] = vacancy.district_id
        initial["occupation"] = vacancy.occupation_id
        initial["company"] = vacancy.company_id
        return initial


class VacancyFilterForm(SearchFilterForm):
    status = forms.ChoiceField(
        choices=[("", _("any")), *VacancyStatus.choices], required=False, label=_("status")
    )
    occupation = forms.ModelChoiceField(
        queryset=Occupation.objects.all(), required=False, label=_("occupation")
    )
    district = forms.ModelChoiceField(
        queryset=District.objects.all(), required=False, label=_("district")
    )
    start_from = forms.DateField(label=_("start from"), required=False, widget=DateInput())
    start_until = forms.DateField(label=_("start until"), required=False, widget=DateInput())
