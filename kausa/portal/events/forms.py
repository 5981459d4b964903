"""The portal's registration forms: a young person or parent with name and contact, or the
signed-in company. They validate what people type; `registration_create` writes."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from kausa.events.models import ParticipantKind
from kausa.portal.bots import BotCheckedForm

NAME_MAX = 200
PHONE_PATTERN = re.compile(r"^\+?[0-9][0-9 ()/.-]{3,38}$")
MARKUP = re.compile(r"[<>]")
UNDER_16, SIXTEEN_OR_OLDER = "under_16", "16_or_older"
KIND_LABELS: dict[str, Any] = {
    ParticipantKind.YOUNG_PERSON: _("I am a young person"),
    ParticipantKind.PARENT: _("I am a parent or guardian"),
}


def _plain_text(value: str) -> str:
    value = " ".join(value.split())
    if MARKUP.search(value):
        raise forms.ValidationError(_("Please do not use the characters < and >."))
    return value


def _language_choices() -> list[tuple[str, str]]:
    return [(code, get_language_info(code)["name_local"]) for code in settings.PORTAL_LANGUAGES]


class ConsentMixin(forms.Form):
    """The consent checkbox and the version of the text the visitor saw."""

    consent = forms.BooleanField(
        label=_("I have read the consent text above and I agree."),
        required=True,
        error_messages={"required": _("Please agree to the consent text.")},
    )
    consent_text_id = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PersonRegistrationForm(ConsentMixin, BotCheckedForm):
    kind = forms.ChoiceField(
        label=_("Who are you?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose who you are.")},
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=NAME_MAX,
        error_messages={
            "required": _("Please enter your name."),
            "max_length": _("The name is too long (at most %(limit_value)d characters)."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("We send the confirmation and a link to cancel to this address."),
        max_length=254,
        error_messages={
            "required": _("Please enter your email address."),
            "invalid": _("Please enter a valid email address, for example name@example.org."),
            "max_length": _("The email address is too long."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
    )
    phone = forms.CharField(
        label=_("Phone number (optional)"),
        required=False,
        max_length=40,
        error_messages={"max_length": _("The phone number is too long.")},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel", "dir": "ltr"}),
    )
    language = forms.ChoiceField(label=_("Language for our emails"), choices=())
    age = forms.ChoiceField(
        label=_("How old are you on the day of the event?"),
        required=False,
        widget=forms.RadioSelect,
        choices=[(SIXTEEN_OR_OLDER, _("16 or older")), (UNDER_16, _("under 16"))],
        help_text=_("Only for young people."),
    )
    guardian_consent_name = forms.CharField(
        label=_("Name of your parent or guardian"),
        help_text=_("Under 16: a parent or guardian must agree. Enter their name."),
        required=False,
        max_length=NAME_MAX,
        error_messages={
            "max_length": _("The name is too long (at most %(limit_value)d characters)."),
        },
    )

    field_order = [
        "kind",
        "name",
        "email",
        "phone",
        "language",
        "age",
        "guardian_consent_name",
        "consent",
    ]

    def __init__(self, *args: Any, kinds: tuple[str, ...], language: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = [(kind, KIND_LABELS[kind]) for kind in kinds if kind in KIND_LABELS]
        self.fields["kind"].choices = choices  # type: ignore[attr-defined]
        if len(choices) == 1:  # nothing to choose: one audience
            self.fields["kind"].initial = choices[0][0]
            self.fields["kind"].widget = forms.HiddenInput()
        self.fields["language"].choices = _language_choices()  # type: ignore[attr-defined]
        self.fields["language"].initial = language

    def clean_name(self) -> str:
        return _plain_text(self.cleaned_data["name"])

    def clean_guardian_consent_name(self) -> str:
        return _plain_text(self.cleaned_data["guardian_consent_name"])

    def clean_phone(self) -> str:
        phone = " ".join(self.cleaned_data["phone"].split())
        if phone and not PHONE_PATTERN.match(phone):
            raise forms.ValidationError(
                _("Please enter the phone number with digits only, for example 0391 123456.")
            )
        return phone

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("kind") == ParticipantKind.YOUNG_PERSON:
            age = cleaned.get("age")
            if not age:
                self.add_error("age", _("Please tell us if you are under 16."))
            elif age == UNDER_16 and not cleaned.get("guardian_consent_name"):
                self.add_error(
                    "guardian_consent_name",
                    _(
                        "You are under 16. Please enter the name of the parent or guardian "
                        "who agrees."
                    ),
                )
        return cleaned

    @property
    def under_16(self) -> bool:
        return bool(
            self.cleaned_data.get("kind") == ParticipantKind.YOUNG_PERSON
            and self.cleaned_data.get("age") == UNDER_16
        )


class CompanyRegistrationForm(ConsentMixin, BotCheckedForm):
    """The signed-in company registers itself; the account's contact gets the mails."""


class CompanyWishesForm(forms.Form):
    """Speed dating: the candidates the company wants to meet (first name, initial only)."""

    people = forms.TypedMultipleChoiceField(
        label=_("Whom do you want to meet?"),
        help_text=_("Choose as many as you like. We plan the rounds from all wishes."),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Please choose only from the list.")},
    )

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].choices = people  # type: ignore[attr-defined]
