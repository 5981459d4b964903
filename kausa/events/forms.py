"""Forms of events and registrations. They validate; the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kausa.core.forms import PostalCodeField
from kausa.core.models import User
from kausa.events.models import (
    EVENT_LANGUAGES,
    Event,
    EventEvaluation,
    EventFormat,
    EventKind,
    EventStatus,
    ParticipantKind,
)
from kausa.events.services.events import EVALUATION_FIELDS, EVENT_FIELDS
from kausa.partners.models import Partner

LANGUAGE_NAMES = {
    "de": _("German"),
    "en": _("English"),
    "ar": _("Arabic"),
    "uk": _("Ukrainian"),
    "ru": _("Russian"),
    "tr": _("Turkish"),
    "fa": _("Persian (Farsi)"),
}
TRANSLATED = [code for code in EVENT_LANGUAGES if code != "de"]
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(forms.ModelForm[Event]):
    """An event with its German texts; translations as optional title/description pairs."""

    postal_code = PostalCodeField(label=_("postal code of the venue"), required=False)
    languages = forms.MultipleChoiceField(
        choices=[(code, LANGUAGE_NAMES[code]) for code in EVENT_LANGUAGES],
        label=_("languages spoken"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    co_organisers = forms.ModelMultipleChoiceField(
        queryset=Partner.objects.none(),
        required=False,
        label=_("co-organising partners"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Event
        fields = tuple(name for name in EVENT_FIELDS if name != "translations")
        widgets = {
            "starts_at": DATETIME_WIDGET,
            "registration_opens_at": DATETIME_WIDGET,
            "registration_closes_at": DATETIME_WIDGET,
            "description": forms.Textarea(attrs={"rows": 4}),
            "accessibility_notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        formats = EventFormat.objects.filter(
            organisation_id=user.organisation_pk, archived_at__isnull=True
        )
        self.fields["event_format"].queryset = formats  # type: ignore[attr-defined]
        self.fields["co_organisers"].queryset = Partner.objects.filter(  # type: ignore[attr-defined]
            organisation_id=user.organisation_pk, archived_at__isnull=True
        )
        for code in TRANSLATED:
            name = LANGUAGE_NAMES[code]
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("title (%(language)s)") % {"language": name},
                max_length=200,
                required=False,
            )
            self.fields[f"description_{code}"] = forms.CharField(
                label=_("description (%(language)s)") % {"language": name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for code in TRANSLATED:
            if cleaned.get(f"description_{code}") and not cleaned.get(f"title_{code}"):
                self.add_error(f"title_{code}", _("A translated description needs a title."))
        return cleaned

    def event_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in EVENT_FIELDS if name != "translations"}
        data["translations"] = {
            code: {
                "title": self.cleaned_data[f"title_{code}"].strip(),
                "description": self.cleaned_data[f"description_{code}"].strip(),
            }
            for code in TRANSLATED
            if self.cleaned_data.get(f"title_{code}", "").strip()
        }
        return data

    @classmethod
    def initial_for(cls, event: Event) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(event, name) for name in EVENT_FIELDS if name != "translations"
        }
        initial["event_format"] = event.event_format_id
        for code, texts in (event.translations or {}).items():
            if isinstance(texts, dict):
                initial[f"title_{code}"] = texts.get("title", "")
                initial[f"description_{code}"] = texts.get("description", "")
        initial["co_organisers"] = list(event.co_organisers.values_list("pk", flat=True))
        return initial


class EventFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    period = forms.ChoiceField(
        label=_("period"),
        required=False,
        choices=[("upcoming", _("upcoming")), ("past", _("past")), ("all", _("all"))],
    )
    status = forms.ChoiceField(
        label=_("status"), required=False, choices=[("", _("any")), *EventStatus.choices]
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=EventStatus.choices)


class RegistrationForm(forms.Form):
    """Register a person, a parent or a company chosen on the page (ids checked by the view
    through the selectors), or someone without a record by name."""

    kind = forms.ChoiceField(label=_("participant"), choices=ParticipantKind.choices)
    person = forms.IntegerField(required=False, widget=forms.HiddenInput)
    guardian = forms.IntegerField(required=False, widget=forms.HiddenInput)
    company = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("name (without a record)"), max_length=200, required=False)
    email = forms.EmailField(label=_("email"), required=False)
    phone = forms.CharField(label=_("phone"), max_length=40, required=False)
    language = forms.ChoiceField(
        label=_("language for messages"),
        choices=[(code, LANGUAGE_NAMES[code]) for code in EVENT_LANGUAGES],
        initial="de",
    )
    consent = forms.BooleanField(label=_("consent to the event's terms was given"), required=False)
    guardian_consent_name = forms.CharField(
        label=_("consent given by (parent or guardian, under 16)"), max_length=200, required=False
    )


class CheckInForm(forms.Form):
    present = forms.BooleanField(required=False)


class ContactForm(forms.Form):
    person = forms.IntegerField()
    company = forms.IntegerField()


class ProposalFromContactForm(forms.Form):
    vacancy = forms.IntegerField()


class FollowUpForm(forms.Form):
    due_on = forms.DateField(label=_("due on"), widget=forms.DateInput(attrs={"type": "date"}))


class EvaluationForm(forms.ModelForm[EventEvaluation]):
    class Meta:
        model = EventEvaluation
        fields = EVALUATION_FIELDS


class FormatForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=120)
    kind = forms.ChoiceField(label=_("kind"), choices=EventKind.choices)


class ConsentTextForm(forms.Form):
    language = forms.ChoiceField(
        label=_("language"), choices=[(code, LANGUAGE_NAMES[code]) for code in EVENT_LANGUAGES]
    )
    text = forms.CharField(label=_("text"), widget=forms.Textarea(attrs={"rows": 6}))
