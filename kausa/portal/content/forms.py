"""Forms of the content pages: the public office finder (a search: it stores nothing, so it
is a plain GET form without the bot checks) and the team lead's page and version forms."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kausa.core.geo import district_keys_for
from kausa.portal.content.models import BODY_MAX_CHARS, PagePurpose

POSTAL_CODE_RE = re.compile(r"[0-9]{5}")


class OfficeFinderForm(forms.Form):
    postal_code = forms.CharField(
        label=_("Your postal code"),
        required=False,
        help_text=_("5 digits, for example 39104."),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "postal-code", "maxlength": "5"}
        ),
    )
    abroad = forms.BooleanField(label=_("I live abroad"), required=False)

    def clean_postal_code(self) -> str:
        value = str(self.cleaned_data.get("postal_code") or "").strip()
        if value and not POSTAL_CODE_RE.fullmatch(value):
            raise forms.ValidationError(
                _("A postal code has 5 digits, for example 39104. Please check it.")
            )
        if value and not district_keys_for(value):
            raise forms.ValidationError(_("We do not know this postal code. Please check it."))
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("abroad") and "postal_code" in cleaned and not cleaned["postal_code"]:
            self.add_error(
                "postal_code", _("Please enter your postal code or choose “I live abroad”.")
            )
        return cleaned


class PageCreateForm(forms.Form):
    slug = forms.CharField(
        label=_("Address of the page"),
        max_length=80,
        help_text=_("Small letters, digits and hyphens, e.g. ausbildung."),
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=PagePurpose.choices)


class VersionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body_markdown = forms.CharField(
        label=_("Text (Markdown)"),
        max_length=BODY_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=_(
            "Markdown: ## heading, - list, **bold**, [link](https://…). "
            "HTML and images are removed."
        ),
    )
