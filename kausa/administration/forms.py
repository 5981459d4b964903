"""Forms of the administration pages; the rules themselves live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kausa.core.forms import PostalCodeField, SafeModelMultipleChoiceField
from kausa.core.models import District, Office, Role, User


def role_choices(actor: User) -> list[tuple[str, Any]]:
    """Team leads cannot hand out the administrator role."""
    return [
        (value, label)
        for value, label in Role.choices
        if value != Role.ADMIN or actor.role == Role.ADMIN
    ]


def _offices_of(actor: User) -> Any:
    return Office.objects.filter(organisation_id=actor.organisation_pk).order_by("name")


class OfficeForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=200)
    district = forms.ModelChoiceField(
        queryset=District.objects.all(),
        label=_("seat (district)"),
        error_messages={"required": _("Choose the district the office is located in.")},
    )
    districts_served = SafeModelMultipleChoiceField(
        queryset=District.objects.all(),
        label=_("districts served"),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Requests from these districts go to this office."),
        error_messages={"required": _("Choose at least one district the office serves.")},
    )
    email = forms.EmailField(label=_("email"), required=False)
    phone = forms.CharField(label=_("phone"), max_length=40, required=False)
    street = forms.CharField(label=_("street and number"), max_length=200, required=False)
    postal_code = PostalCodeField(label=_("postal code"), required=False)
    place = forms.CharField(label=_("place"), max_length=100, required=False)
    opening_hours = forms.CharField(
        label=_("opening hours"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Short, e.g. “Mon–Thu 9–16, Fri 9–12”."),
    )

    @classmethod
    def initial_for(cls, office: Office) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(office, name) for name in cls.base_fields if name != "districts_served"
        }
        initial["districts_served"] = list(office.districts_served.values_list("pk", flat=True))
        return initial


class _OfficeAndRoleForm(forms.Form):
    """An office and a role, offered as far as the acting user may give them."""

    office = forms.ModelChoiceField(
        queryset=Office.objects.none(), label=_("office"), required=False
    )
    role = forms.ChoiceField(label=_("role"))

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        office_field = self.fields["office"]
        assert isinstance(office_field, forms.ModelChoiceField)
        office_field.queryset = _offices_of(actor)
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = role_choices(actor)


class InviteForm(_OfficeAndRoleForm):
    first_name = forms.CharField(label=_("first name"), max_length=150)
    last_name = forms.CharField(label=_("last name"), max_length=150)
    email = forms.EmailField(label=_("email"), max_length=150)
    field_order = ["first_name", "last_name", "email", "office", "role"]


class RoleForm(_OfficeAndRoleForm):
    field_order = ["role", "office"]


class MfaResetForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. “phone lost”. Kept with the account, visible to administrators."),
        error_messages={"required": _("Give a reason for the reset.")},
    )
