"""Forms of the process chain pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from kausa.chains.models import (
    HANDOUT_LANGUAGES,
    Audience,
    ChainStep,
    ChainTemplate,
    Responsible,
    StepStatus,
    TemplateStatus,
)
from kausa.core.choices import RIGHT_TO_LEFT_LANGUAGES
from kausa.core.forms import DateInput
from kausa.counselling.models import Case
from kausa.partners.models import PartnerType
from kausa.people.models import ResidenceStatus

# Languages a team lead writes hand-out texts in (German required): all of the hand-out's.
EDIT_LANGUAGES = [code for code, _name in HANDOUT_LANGUAGES]
LANGUAGE_NAMES = dict(HANDOUT_LANGUAGES)
TRANSLATION_CHOICES = [(code, name) for code, name in HANDOUT_LANGUAGES if code != "de"]


def _language_attrs(code: str, **attrs: Any) -> dict[str, Any]:
    """Inputs of a language are typed in its script and direction."""
    return {**attrs, "lang": code, "dir": "rtl" if code in RIGHT_TO_LEFT_LANGUAGES else "ltr"}


def _confirm_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Translations still matching the current German text"),
        help_text=_(
            "A translation you change counts as up to date. Tick a language whose text you "
            "checked against a changed German text without changing it."
        ),
        choices=TRANSLATION_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class TemplateForm(forms.Form):
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code in EDIT_LANGUAGES:
            name = LANGUAGE_NAMES[code]
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": name},
                max_length=200,
                required=code == "de",
                widget=forms.TextInput(attrs=_language_attrs(code)),
            )
            self.fields[f"summary_{code}"] = forms.CharField(
                label=_("Summary (%(language)s)") % {"language": name},
                widget=forms.Textarea(attrs=_language_attrs(code, rows=2)),
                max_length=1000,
                required=False,
            )
        self.fields["confirmed_languages"] = _confirm_field()

    @staticmethod
    def initial_for(template: ChainTemplate) -> dict[str, Any]:
        initial: dict[str, Any] = {"valid_from": template.valid_from}
        for code, texts in template.texts.items():
            initial[f"title_{code}"] = texts.get("title", "")
            initial[f"summary_{code}"] = texts.get("summary", "")
        return initial

    def texts(self) -> dict[str, dict[str, str]]:
        data = self.cleaned_data
        texts: dict[str, dict[str, str]] = {}
        for code in EDIT_LANGUAGES:
            if data.get(f"title_{code}"):
                texts[code] = {"title": data[f"title_{code}"]}
                if data.get(f"summary_{code}"):
                    texts[code]["summary"] = data[f"summary_{code}"]
        return texts


class StepForm(forms.Form):
    key = forms.SlugField(label=_("Key"), max_length=80)
    responsible = forms.ChoiceField(label=_("Responsible"), choices=Responsible.choices)
    partner_type = forms.ChoiceField(
        label=_("Partner type (if a partner is responsible)"),
        choices=[("", "–"), *PartnerType.choices],
        required=False,
    )
    typical_duration_days = forms.IntegerField(
        label=_("Typical duration (days)"), min_value=0, max_value=730, required=False
    )
    optional = forms.BooleanField(label=_("Optional"), required=False)
    only_residence_status = forms.MultipleChoiceField(
        label=_("Only for these residence statuses (none: for everyone)"),
        choices=ResidenceStatus.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    only_abroad = forms.ChoiceField(
        label=_("Place of residence"),
        choices=[
            ("", _("everyone")),
            ("yes", _("only people abroad")),
            ("no", _("only people in Germany")),
        ],
        required=False,
    )
    links = forms.CharField(
        label=_("Links (one per line: label | https://…)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300, required=False)
    source_url = forms.URLField(label=_("Source"), max_length=500, required=False)
    source_note = forms.CharField(label=_("Note on the source"), max_length=500, required=False)
    last_checked = forms.DateField(label=_("Last checked"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code in EDIT_LANGUAGES:
            name = LANGUAGE_NAMES[code]
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Step (%(language)s)") % {"language": name},
                max_length=200,
                required=code == "de",
                widget=forms.TextInput(attrs=_language_attrs(code)),
            )
            self.fields[f"description_{code}"] = forms.CharField(
                label=_("What to do (%(language)s)") % {"language": name},
                widget=forms.Textarea(attrs=_language_attrs(code, rows=3)),
                max_length=2000,
                required=False,
            )
            self.fields[f"documents_{code}"] = forms.CharField(
                label=_("Documents needed, one per line (%(language)s)") % {"language": name},
                widget=forms.Textarea(attrs=_language_attrs(code, rows=2)),
                max_length=2000,
                required=False,
            )
        self.fields["confirmed_languages"] = _confirm_field()

    @staticmethod
    def initial_for(step: ChainStep) -> dict[str, Any]:
        condition = step.condition or {}
        abroad = condition.get("lives_abroad")
        initial: dict[str, Any] = {
            "key": step.key,
            "responsible": step.responsible,
            "partner_type": step.partner_type,
            "typical_duration_days": step.typical_duration_days,
            "optional": step.optional,
            "only_residence_status": condition.get("residence_status_in", []),
            "only_abroad": "" if abroad is None else ("yes" if abroad else "no"),
            "links": "\n".join(f"{link['label']} | {link['url']}" for link in step.links),
            "legal_basis": step.legal_basis,
            "source_url": step.source_url,
            "source_note": step.source_note,
            "last_checked": step.last_checked,
        }
        for code, texts in step.texts.items():
            initial[f"title_{code}"] = texts.get("title", "")
            initial[f"description_{code}"] = texts.get("description", "")
            initial[f"documents_{code}"] = "\n".join(texts.get("documents", []))
        return initial

    def clean_links(self) -> list[dict[str, str]]:
        links = []
        validate = URLValidator(schemes=["https"])
        for line in self.cleaned_data["links"].splitlines():
            if not line.strip():
                continue
            label, _sep, url = line.rpartition("|")
            url = url.strip()
            try:
                validate(url)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("Write each link as “label | https://…”: %(line)s") % {"line": line}
                ) from None
            links.append({"label": label.strip() or url, "url": url})
        return links

    def step_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        texts: dict[str, dict[str, Any]] = {}
        for code in EDIT_LANGUAGES:
            if not data.get(f"title_{code}"):
                continue
            texts[code] = {"title": data[f"title_{code}"]}
            if data.get(f"description_{code}"):
                texts[code]["description"] = data[f"description_{code}"]
            documents = [line.strip() for line in data.get(f"documents_{code}", "").splitlines()]
            if any(documents):
                texts[code]["documents"] = [line for line in documents if line]
        condition: dict[str, Any] = {}
        if data.get("only_residence_status"):
            condition["residence_status_in"] = list(data["only_residence_status"])
        if data.get("only_abroad"):
            condition["lives_abroad"] = data["only_abroad"] == "yes"
        return {
            "texts": texts,
            "responsible": data["responsible"],
            "partner_type": data.get("partner_type") or "",
            "typical_duration_days": data.get("typical_duration_days"),
            "optional": data.get("optional", False),
            "condition": condition or None,
            "links": data["links"],
            "legal_basis": data.get("legal_basis", ""),
            "source_url": data.get("source_url", ""),
            "source_note": data.get("source_note", ""),
            "last_checked": data.get("last_checked"),
        }


class RunStartForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Process chain"), queryset=ChainTemplate.objects.none()
    )
    language = forms.ChoiceField(
        label=_("Second language of the hand-out"), choices=HANDOUT_LANGUAGES, initial="de"
    )
    case = forms.ModelChoiceField(label=_("Case"), queryset=Case.objects.none(), required=False)
    residence_status = forms.ChoiceField(
        label=_("Residence status of the (future) apprentice"),
        choices=ResidenceStatus.choices,
        required=False,
        help_text=_("Decides which steps apply; it is not stored with the company."),
    )
    lives_abroad = forms.BooleanField(label=_("The apprentice lives abroad"), required=False)

    def __init__(
        self, *args: Any, organisation_id: int, audience: str, cases: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        template_field = self.fields["template"]
        assert isinstance(template_field, forms.ModelChoiceField)
        template_field.queryset = ChainTemplate.objects.filter(
            organisation_id=organisation_id, audience=audience, status=TemplateStatus.PUBLISHED
        ).order_by("key")
        case_field = self.fields["case"]
        assert isinstance(case_field, forms.ModelChoiceField)
        case_field.queryset = cases
        if audience == Audience.PERSON:
            del self.fields["residence_status"]
            del self.fields["lives_abroad"]


class RunStepForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=StepStatus.choices)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput(), required=False)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )


class StepCheckForm(forms.Form):
    note = forms.CharField(
        label=_("What did you check?"),
        help_text=_("For example: sources compared, § 4a AufenthG unchanged."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=500,
    )


class RunLanguageForm(forms.Form):
    """The hand-out's second language; each option says how far the chain is translated."""

    language = forms.ChoiceField(label=_("Second language of the hand-out"))

    def __init__(self, *args: Any, states: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {
            "complete": _("complete"),
            "outdated": _("partly outdated"),
            "missing": _("translation incomplete"),
        }
        field = self.fields["language"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (code, f"{name} ({labels[states[code]]})" if code in states else str(name))
            for code, name in HANDOUT_LANGUAGES
        ]


class PublishForm(forms.Form):
    """Publishing cannot be taken back: the team lead confirms having checked the version."""

    checked = forms.BooleanField(
        label=_(
            "I have checked the steps, texts and sources of this version; counsellors "
            "may start it from now on."
        ),
        error_messages={"required": _("Confirm that you have checked the version.")},
    )
