"""Forms of the Azubi-BSK app."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kausa.bsk.models import CourseStatus


class CourseStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("course status"), choices=CourseStatus.choices)
    course_title = forms.CharField(label=_("course"), max_length=200, required=False)
    provider = forms.CharField(label=_("course provider"), max_length=200, required=False)

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if cleaned.get("status") == CourseStatus.NONE and (
            cleaned.get("course_title") or cleaned.get("provider")
        ):
            raise forms.ValidationError(
                _("A course or provider needs a status other than “no course yet”.")
            )
        return cleaned
