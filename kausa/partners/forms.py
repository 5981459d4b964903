"""Forms for network partners. They validate; the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from kausa.core.forms import PostalCodeField, SafeModelMultipleChoiceField, SearchFilterForm
from kausa.core.models import District
from kausa.partners.models import Partner, PartnerType, Topic
from kausa.partners.services import PARTNER_FIELDS


class PartnerForm(forms.ModelForm[Partner]):
    """Validates a network partner; never saved itself (the services write)."""

    postal_code = PostalCodeField(label=_("postal code"), required=False)
    districts = forms.ModelMultipleChoiceField(
        queryset=District.objects.all(),
        label=_("districts served"),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        error_messages={"required": _("Choose at least one district the partner serves.")},
    )
    topics = SafeModelMultipleChoiceField(
        queryset=Topic.objects.all(),
        required=False,
        label=_("topics"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Partner
        fields = (*PARTNER_FIELDS, "districts", "topics")

    def partner_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PARTNER_FIELDS}

    @classmethod
    def initial_for(cls, partner: Partner) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(partner, name) for name in PARTNER_FIELDS}
        initial["districts"] = list(partner.districts.values_list("pk", flat=True))
        initial["topics"] = list(partner.topics.values_list("pk", flat=True))
        return initial


class PartnerFilterForm(SearchFilterForm):
    partner_type = forms.ChoiceField(
        choices=[("", _("any")), *PartnerType.choices], required=False, label=_("type")
    )
    district = forms.ModelChoiceField(
        queryset=District.objects.all(), required=False, label=_("district served")
    )
    topic = forms.ModelChoiceField(queryset=Topic.objects.all(), required=False, label=_("topic"))


class TopicForm(forms.Form):
    """A new counselling topic; the name must be new (also as its code)."""

    name = forms.CharField(label=_("New topic"), max_length=120)

    def clean_name(self) -> str:
        name = str(self.cleaned_data["name"]).strip()
        code = slugify(name)[:50]
        if not code:
            raise forms.ValidationError(_("Enter a name with letters or digits."))
        if (
            Topic.objects.filter(code=code).exists()
            or Topic.objects.filter(name__iexact=name).exists()
        ):
            raise forms.ValidationError(_("This topic exists already."))
        return name
