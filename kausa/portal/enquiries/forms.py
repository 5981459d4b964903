"""The request form of the portal and the parent's consent form. They validate; the services
write. Every message is in the visitor's language."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kausa.core.choices import LANGUAGES, GermanLevel
from kausa.core.forms import PostalCodeField
from kausa.core.models import Occupation
from kausa.core.occupation_field import OccupationSearchField
from kausa.portal.bots import BotCheckedForm
from kausa.portal.enquiries.models import CONSENT_LANGUAGES, EnquiryOutcome

MIN_AGE = 14
MAX_AGE = 70
# Under 16 a parent consents too. Only the year of birth is asked: whoever may still be 15
# this year counts as under 16.
PARENT_AGE = 16
WISH_SLOTS = 3
QUESTION_MAX = 2000

# Characters no name contains; they mostly come from markup or scripts.
_NOT_IN_NAMES = re.compile(r"[<>{}\[\]()@#$%^*=|\\/;:\"0-9_]|[\x00-\x1f]")
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!?]|&#?\w+;")
_PHONE = re.compile(r"^\+?[0-9 ()/\-.]{5,40}$")


def needs_parent(birth_year: int, year: int | None = None) -> bool:
    year = year or timezone.localdate().year
    return year - birth_year <= PARENT_AGE


def _clean_name(value: str) -> str:
    value = " ".join(value.split())
    if _NOT_IN_NAMES.search(value):
        raise forms.ValidationError(
            _("Please use only letters, spaces, hyphens and apostrophes."), code="name"
        )
    return value


def _wish_field(rank: int) -> OccupationSearchField:
    # One list of suggestions for the three fields: the page stays small on a phone.
    widget = None
    if rank > 1:
        widget = forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "list": "id_wish_1_options"}
        )
    return OccupationSearchField(
        queryset=Occupation.objects.current(),
        required=False,
        widget=widget,
        label=format_lazy(_("Wish {rank}: training occupation"), rank=rank),
        help_text=_("Type a job name in your language and choose from the list.")
        if rank == 1
        else "",
    )


class EnquiryForm(BotCheckedForm):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("We send you a link. Please click it to confirm your request."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "dir": "ltr"}),
    )
    postal_code = PostalCodeField(
        label=_("Postal code"),
        required=False,
        help_text=_("Where you live in Germany. Five digits, for example 39104."),
    )
    lives_abroad = forms.BooleanField(label=_("I live abroad"), required=False)
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        help_text=_("For example 2008."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "bday-year"}),
    )
    parent_email = forms.EmailField(
        label=_("Email of a parent (only if you are under 16)"),
        max_length=254,
        required=False,
        help_text=_("If you are under 16, a parent must agree. We send them a link."),
        widget=forms.EmailInput(attrs={"dir": "ltr"}),
    )
    languages = forms.MultipleChoiceField(
        label=_("Which languages do you speak well?"),
        choices=LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    german_level = forms.TypedChoiceField(
        label=_("How good is your German?"),
        choices=GermanLevel.choices,
        coerce=int,
        initial=GermanLevel.NONE,
    )
    wish_1 = _wish_field(1)
    wish_2 = _wish_field(2)
    wish_3 = _wish_field(3)
    question = forms.CharField(
        label=_("Your question (optional)"),
        max_length=QUESTION_MAX,
        required=False,
        help_text=format_lazy(_("At most {count} characters."), count=QUESTION_MAX),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    consent = forms.BooleanField(label=_("I agree to the text about my data."))

    def __init__(self, *args: Any, consent_text: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"].help_text = consent_text

    def clean_first_name(self) -> str:
        return _clean_name(self.cleaned_data["first_name"])

    def clean_last_name(self) -> str:
        return _clean_name(self.cleaned_data["last_name"])

    def clean_phone(self) -> str:
        phone = " ".join(str(self.cleaned_data.get("phone") or "").split())
        if phone and not _PHONE.match(phone):
            raise forms.ValidationError(
                _("Please enter only digits, spaces and a + at the start."), code="phone"
            )
        return phone

    def clean_birth_year(self) -> int:
        birth_year: int = self.cleaned_data["birth_year"]
        year = timezone.localdate().year
        if birth_year > year - MIN_AGE:
            raise forms.ValidationError(
                _("You must be at least %(years)s years old.") % {"years": MIN_AGE}, code="young"
            )
        if birth_year < year - MAX_AGE:
            raise forms.ValidationError(_("Please check the year of birth."), code="old")
        return birth_year

    def clean_question(self) -> str:
        question = str(self.cleaned_data.get("question") or "").strip()
        if _MARKUP.search(question):
            raise forms.ValidationError(
                _("Please write your question as plain text, without HTML code."), code="markup"
            )
        return question

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()
        if cleaned.get("lives_abroad"):
            cleaned["postal_code"] = ""
        elif "postal_code" in cleaned and not cleaned.get("postal_code"):
            self.add_error(
                "postal_code",
                _("Enter your postal code, or tick “I live abroad”."),
            )
        birth_year = cleaned.get("birth_year")
        if birth_year is not None and needs_parent(birth_year):
            parent_email = cleaned.get("parent_email")
            if not parent_email and "parent_email" not in self.errors:
                self.add_error(
                    "parent_email",
                    _("You are under 16. Please enter the email of a parent."),
                )
            elif parent_email and parent_email.lower() == str(cleaned.get("email", "")).lower():
                self.add_error(
                    "parent_email",
                    _("Please enter the email of your parent, not your own."),
                )
        elif birth_year is not None:
            cleaned["parent_email"] = ""
        seen: set[int] = set()
        for slot in range(1, WISH_SLOTS + 1):
            occupation = cleaned.get(f"wish_{slot}")
            if occupation is not None and occupation.pk in seen:
                self.add_error(f"wish_{slot}", _("You chose this job already."))
            elif occupation is not None:
                seen.add(occupation.pk)
        return cleaned

    def wishes(self) -> list[Occupation]:
        slots = (self.cleaned_data.get(f"wish_{slot}") for slot in range(1, WISH_SLOTS + 1))
        return [occupation for occupation in slots if occupation is not None]


class ParentConsentForm(BotCheckedForm):
    parent_name = forms.CharField(label=_("Your name (parent or guardian)"), max_length=200)
    consent = forms.BooleanField(label=_("I agree. My child may get counselling."))

    def __init__(self, *args: Any, consent_text: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"].help_text = consent_text

    def clean_parent_name(self) -> str:
        return _clean_name(self.cleaned_data["parent_name"])


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", "---------"), *EnquiryOutcome.choices]
    )


class ConsentTextForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=CONSENT_LANGUAGES)
    text = forms.CharField(
        label=_("Text"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    valid_from = forms.DateField(
        label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"})
    )
