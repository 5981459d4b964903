"""Forms of the sign-in and account pages. They validate input; the views do the rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.core.validators import MaxValueValidator
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kausa.accounts.mfa import normalize_code
from kausa.api.models import TokenScope
from kausa.core.models import User


class CodeForm(forms.Form):
    """A 6-digit code from the authenticator app or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def clean_code(self) -> str:
        code = normalize_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(_("Please enter a code."), code="empty")
        return code


class EnrollmentForm(CodeForm):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=32,
        help_text=_("Enter the 6-digit code your authenticator app shows now."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class ReauthenticationForm(forms.Form):
    """Confirm the password of the signed-in user; goes through the throttling backend."""

    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )

    def __init__(self, *args: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        user = authenticate(self.request, username=self.user.get_username(), password=password)
        if user is None or user.pk != self.user.pk:
            raise forms.ValidationError(_("The password is not correct."), code="invalid_password")
        return password


class EmailChangeForm(forms.Form):
    email = forms.EmailField(
        label=_("New email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip()
        if email.casefold() == self.user.email.casefold():
            raise forms.ValidationError(_("This is already your email address."), code="unchanged")
        return email


class ApiTokenForm(forms.Form):
    """A new personal access token: a name to recognise it, the scope and how long it lasts."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Reporting spreadsheet”."),
    )
    scope = forms.ChoiceField(label=_("Access"), widget=forms.RadioSelect)
    valid_days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, initial=90)

    def __init__(self, *args: Any, user: User, max_days: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Read-only colleagues are offered (and may choose) read tokens only.
        choices = [(TokenScope.READ.value, TokenScope.READ.label)]
        if user.can_write:
            choices.append((TokenScope.WRITE.value, TokenScope.WRITE.label))
        scope = self.fields["scope"]
        assert isinstance(scope, forms.ChoiceField)
        scope.choices = choices
        scope.initial = TokenScope.READ.value
        valid_days = self.fields["valid_days"]
        assert isinstance(valid_days, forms.IntegerField)
        valid_days.max_value = max_days
        valid_days.validators.append(MaxValueValidator(max_days))
        valid_days.widget.attrs["max"] = str(max_days)
        valid_days.help_text = _("At most %(max)d days.") % {"max": max_days}
