"""The region of a job agency import."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kausa.ba.services import MAX_RADIUS_KM, validate_query


class ImportForm(forms.Form):
    postal_code = forms.RegexField(
        label=_("Postal code"),
        regex=r"^[0-9]{5}$",
        error_messages={"invalid": _("Enter a postal code of five digits.")},
    )
    radius_km = forms.IntegerField(
        label=_("Radius in km"), min_value=0, max_value=MAX_RADIUS_KM, initial=50
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if "postal_code" in data and "radius_km" in data:
            try:
                validate_query(str(data["postal_code"]), int(str(data["radius_km"])))
            except ValidationError as error:
                self.add_error("postal_code", error)
        return data
