"""Forms of the my-data pages (portal) and of the office's decision (staff)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kausa.portal.bots import BotCheckedForm
from kausa.portal.mydata.models import DataRequestKind
from kausa.portal.mydata.services import MESSAGE_MAX_LENGTH


class LinkRequestForm(BotCheckedForm):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        help_text=_("The address you gave the KAUSA office."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
        error_messages={
            "required": _("Please enter your email address."),
            "invalid": _("Please enter a valid email address, for example name@example.org."),
        },
    )


class DataRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you want?"),
        choices=DataRequestKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose what you want.")},
    )
    message = forms.CharField(
        label=_("Message to the office (optional)"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": _("Please write at most %(limit_value)d characters."),
        },
    )
