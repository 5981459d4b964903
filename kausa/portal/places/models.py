"""Which apprenticeship places the portal shows: a place appears publicly only once the office
has approved it (a company's own place) or published it (a place staff entered)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kausa.vacancies.models import Vacancy


class PublicationStatus(models.TextChoices):
    PENDING = "pending", _("waiting for the office's approval")
    APPROVED = "approved", _("shown on the portal")
    REJECTED = "rejected", _("not approved")
    WITHDRAWN = "withdrawn", _("taken off the portal")


class PlacePublication(models.Model):
    vacancy = models.OneToOneField(
        Vacancy, on_delete=models.CASCADE, related_name="publication", verbose_name=_("place")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PublicationStatus.choices, db_index=True
    )
    requested_by = models.ForeignKey(
        "portal_accounts.PortalAccount",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by (company user)"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("publication of a place")
        verbose_name_plural = _("publications of places")

    def __str__(self) -> str:
        return f"{self.vacancy_id}: {self.status}"

    @property
    def organisation_id(self) -> int:
        """The organisation of the place's company (audit entries are filed under it)."""
        return int(self.vacancy.company.organisation_id)

    @property
    def owning_organisation_id(self) -> int:
        """Shared by the organisation's offices, like the place itself (kausa.core.access)."""
        return self.organisation_id
