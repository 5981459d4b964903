"""The team lead's office switch on the start page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kausa.core.models import Office


class OfficeSwitchForm(forms.Form):
    office = forms.ModelChoiceField(
        queryset=Office.objects.none(),
        label=_("Office"),
        empty_label=None,
        error_messages={"invalid_choice": _("This office does not exist. Pick one from the list.")},
    )

    def __init__(self, *args: Any, offices: QuerySet[Office], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["office"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = offices
