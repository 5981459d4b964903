"""Apprenticeship places (Ausbildungsplätze) offered by companies."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kausa.companies.models import Company
from kausa.core.choices import GermanLevel, SchoolCertificate
from kausa.core.models import ArchivableRecord, District, Occupation


class VacancyStatus(models.TextChoices):
    OPEN = "open", _("open")
    FILLED = "filled", _("filled")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Vacancy(ArchivableRecord):
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="vacancies", verbose_name=_("company")
    )
    occupation = models.ForeignKey(
        Occupation, on_delete=models.PROTECT, related_name="+", verbose_name=_("occupation")
    )
    seats = models.PositiveSmallIntegerField(_("seats"))
    start_date = models.DateField(_("start date"))
    postal_code = models.CharField(_("postal code of the workplace"), max_length=5)
    place = models.CharField(_("place"), max_length=120)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    required_school_certificate = models.PositiveSmallIntegerField(
        _("required school certificate"),
        choices=SchoolCertificate.choices,
        default=SchoolCertificate.NONE,
    )
    required_german_level = models.PositiveSmallIntegerField(
        _("required German level"), choices=GermanLevel.choices, default=GermanLevel.NONE
    )
    requires_driving_licence = models.BooleanField(_("driving licence required"), default=False)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=VacancyStatus.choices, default=VacancyStatus.OPEN
    )

    class Meta:
        verbose_name = _("apprenticeship place")
        verbose_name_plural = _("apprenticeship places")
        ordering = ["start_date", "id"]
        indexes = [models.Index(fields=["status", "occupation"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(seats__gte=1), name="vacancy_seats_positive")
        ]

    def __str__(self) -> str:
        return f"{self.occupation} – {self.company}"

    @property
    def owning_organisation_id(self) -> int | None:
        """A place belongs to its company's organisation."""
        return self.company.organisation_id
