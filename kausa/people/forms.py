"""Forms for people. They validate; the services write."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kausa.core.choices import LANGUAGES, GermanLevel, LanguageLevel, SchoolCertificate
from kausa.core.forms import (
    DateInput,
    DistrictChoiceMixin,
    PostalCodeField,
    SafeModelMultipleChoiceField,
    SearchFilterForm,
)
from kausa.core.models import District, Occupation, Office
from kausa.core.occupation_field import OccupationSearchField
from kausa.people.models import Guardian, Person, PersonSensitive
from kausa.people.services import PERSON_FIELDS, SENSITIVE_FIELDS, LanguageSkill

MIN_AGE_YEARS = 14
MAX_AGE_YEARS = 70
DESIRED_OCCUPATION_SLOTS = 3


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _desired_occupation_field(rank: int) -> OccupationSearchField:
    return OccupationSearchField(
        queryset=Occupation.objects.all(),
        required=False,
        label=format_lazy(_("desired occupation {rank}"), rank=rank),
    )


class PersonForm(DistrictChoiceMixin, forms.ModelForm[Person]):
    """Validates a person; never saved itself (the services write)."""

    postal_code = PostalCodeField(
        label=_("postal code"),
        required=False,
        help_text=_("Required unless the person lives abroad."),
    )
    occupation_1 = _desired_occupation_field(1)
    occupation_2 = _desired_occupation_field(2)
    occupation_3 = _desired_occupation_field(3)

    class Meta:
        model = Person
        fields = PERSON_FIELDS
        widgets = {"birth_date": DateInput(), "available_from": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only current occupations are offered; a wish the person already has stays.
        slots = [f"occupation_{slot}" for slot in range(1, DESIRED_OCCUPATION_SLOTS + 1)]
        offered = Occupation.objects.offered(keep=[self.initial.get(name) for name in slots])
        for name in slots:
            field = self.fields[name]
            assert isinstance(field, OccupationSearchField)
            field.queryset = offered

    def clean_birth_date(self) -> datetime.date | None:
        birth_date: datetime.date | None = self.cleaned_data.get("birth_date")
        if birth_date is None:
            return None
        today = timezone.localdate()
        if birth_date > today:
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        if birth_date > _years_before(today, MIN_AGE_YEARS):
            raise forms.ValidationError(
                _("The person must be at least %(years)s years old.") % {"years": MIN_AGE_YEARS}
            )
        if birth_date < _years_before(today, MAX_AGE_YEARS):
            raise forms.ValidationError(_("Please check the date of birth."))
        return birth_date

    def clean_max_commute_km(self) -> int:
        value: int = self.cleaned_data["max_commute_km"]
        if value > 300:
            raise forms.ValidationError(_("Enter a commute of at most 300 km."))
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("lives_abroad"):
            if not cleaned.get("country_of_residence"):
                self.add_error("country_of_residence", _("Enter the country the person lives in."))
        elif "postal_code" in cleaned and not cleaned.get("postal_code"):
            self.add_error("postal_code", _("Enter the postal code of the place of residence."))
        seen: set[int] = set()
        for slot in range(1, DESIRED_OCCUPATION_SLOTS + 1):
            occupation = cleaned.get(f"occupation_{slot}")
            if occupation is not None and occupation.pk in seen:
                self.add_error(
                    f"occupation_{slot}", _("Each desired occupation may be chosen only once.")
                )
            elif occupation is not None:
                seen.add(occupation.pk)
        return cleaned

    def desired_occupations(self) -> list[Occupation]:
        slots = (
            self.cleaned_data.get(f"occupation_{slot}")
            for slot in range(1, DESIRED_OCCUPATION_SLOTS + 1)
        )
        return [occupation for occupation in slots if occupation is not None]

    def person_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PERSON_FIELDS} | self.district_data()

    @classmethod
    def initial_for(cls, person: Person) -> dict[str, Any]:
        initial = {name: getattr(person, name) for name in PERSON_FIELDS}
        initial["district"] = person.district_id
        for item in person.desired_occupations.all():
            initial[f"occupation_{item.rank}"] = item.occupation_id
        return initial


class LanguageSkillForm(forms.Form):
    language = forms.ChoiceField(
        label=_("language"), choices=[("", "---------"), *LANGUAGES], required=False
    )
    level = forms.TypedChoiceField(
        label=_("level"),
        choices=[("", "---------"), *LanguageLevel.choices],
        coerce=int,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("language") and not cleaned.get("level"):
            self.add_error("level", _("Choose the level for this language."))
        if cleaned.get("level") and not cleaned.get("language"):
            self.add_error("language", _("Choose the language for this level."))
        return cleaned


class BaseLanguageFormSet(forms.BaseFormSet["LanguageSkillForm"]):
    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[str] = set()
        for form in self.forms:
            language = form.cleaned_data.get("language")
            if language and language in seen:
                raise forms.ValidationError(_("Each language may be listed only once."))
            if language:
                seen.add(language)

    def skills(self) -> list[LanguageSkill]:
        return [
            LanguageSkill(language=form.cleaned_data["language"], level=form.cleaned_data["level"])
            for form in self.forms
            if form.cleaned_data.get("language")
        ]


LANGUAGE_ROWS = 4
MAX_LANGUAGES = 8


def language_formset(data: Any = None, person: Person | None = None) -> BaseLanguageFormSet:
    initial = []
    if person is not None:
        initial = [
            {"language": item.language, "level": item.level} for item in person.languages.all()
        ]
    rows = max(LANGUAGE_ROWS, len(initial) + 1)
    formset_class = forms.formset_factory(
        LanguageSkillForm,
        formset=BaseLanguageFormSet,
        extra=rows - len(initial),
        max_num=MAX_LANGUAGES,
        absolute_max=MAX_LANGUAGES,
        validate_max=True,
    )
    return cast(BaseLanguageFormSet, formset_class(data=data, initial=initial, prefix="languages"))


class PersonSensitiveForm(forms.ModelForm[PersonSensitive]):
    class Meta:
        model = PersonSensitive
        fields = SENSITIVE_FIELDS
        widgets = {"residence_valid_until": DateInput()}

    @classmethod
    def initial_for(cls, sensitive: PersonSensitive | None) -> dict[str, Any]:
        if sensitive is None:
            return {}
        return {name: getattr(sensitive, name) for name in SENSITIVE_FIELDS}


class PersonSharingForm(forms.Form):
    offices = SafeModelMultipleChoiceField(
        queryset=Office.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("share with offices"),
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["offices"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Office.objects.filter(
            organisation_id=person.office.organisation_id
        ).exclude(pk=person.office_id)


class PersonFilterForm(SearchFilterForm):
    office = forms.ModelChoiceField(
        queryset=Office.objects.none(), required=False, label=_("office")
    )
    district = forms.ModelChoiceField(
        queryset=District.objects.all(), required=False, label=_("district")
    )
    occupation = forms.ModelChoiceField(
        queryset=Occupation.objects.all(), required=False, label=_("desired occupation")
    )
    german_level_min = forms.TypedChoiceField(
        choices=[("", _("any")), *GermanLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
        label=_("German at least"),
    )
    school_certificate_min = forms.TypedChoiceField(
        choices=[("", _("any")), *SchoolCertificate.choices],
        coerce=int,
        empty_value=None,
        required=False,
        label=_("school certificate at least"),
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["office"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Office.objects.filter(organisation_id=organisation_id)


class GuardianForm(forms.ModelForm[Guardian]):
    """A parent or guardian; validated here, saved by the service."""

    class Meta:
        model = Guardian
        fields = ("first_name", "last_name", "relation", "language", "email", "phone")
