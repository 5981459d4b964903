"""Portal accounts: companies' users, apart from staff accounts (kausa.core.User).

An account never becomes a Django user, so it cannot pass any staff check; its session key is
its own (kausa.portal.session). It belongs to one organisation (the portal's) and, once the
office has confirmed the company's registration, to one company.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import models
from django.utils.translation import gettext_lazy as _

from kausa.companies.models import Company
from kausa.core.fields import EncryptedTextField
from kausa.core.models import Organisation, User


class PortalAccountKind(models.TextChoices):
    COMPANY = "company", _("company user")


class PortalAccount(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=PortalAccountKind.choices, default="company"
    )
    email = models.EmailField(_("email"), unique=True)
    password = models.CharField(_("password"), max_length=128)
    name = models.CharField(_("name"), max_length=150)
    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="portal_accounts",
        verbose_name=_("company"),
    )
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="de"
    )
    email_verified_at = models.DateTimeField(_("email confirmed at"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("last sign-in"), null=True, blank=True)
    # The authenticator app (TOTP): the key (hex), encrypted at rest; set while enabling,
    # in use once `totp_enabled_at` is set. `totp_last_step` refuses a code used twice.
    totp_secret = EncryptedTextField(_("authenticator key"), blank=True, default="")
    totp_enabled_at = models.DateTimeField(_("authenticator enabled at"), null=True, blank=True)
    totp_last_step = models.BigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("portal account")
        verbose_name_plural = _("portal accounts")

    def __str__(self) -> str:
        return self.email

    def set_password(self, raw: str) -> None:
        self.password = make_password(raw)

    def check_password(self, raw: str) -> bool:
        return check_password(raw, self.password)

    @property
    def totp_enabled(self) -> bool:
        return self.totp_enabled_at is not None and bool(self.totp_secret)


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("waiting for the office")
    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("rejected")


class CompanyRegistration(models.Model):
    """A company's registration on the portal, until the office confirms it and links the
    account to a company of the registry (an existing one, or a new one)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    account = models.ForeignKey(
        PortalAccount,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("portal account"),
    )
    company_name = models.CharField(_("company name"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=5)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.PENDING,
    )
    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("company"),
    )
    decided_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("company registration")
        verbose_name_plural = _("company registrations")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.company_name

    @property
    def owning_organisation_id(self) -> int | None:
        """Shared by the offices of the organisation: any writing member decides."""
        return self.organisation_id
