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
from kausa.core.models import Organisation


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

    class Meta:
        verbose_name = _("portal account")
        verbose_name_plural = _("portal accounts")

    def __str__(self) -> str:
        return self.email

    def set_password(self, raw: str) -> None:
        self.password = make_password(raw)

    def check_password(self, raw: str) -> bool:
        return check_password(raw, self.password)
