"""Requests for counselling sent through the portal.

An enquiry waits (`pending`) until the visitor confirms their email address; a young person
under 16 then also waits for a parent's consent (`awaiting_parent`). Only then does it become
a person of the office responsible for the postal code and an `open` request on that
office's start page. Names, contact details and the question are encrypted at rest.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kausa.core.choices import GermanLevel
from kausa.core.fields import EncryptedTextField
from kausa.core.models import District, Office, Organisation

CONSENT_LANGUAGES = [(code, name) for code, name in settings.LANGUAGES]


class EnquiryConsentText(models.Model):
    """The consent text of the request form, versioned per language. An enquiry keeps the
    version it was given under; a new version never changes old enquiries."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="enquiry_consent_texts"
    )
    language = models.CharField(_("language"), max_length=3, choices=CONSENT_LANGUAGES)
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"))
    valid_from = models.DateField(_("valid from"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consent text of the request form")
        verbose_name_plural = _("consent texts of the request form")
        ordering = ["language", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "language", "version"], name="enquiry_consent_text_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.language} v{self.version}"

    @property
    def owning_organisation_id(self) -> int | None:
        return self.organisation_id

    @property
    def version_label(self) -> str:
        """What the consent record keeps: "portal-enquiry-ar-v2"."""
        return f"portal-enquiry-{self.language}-v{self.version}"


class EnquiryStatus(models.TextChoices):
    PENDING = "pending", _("waiting for the email confirmation")
    AWAITING_PARENT = "awaiting_parent", _("waiting for the parent's consent")
    OPEN = "open", _("new")
    IN_PROGRESS = "in_progress", _("in progress")
    CLOSED = "closed", _("closed")


# What staff see: the enquiry became a person of their office.
STAFF_VISIBLE = (EnquiryStatus.OPEN, EnquiryStatus.IN_PROGRESS, EnquiryStatus.CLOSED)


class EnquiryOutcome(models.TextChoices):
    COUNSELLING = "counselling", _("counselling started")
    REFERRED = "referred", _("referred to another service")
    NO_CONTACT = "no_contact", _("no contact possible")
    NOT_NEEDED = "not_needed", _("no counselling needed")
    DUPLICATE = "duplicate", _("duplicate request")


class Enquiry(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EnquiryStatus.choices, default=EnquiryStatus.PENDING
    )
    language = models.CharField(_("language of the visitor"), max_length=3)
    first_name = EncryptedTextField(_("first name"))
    last_name = EncryptedTextField(_("last name"))
    email = EncryptedTextField(_("email"))
    phone = EncryptedTextField(_("phone"), blank=True)
    lives_abroad = models.BooleanField(_("lives abroad"), default=False)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    birth_year = models.PositiveSmallIntegerField(_("year of birth"))
    languages = models.JSONField(_("languages"), default=list, blank=True)
    german_level = models.PositiveSmallIntegerField(
        _("German level"), choices=GermanLevel.choices, default=GermanLevel.NONE
    )
    # Primary keys of up to three occupations, in the order the visitor gave them.
    occupation_ids = models.JSONField(_("wishes"), default=list, blank=True)
    question = EncryptedTextField(_("question"), blank=True)
    place = models.ForeignKey(
        "vacancies.Vacancy",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("apprenticeship place asked about"),
    )
    consent_text = models.ForeignKey(
        EnquiryConsentText,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("consent text"),
    )
    needs_parent = models.BooleanField(_("needs a parent's consent"), default=False)
    parent_email = EncryptedTextField(_("email of the parent"), blank=True)
    parent_name = EncryptedTextField(_("name of the parent"), blank=True)
    parent_consented_at = models.DateTimeField(_("parent agreed at"), null=True, blank=True)

    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("email confirmed at"), null=True, blank=True)
    opened_at = models.DateTimeField(_("received at"), null=True, blank=True)
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("office"),
    )
    # Erasing the person erases the request with its data (counselling.person_erase).
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("taken over by"),
    )
    taken_at = models.DateTimeField(_("taken over at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=EnquiryOutcome.choices, blank=True
    )

    class Meta:
        verbose_name = _("counselling request")
        verbose_name_plural = _("counselling requests")
        ordering = ["-opened_at", "-id"]
        indexes = [
            # the start page card and the list: one office's requests of one status, newest first
            models.Index(fields=["office", "status", "opened_at"], name="enquiry_office_status"),
            models.Index(fields=["organisation", "status", "opened_at"], name="enquiry_org_status"),
            # the clean-up of requests whose links ran out
            models.Index(fields=["status", "created_at"], name="enquiry_status_created"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return str(self)

    @property
    def owning_office_id(self) -> int | None:
        return self.office_id
