"""Companies (Betriebe) that train or could train; shared by the offices of one organisation."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kausa.core.choices import LANGUAGES, CompanySize, Sector
from kausa.core.models import ArchivableRecord, ContactPerson, District, Occupation, Organisation


class TrainingStatus(models.TextChoices):
    NOT_TRAINING = "not_training", _("not yet training")
    IN_PREPARATION = "in_preparation", _("in preparation")
    AUTHORISED = "authorised", _("authorised training company")


class CompanySource(models.TextChoices):
    MANUAL = "manual", _("entered by staff")
    BA = "ba", _("job agency (BA Jobsuche)")


class Company(ArchivableRecord):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="companies",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5)
    place = models.CharField(_("place"), max_length=120)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    size = models.CharField(_("size"), max_length=10, choices=CompanySize.choices)
    sector = models.CharField(_("sector"), max_length=1, choices=Sector.choices)
    migrant_led = models.BooleanField(_("migrant-led"), default=False)
    training_status = models.CharField(
        _("training status"),
        max_length=20,
        choices=TrainingStatus.choices,
        default=TrainingStatus.NOT_TRAINING,
    )
    competent_body = models.CharField(
        _("competent chamber"), max_length=5, choices=Occupation.CompetentBody.choices
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=CompanySource.choices, default=CompanySource.MANUAL
    )

    search_text = models.CharField(max_length=250, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def owning_organisation_id(self) -> int | None:
        """Shared by the offices of the organisation: any writing member may change it."""
        return self.organisation_id

    @property
    def is_sme(self) -> bool:
        return self.size != CompanySize.LARGE


class CompanyLanguage(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=3, choices=LANGUAGES)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["company", "language"], name="company_language_unique")
        ]

    def __str__(self) -> str:
        return self.get_language_display()


class CompanyContact(ContactPerson):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="contacts")

    class Meta(ContactPerson.Meta):
        pass
