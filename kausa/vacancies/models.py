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


class VacancySource(models.TextChoices):
    MANUAL = "manual", _("entered by staff")
    BA = "ba", _("job agency (BA Jobsuche)")
    PORTAL = "portal", _("posted by the company")


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
    # Offers imported from the job agency (kausa.ba): what the import needs to stay idempotent.
    source = models.CharField(
        _("source"), max_length=10, choices=VacancySource.choices, default=VacancySource.MANUAL
    )
    ba_refnr = models.CharField(
        _("job agency reference number"), max_length=40, blank=True, editable=False
    )
    ba_link = models.URLField(_("link to the job agency's offer"), blank=True, editable=False)
    # The offer's modification time at the agency: unchanged offers need no detail request.
    ba_modified = models.CharField(max_length=40, blank=True, editable=False)
    # The region query ("39104/50") that last saw the offer: only it may count it as missing.
    ba_region = models.CharField(max_length=20, blank=True, editable=False)
    ba_missed_runs = models.PositiveSmallIntegerField(default=0, editable=False)
    # The import run that last listed the offer (runs count the places they did not see).
    ba_last_seen_run = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Hash of the imported values as last written: a difference means someone edited the place.
    ba_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    ba_manually_edited = models.BooleanField(
        _("edited after the import"), default=False, editable=False
    )

    class Meta:
        verbose_name = _("apprenticeship place")
        verbose_name_plural = _("apprenticeship places")
        ordering = ["start_date", "id"]
        indexes = [
            models.Index(fields=["status", "occupation"]),
            models.Index(fields=["ba_refnr"], name="vacancy_ba_refnr"),
            # The list in its order (the row id follows on SQLite): the first page is read
            # without sorting every place.
            models.Index(fields=["archived_at", "start_date"], name="vacancy_list_order"),
            # The start page's sum of open seats, read from the index alone.
            models.Index(
                fields=["status", "archived_at", "company", "seats"], name="vacancy_open_seats"
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(seats__gte=1), name="vacancy_seats_positive")
        ]

    def __str__(self) -> str:
        return f"{self.occupation} – {self.company}"

    @property
    def owning_organisation_id(self) -> int | None:
        """A place belongs to its company's organisation."""
        return self.company.organisation_id
