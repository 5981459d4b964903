"""Forms of the company portal. They validate; the services write. Every text field refuses
HTML, every message is in the visitor's language."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kausa.companies.models import Company, TrainingStatus
from kausa.core.choices import LANGUAGES, GermanLevel, SchoolCertificate
from kausa.core.forms import DateInput, DistrictChoiceMixin, PostalCodeField
from kausa.core.models import Occupation
from kausa.core.occupation_field import OccupationSearchField
from kausa.portal.bots import BotCheckedForm
from kausa.portal.business.services import CLOSED_STATUSES
from kausa.vacancies.models import Vacancy, VacancyStatus

MIN_SEATS, MAX_SEATS = 1, 50
MAX_DESCRIPTION = 2000

# "<b>", "</p>", "<!--", "<script": text that a browser would read as markup.
_MARKUP = re.compile(r"<\s*[/!?a-zA-Z]")


def refuse_markup(value: Any) -> None:
    if isinstance(value, str) and _MARKUP.search(value):
        raise forms.ValidationError(
            _("Please write plain text. Do not use the signs < and >."), code="markup"
        )


class PlainTextField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators.append(refuse_markup)
        if self.max_length is not None:
            self.error_messages["max_length"] = _(
                "Please write at most %(limit_value)d characters (you wrote %(show_value)d)."
            )


class PlaceForm(DistrictChoiceMixin, BotCheckedForm):
    occupation = OccupationSearchField(label=_("Training occupation"))
    seats = forms.IntegerField(
        label=_("Number of places"),
        min_value=MIN_SEATS,
        max_value=MAX_SEATS,
        error_messages={
            "min_value": _("Enter at least 1 place."),
            "max_value": _("Enter at most 50 places."),
            "invalid": _("Enter a whole number."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    start_date = forms.DateField(
        label=_("Start of the training"),
        widget=DateInput(),
        error_messages={"invalid": _("Enter a date, for example 2027-08-01.")},
    )
    postal_code = PostalCodeField(
        label=_("Postal code of the workplace"),
        help_text=_("Five digits, for example 39104."),
    )
    place = PlainTextField(
        label=_("Town"),
        max_length=120,
        required=False,
        help_text=_("We fill it in from the postal code if you leave it empty."),
    )
    required_school_certificate = forms.TypedChoiceField(
        label=_("School certificate needed"),
        choices=SchoolCertificate.choices,
        coerce=int,
        initial=SchoolCertificate.NONE,
    )
    required_german_level = forms.TypedChoiceField(
        label=_("German needed"),
        choices=GermanLevel.choices,
        coerce=int,
        initial=GermanLevel.NONE,
    )
    requires_driving_licence = forms.BooleanField(
        label=_("A driving licence is needed"), required=False
    )
    description = PlainTextField(
        label=_("About the place"),
        max_length=MAX_DESCRIPTION,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What does the trainee do? What do you offer? At most 2,000 characters."),
    )

    def __init__(self, *args: Any, vacancy: Vacancy | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.vacancy = vacancy
        occupation = self.fields["occupation"]
        assert isinstance(occupation, OccupationSearchField)
        occupation.queryset = Occupation.objects.offered(
            keep=[vacancy.occupation_id] if vacancy is not None else []
        )

    def clean_start_date(self) -> datetime.date:
        start_date: datetime.date = self.cleaned_data["start_date"]
        unchanged = self.vacancy is not None and self.vacancy.start_date == start_date
        if start_date < timezone.localdate() and not unchanged:
            raise forms.ValidationError(_("The start date is in the past. Choose a later date."))
        return start_date

    def place_data(self) -> dict[str, Any]:
        names = (
            "occupation",
            "seats",
            "start_date",
            "postal_code",
            "place",
            "required_school_certificate",
            "required_german_level",
            "requires_driving_licence",
            "description",
        )
        return {name: self.cleaned_data[name] for name in names} | self.district_data()

    @staticmethod
    def initial_for(vacancy: Vacancy) -> dict[str, Any]:
        return {
            "occupation": vacancy.occupation_id,
            "seats": vacancy.seats,
            "start_date": vacancy.start_date,
            "postal_code": vacancy.postal_code,
            "place": vacancy.place,
            "district": vacancy.district_id,
            "required_school_certificate": vacancy.required_school_certificate,
            "required_german_level": vacancy.required_german_level,
            "requires_driving_licence": vacancy.requires_driving_licence,
            "description": vacancy.description,
        }


class CloseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Why do you close the place?"),
        choices=[
            (VacancyStatus.FILLED.value, _("The place is filled.")),
            (VacancyStatus.WITHDRAWN.value, _("We do not offer the place any more.")),
        ],
        widget=forms.RadioSelect,
    )

    def clean_status(self) -> str:
        status: str = self.cleaned_data["status"]
        assert status in CLOSED_STATUSES
        return status


class ProfileForm(BotCheckedForm):
    training_status = forms.ChoiceField(
        label=_("Do you train already?"),
        choices=[
            (TrainingStatus.NOT_TRAINING.value, _("We do not train yet.")),
            (TrainingStatus.IN_PREPARATION.value, _("We are getting ready to train.")),
            (TrainingStatus.AUTHORISED.value, _("We are an authorised training company.")),
        ],
        widget=forms.RadioSelect,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken in your company"),
        choices=LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Trainees can talk to someone in these languages."),
        error_messages={"invalid_choice": _("Please choose languages from the list.")},
    )
    contact_name = PlainTextField(label=_("Contact person: name"), max_length=150)
    contact_role = PlainTextField(
        label=_("Contact person: role"),
        max_length=100,
        required=False,
        help_text=_("For example: trainer, owner, human resources."),
    )
    contact_email = forms.EmailField(
        label=_("Contact person: email"),
        required=False,
        error_messages={"invalid": _("Enter an email address, for example name@firma.de.")},
    )
    contact_phone = PlainTextField(
        label=_("Contact person: phone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel", "dir": "ltr"}),
    )

    def clean_contact_phone(self) -> str:
        phone: str = self.cleaned_data["contact_phone"].strip()
        if phone and not re.fullmatch(r"[0-9+()/ \-]{3,40}", phone):
            raise forms.ValidationError(
                _("Enter a phone number with digits only, for example 0391 123456.")
            )
        return phone

    def contact_data(self) -> dict[str, str]:
        return {
            name: self.cleaned_data[f"contact_{name}"]
            for name in ("name", "role", "email", "phone")
        }

    @staticmethod
    def initial_for(company: Company) -> dict[str, Any]:
        contact = company.contacts.order_by("id").first()
        return {
            "training_status": company.training_status,
            "languages": list(company.languages.values_list("language", flat=True)),
            "contact_name": contact.name if contact else "",
            "contact_role": contact.role if contact else "",
            "contact_email": contact.email if contact else "",
            "contact_phone": contact.phone if contact else "",
        }
