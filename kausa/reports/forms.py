"""The report's parameters: period (year, quarter, month or custom days), office, district.
Bad input gets a German message on the form, never an error page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kausa.core.models import District, Office
from kausa.reports.indicators import custom_period, period_for
from kausa.reports.tables import Period

PERIOD_KINDS = [
    ("year", _("Year")),
    ("quarter", _("Quarter")),
    ("month", _("Month")),
    ("custom", _("Custom period")),
]
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Period"), choices=PERIOD_KINDS, initial="year")
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2999)
    number = forms.IntegerField(
        label=_("Quarter or month"),
        required=False,
        min_value=1,
        max_value=12,
        help_text=_("Quarter 1–4 or month 1–12"),
    )
    start = forms.DateField(
        label=pgettext_lazy("period", "From"), required=False, widget=DATE_INPUT
    )
    end = forms.DateField(label=pgettext_lazy("period", "To"), required=False, widget=DATE_INPUT)
    office = forms.ModelChoiceField(
        label=_("Office"),
        queryset=Office.objects.none(),
        required=False,
        empty_label=_("All offices"),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.order_by("name"),
        required=False,
        empty_label=_("All districts"),
    )

    def __init__(
        self,
        *args: Any,
        offices: QuerySet[Office],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]
        self.fields["year"].initial = timezone.localdate().year

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        try:
            cleaned["period"] = self._period(cleaned)
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned

    def _period(self, cleaned: dict[str, Any]) -> Period:
        kind = cleaned["kind"]
        if kind == "custom":
            start, end = cleaned.get("start"), cleaned.get("end")
            if start is None or end is None:
                raise ValidationError(_("Please give the first and the last day of the period."))
            return custom_period(start, end)
        year = cleaned.get("year")
        if year is None:
            raise ValidationError(_("Please give a year."))
        return period_for(kind, year, cleaned.get("number") if kind != "year" else None)
