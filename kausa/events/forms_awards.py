"""Forms of award rounds and ambassadors. They validate; the services write.

The choice lists are scoped to the user (their organisation's companies, the people they
see, their office's events), so an id from elsewhere posted by hand is refused as an invalid
choice before any service runs.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kausa.companies.models import Company
from kausa.core.forms import DateInput
from kausa.core.models import User
from kausa.events.models import (
    EVENT_LANGUAGES,
    Ambassador,
    AwardCategory,
    AwardRound,
    AwardRoundStatus,
    Event,
)
from kausa.events.selectors import events_visible_to
from kausa.events.services.awards import AMBASSADOR_FIELDS, MAX_SCORE, MIN_SCORE
from kausa.people.models import Person
from kausa.people.selectors import people_visible_to

MAX_ID = 2**63 - 1


class SafeModelChoiceField(forms.ModelChoiceField[Any]):
    """Rejects ids beyond the database's integer range as an invalid choice, not a 500."""

    def to_python(self, value: Any) -> Any:
        if str(value).strip().isdigit() and int(str(value).strip()) > MAX_ID:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


def _companies_of(user: User) -> QuerySet[Company]:
    return Company.objects.filter(
        organisation_id=user.organisation_pk, archived_at__isnull=True
    ).order_by("name")


class AwardRoundForm(forms.ModelForm[AwardRound]):
    """Validates a round; never saved itself."""

    ceremony = SafeModelChoiceField(
        queryset=Event.objects.none(), required=False, label=_("award ceremony")
    )
    winners_count = forms.IntegerField(label=_("number of winners"), min_value=1, max_value=50)

    class Meta:
        model = AwardRound
        fields = ("title", "category", "criteria", "nominations_close_on", "winners_count")
        widgets = {
            "nominations_close_on": DateInput(),
            "criteria": forms.Textarea(attrs={"rows": 4}),
        }

    field_order = (
        "title",
        "category",
        "criteria",
        "nominations_close_on",
        "winners_count",
        "ceremony",
    )

    def __init__(self, *args: Any, user: User, office_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ceremony = self.fields["ceremony"]
        assert isinstance(ceremony, forms.ModelChoiceField)
        ceremony.queryset = (
            events_visible_to(user).filter(office_id=office_id).order_by("-starts_at")
        )

    def round_data(self) -> dict[str, Any]:
        names = ("title", "category", "criteria", "nominations_close_on", "winners_count")
        data = {name: self.cleaned_data[name] for name in names}
        data["ceremony"] = self.cleaned_data.get("ceremony")
        return data

    @classmethod
    def initial_for(cls, award_round: AwardRound) -> dict[str, Any]:
        return {
            "title": award_round.title,
            "category": award_round.category,
            "criteria": award_round.criteria,
            "nominations_close_on": award_round.nominations_close_on,
            "winners_count": award_round.winners_count,
            "ceremony": award_round.ceremony_id,
        }


class NominationForm(forms.Form):
    """A nomination; the round's category decides whether a company or a person is named."""

    company = SafeModelChoiceField(queryset=Company.objects.none(), label=_("company"))
    person = SafeModelChoiceField(queryset=Person.objects.none(), label=_("apprentice"))
    reason = forms.CharField(
        label=_("reason for the nomination"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    public_consent = forms.BooleanField(label=_("consents to being named publicly"), required=False)
    public_name = forms.CharField(
        label=_("name for the public list"), max_length=200, required=False
    )

    def __init__(self, *args: Any, user: User, award_round: AwardRound, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if award_round.category == AwardCategory.COMPANY:
            del self.fields["person"]
            company = self.fields["company"]
            assert isinstance(company, forms.ModelChoiceField)
            company.queryset = _companies_of(user)
        else:
            del self.fields["company"]
            person = self.fields["person"]
            assert isinstance(person, forms.ModelChoiceField)
            person.queryset = (
                people_visible_to(user)
                .filter(archived_at__isnull=True)
                .order_by("last_name", "first_name")
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("public_consent") and not str(cleaned.get("public_name", "")).strip():
            self.add_error("public_name", _("Enter the name to be shown publicly."))
        return cleaned


class VoteForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("score"),
        choices=[(str(n), str(n)) for n in range(MIN_SCORE, MAX_SCORE + 1)],
        coerce=int,
        error_messages={"invalid_choice": _("Give a score from 1 to 5.")},
    )


class StatusForm(forms.Form):
    """The status the round moves to: a stale page (someone moved it on) is refused."""

    status = forms.ChoiceField(
        choices=[(AwardRoundStatus.JURY, ""), (AwardRoundStatus.DECIDED, "")]
    )


LANGUAGE_CHOICES = [(code, code) for code in EVENT_LANGUAGES]


class AmbassadorForm(forms.ModelForm[Ambassador]):
    """Profile, languages and availability of an ambassador."""

    languages = forms.MultipleChoiceField(
        label=_("languages"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Ambassador
        fields = AMBASSADOR_FIELDS
        widgets = {"profile": forms.Textarea(attrs={"rows": 5})}

    def ambassador_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in AMBASSADOR_FIELDS}

    @classmethod
    def initial_for(cls, ambassador: Ambassador) -> dict[str, Any]:
        return {name: getattr(ambassador, name) for name in AMBASSADOR_FIELDS}


class AmbassadorCreateForm(AmbassadorForm):
    """A new ambassador: a person of the office or a company of the organisation."""

    person = SafeModelChoiceField(
        queryset=Person.objects.none(), required=False, label=_("person of the office")
    )
    company = SafeModelChoiceField(
        queryset=Company.objects.none(), required=False, label=_("company")
    )
    field_order = ("person", "company", "profile", "languages", "availability")

    def __init__(self, *args: Any, user: User, office_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        company = self.fields["company"]
        assert isinstance(person, forms.ModelChoiceField)
        assert isinstance(company, forms.ModelChoiceField)
        person.queryset = (
            people_visible_to(user)
            .filter(office_id=office_id, archived_at__isnull=True)
            .order_by("last_name", "first_name")
        )
        company.queryset = _companies_of(user)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and (cleaned.get("person") is None) == (cleaned.get("company") is None):
            raise forms.ValidationError(_("Choose either a person or a company."))
        return cleaned


class AppearanceForm(forms.Form):
    event = SafeModelChoiceField(queryset=Event.objects.none(), label=_("event"))
    role = forms.CharField(label=_("role at the event"), max_length=120, required=False)

    def __init__(self, *args: Any, user: User, ambassador: Ambassador, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        event = self.fields["event"]
        assert isinstance(event, forms.ModelChoiceField)
        event.queryset = (
            events_visible_to(user).filter(office_id=ambassador.office_id).order_by("-starts_at")
        )
