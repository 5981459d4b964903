"""The project's form renderer: labels without a colon and a readable empty choice.

Set once as ``FORM_RENDERER`` so every form gets it, whatever class it derives from.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

DJANGO_EMPTY_LABEL = "---------"
EMPTY_CHOICE_LABEL = _("Please choose")


class KausaBoundField(BoundField):
    """A bound field whose label carries no suffix and whose empty choice reads "Bitte wählen"."""

    def __init__(self, form: forms.BaseForm, field: forms.Field, name: str) -> None:
        _replace_empty_label(field)
        super().__init__(form, field, name)

    def label_tag(
        self,
        contents: str | None = None,
        attrs: dict[str, Any] | None = None,
        label_suffix: str | None = None,
        tag: str | None = None,
    ) -> SafeString:
        # Labels stand on their own line above the field; a colon adds nothing (DESIGN §5.11).
        return super().label_tag(contents, attrs, "" if label_suffix is None else label_suffix, tag)

    @property
    def is_group(self) -> bool:
        """Checkbox and radio lists: rendered as a fieldset with the label as legend."""
        widget = self.field.widget
        return isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple)


def _replace_empty_label(field: forms.Field) -> None:
    """Swap Django's dashes for a word; the field is the form's own copy."""
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == DJANGO_EMPTY_LABEL:
            field.empty_label = EMPTY_CHOICE_LABEL
        return
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
        choices: list[Any] = list(field.choices)  # type: ignore[arg-type]
        if any(value == "" and label == DJANGO_EMPTY_LABEL for value, label in choices):
            field.choices = [
                (
                    value,
                    EMPTY_CHOICE_LABEL if value == "" and label == DJANGO_EMPTY_LABEL else label,
                )
                for value, label in choices
            ]


class KausaFormRenderer(DjangoTemplates):
    bound_field_class = KausaBoundField
