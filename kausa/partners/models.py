"""The regional network: partners that people and companies are referred to."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kausa.core.models import ArchivableRecord, ContactPerson, District, Organisation


class PartnerType(models.TextChoices):
    IHK = "ihk", _("Chamber of industry and commerce (IHK)")
    HWK = "hwk", _("Chamber of crafts (HWK)")
    OTHER_CHAMBER = "other_chamber", _("Other chamber")
    EMPLOYMENT_AGENCY = "employment_agency", _("Employment agency (Agentur für Arbeit)")
    JOBCENTER = "jobcenter", _("Jobcenter")
    YOUTH_EMPLOYMENT_AGENCY = "youth_agency", _("Youth employment agency (Jugendberufsagentur)")
    MIGRATION_COUNSELLING = "migration_counselling", _("Migration counselling (MBE / JMD)")
    LANGUAGE_COURSE_PROVIDER = "language_courses", _("Language course provider")
    IQ_NETWORK = "iq_network", _("IQ network (recognition)")
    FOREIGNERS_OFFICE = "foreigners_office", _("Foreigners' office (Ausländerbehörde)")
    SCHOOL = "school", _("School")
    VOCATIONAL_SCHOOL = "vocational_school", _("Vocational school")
    MIGRANT_ORGANISATION = "migrant_organisation", _("Migrant organisation")
    WELFARE = "welfare", _("Welfare organisation")
    MUNICIPALITY = "municipality", _("Municipality / district administration")
    OTHER = "other", _("Other")


class Topic(models.Model):
    """A counselling topic partners can help with (configurable list)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Partner(ArchivableRecord):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="partners",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    partner_type = models.CharField(_("type"), max_length=30, choices=PartnerType.choices)
    districts = models.ManyToManyField(
        District, related_name="+", verbose_name=_("districts served")
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="partners", verbose_name=_("topics")
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    place = models.CharField(_("place"), max_length=120, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)

    search_text = models.CharField(max_length=250, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("network partner")
        verbose_name_plural = _("network partners")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def owning_organisation_id(self) -> int | None:
        """Shared by the offices of the organisation: any writing member may change it."""
        return self.organisation_id

    @property
    def address_line(self) -> str:
        """Street, postal code and place on one line (the parts that are filled in)."""
        return " ".join(value for value in (self.street, self.postal_code, self.place) if value)


class PartnerContact(ContactPerson):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")

    class Meta(ContactPerson.Meta):
        pass
