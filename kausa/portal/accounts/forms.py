"""Forms of portal accounts (public ones inherit BotCheckedForm) and of the office's
decision on a registration. They validate; the services write."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kausa.companies.models import Company
from kausa.core.forms import PostalCodeField
from kausa.portal.bots import BotCheckedForm

# Text that looks like markup (<b>, </x>, <!--, <?php): refused, so nobody stores HTML.
MARKUP = re.compile(r"<\s*[a-zA-Z/!?]|&#|&[a-zA-Z]+;")
PHONE = re.compile(r"^[0-9+()/ .-]{4,40}$")
TEXT_MAX = 200


def no_markup(value: str) -> None:
    if MARKUP.search(value or ""):
        raise forms.ValidationError(
            _("Please write plain text without the signs < and >."), code="markup"
        )


def _text(label: Any, max_length: int = TEXT_MAX, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        validators=[no_markup],
        error_messages={
            "max_length": _("This text is too long. Please use at most %(limit_value)d signs."),
            "required": _("Please fill in this field."),
        },
        **kwargs,
    )


def _email_field() -> forms.EmailField:
    return forms.EmailField(
        label=_("Email address"),
        max_length=254,
        error_messages={
            "invalid": _("Please enter a valid email address, for example name@firma.de."),
            "required": _("Please enter your email address."),
            "max_length": _("This email address is too long."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


def _password_field(label: Any, autocomplete: str, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        max_length=4096,
        help_text=help_text,
        error_messages={"required": _("Please enter a password.")},
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
    )


def _similarity_subject(*, email: str, name: str, company: str = "") -> Any:
    """An unsaved, in-memory stand-in with the fields Django's similarity validator reads
    (it never becomes a staff user: it is not saved)."""
    from kausa.core.models import User

    return User(username="", first_name=name[:150], last_name=company[:150], email=email)


class NewPasswordMixin(forms.Form):
    password = _password_field(
        _("Password"), "new-password", _("At least 12 signs. Use a sentence or several words.")
    )
    password_again = _password_field(_("Password again"), "new-password")

    def password_user(self) -> Any:
        """Who the password is for: it must not resemble their name or address."""
        return None

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        password = cleaned.get("password")
        again = cleaned.get("password_again")
        if password and again and password != again:
            self.add_error("password_again", _("The two passwords are not the same."))
        elif password:
            try:
                password_validation.validate_password(password, self.password_user())
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class RegisterForm(NewPasswordMixin, BotCheckedForm):
    company_name = _text(
        _("Name of the company"), widget=forms.TextInput(attrs={"autocomplete": "organization"})
    )
    postal_code = PostalCodeField(
        label=_("Postal code of the company"),
        error_messages={"required": _("Please enter the postal code.")},
    )
    contact_name = _text(
        _("Your name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = _email_field()
    phone = forms.CharField(
        label=_("Phone (optional)"),
        required=False,
        max_length=40,
        error_messages={"max_length": _("This phone number is too long.")},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "dir": "ltr"}),
    )
    privacy = forms.BooleanField(
        label=_("I have read the privacy notice. I agree that KAUSA stores my data."),
        error_messages={"required": _("Please agree to the privacy notice.")},
    )

    field_order = [
        "company_name",
        "postal_code",
        "contact_name",
        "email",
        "phone",
        "password",
        "password_again",
        "privacy",
    ]

    def password_user(self) -> Any:
        return _similarity_subject(
            email=str(self.cleaned_data.get("email") or ""),
            name=str(self.cleaned_data.get("contact_name") or ""),
            company=str(self.cleaned_data.get("company_name") or ""),
        )

    def clean_phone(self) -> str:
        phone = str(self.cleaned_data.get("phone") or "").strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(
                _("Please enter a phone number with digits only, for example 0391 123456.")
            )
        return phone


class LoginForm(BotCheckedForm):
    email = _email_field()
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=4096,
        error_messages={"required": _("Please enter your password.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["email", "password"]


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app (6 digits)"),
        max_length=12,
        error_messages={"required": _("Please enter the code.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr"}
        ),
    )

    def clean_code(self) -> str:
        code = re.sub(r"[\s-]+", "", str(self.cleaned_data.get("code") or ""))
        if not (len(code) == 6 and code.isdigit()):
            raise forms.ValidationError(_("The code has 6 digits."))
        return code


class ResetRequestForm(BotCheckedForm):
    email = _email_field()


class SetPasswordForm(NewPasswordMixin, BotCheckedForm):
    def __init__(self, *args: Any, account: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.account = account

    def password_user(self) -> Any:
        if self.account is None:
            return None
        return _similarity_subject(email=self.account.email, name=self.account.name)


# --- staff side -----------------------------------------------------------------------------


class LinkForm(forms.Form):
    """Link the registration to an existing company of the organisation."""

    company = forms.ModelChoiceField(
        queryset=Company.objects.none(),
        label=_("existing company"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose a company.")},
    )

    def __init__(
        self, *args: Any, queryset: QuerySet[Company], choices: list[Company], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["company"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset  # validation: any active company of the organisation
        field.widget.choices = [
            (company.pk, f"{company.name} · {company.postal_code} {company.place}")
            for company in choices
        ]


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("reason (sent to the company)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
