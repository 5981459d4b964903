"""The place search: a GET form (the address can be bookmarked and shared, nothing is stored,
so it needs no bot check)."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kausa.portal.places import search
from kausa.portal.places.search import DEFAULT_RADIUS, RADIUS_CHOICES, Point

MAX_TEXT = 100
_POSTAL_CODE = re.compile(r"[0-9]{5}")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


class MonthInput(forms.TextInput):
    input_type = "month"


class PlaceSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Occupation"),
        required=False,
        help_text=_("For example: cook, Koch or طباخ. You can write in your language."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    postal_code = forms.CharField(
        label=_("Postal code"),
        required=False,
        help_text=_("5 digits, for example 39104."),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "postal-code", "dir": "ltr"}
        ),
    )
    radius = forms.TypedChoiceField(
        label=_("Distance"),
        required=False,
        coerce=int,
        empty_value=None,
        initial=DEFAULT_RADIUS,
        choices=[(km, f"{km} km") for km in RADIUS_CHOICES],
        error_messages={"invalid_choice": _("Please choose a distance from the list.")},
    )
    start = forms.CharField(
        label=_("Start from (month)"),
        required=False,
        help_text=_("Only places that start in this month or later. Example: 2027-08."),
        widget=MonthInput(attrs={"dir": "ltr"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.occupation_notes: list[str] = []
        radius = self.fields["radius"]
        assert isinstance(radius, forms.TypedChoiceField)
        radius.choices = [(km, _("up to %(km)s km") % {"km": km}) for km in RADIUS_CHOICES]

    @staticmethod
    def _short(value: Any) -> str:
        text = " ".join(str(value or "").split())
        if len(text) > MAX_TEXT:
            raise forms.ValidationError(
                _("Please write at most %(count)s characters."),
                code="too_long",
                params={"count": MAX_TEXT},
            )
        return text

    def clean_q(self) -> list[str] | None:
        """The keys of the occupations the text names; None for any occupation."""
        text = self._short(self.cleaned_data.get("q"))
        if not text:
            return None
        keys = search.occupation_keys(text, get_language())
        if not keys:
            self.occupation_notes = search.occupation_notes(text, get_language())
            raise forms.ValidationError(
                _("We found no training occupation for “%(text)s”. Check the spelling."),
                code="not_found",
                params={"text": text},
            )
        return keys

    def clean_postal_code(self) -> Point | None:
        text = self._short(self.cleaned_data.get("postal_code")).replace(" ", "")
        if not text:
            return None
        if not _POSTAL_CODE.fullmatch(text):
            raise forms.ValidationError(
                _("Please enter a German postal code with 5 digits, for example 39104."),
                code="format",
            )
        point = search.postal_code_point(text)
        if point is None:
            raise forms.ValidationError(
                _("We do not know the postal code %(code)s. Please check it."),
                code="unknown",
                params={"code": text},
            )
        return point

    def clean_start(self) -> datetime.date | None:
        text = self._short(self.cleaned_data.get("start"))
        if not text:
            return None
        match = _MONTH.fullmatch(text)
        if match:
            year, month = int(match.group(1)), int(match.group(2))
            if 2000 <= year <= 2100 and 1 <= month <= 12:
                return datetime.date(year, month, 1)
        raise forms.ValidationError(
            _("Please enter a month like 2027-08 (year, then month)."), code="month"
        )

    def criteria(self) -> dict[str, Any]:
        """The cleaned filters (call after is_valid())."""
        data = self.cleaned_data
        return {
            "occupation_keys": data.get("q"),
            "point": data.get("postal_code"),
            "radius_km": data.get("radius") or DEFAULT_RADIUS,
            "start_from": data.get("start"),
        }
