"""Who takes part: registrations (with consent, waiting list, check-in) and the contacts made
at an event (person × company), from which proposals and next steps follow."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kausa.companies.models import Company
from kausa.core.models import Organisation
from kausa.events.models.events import EVENT_LANGUAGES, Event
from kausa.people.models import Guardian, Person

LANGUAGE_CHOICES = [(code, code) for code in EVENT_LANGUAGES]


class EventConsentText(models.Model):
    """The consent text to an event's processing, versioned per language. A registration
    keeps the version it was given under; a new version never changes old registrations."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="event_consent_texts"
    )
    language = models.CharField(_("language"), max_length=3, choices=LANGUAGE_CHOICES)
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("event consent text")
        verbose_name_plural = _("event consent texts")
        ordering = ["language", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "language", "version"], name="event_consent_text_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.language} v{self.version}"

    @property
    def owning_organisation_id(self) -> int | None:
        return self.organisation_id


class ParticipantKind(models.TextChoices):
    """Matches the event's capacity per audience."""

    YOUNG_PERSON = "young_person", _("young person")
    PARENT = "parent", _("parent or guardian")
    COMPANY = "company", _("company")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    WAITLISTED = "waitlisted", _("waiting list")
    CANCELLED = "cancelled", _("cancelled")


class RegistrationSource(models.TextChoices):
    STAFF = "staff", _("by the office")
    PORTAL = "portal", _("online")
    WALK_IN = "walk_in", _("walk-in on the day")


class Registration(models.Model):
    """One participant of one event: a person, a parent, a company, or (from the portal or as a
    walk-in) someone known only by the name and contact given here."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    kind = models.CharField(_("participant"), max_length=20, choices=ParticipantKind.choices)
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="registrations"
    )
    guardian = models.ForeignKey(
        Guardian, on_delete=models.CASCADE, null=True, blank=True, related_name="registrations"
    )
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, null=True, blank=True, related_name="registrations"
    )
    # Without a record (portal, walk-in): the name and contact given at registration.
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("language for messages"), max_length=3, choices=LANGUAGE_CHOICES, default="de"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.CONFIRMED,
    )
    source = models.CharField(
        _("registered"),
        max_length=10,
        choices=RegistrationSource.choices,
        default=RegistrationSource.STAFF,
    )
    consent_text = models.ForeignKey(
        EventConsentText, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    consented_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    # Under 16: who of the parents or guardians consented, and when.
    guardian_consent_name = models.CharField(
        _("consent given by (parent or guardian)"), max_length=200, blank=True
    )
    guardian_consent_at = models.DateTimeField(null=True, blank=True)
    # Speed dating: rounds the participant cannot attend (numbers from 0).
    unavailable_rounds = models.JSONField(default=list, blank=True)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    moved_up_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        constraints = [
            # A participant holds one live registration per event (cancelled ones may repeat).
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=Q(person__isnull=False) & ~Q(status="cancelled"),
                name="registration_unique_person",
            ),
            models.UniqueConstraint(
                fields=["event", "guardian"],
                condition=Q(guardian__isnull=False) & ~Q(status="cancelled"),
                name="registration_unique_guardian",
            ),
            models.UniqueConstraint(
                fields=["event", "company"],
                condition=Q(company__isnull=False) & ~Q(status="cancelled"),
                name="registration_unique_company",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False)
                | Q(guardian__isnull=False)
                | Q(company__isnull=False)
                | ~Q(name=""),
                name="registration_names_someone",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "kind"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def owning_office_id(self) -> int | None:
        return self.event.office_id

    @property
    def display_name(self) -> str:
        if self.person_id is not None and self.person is not None:
            return self.person.full_name
        if self.guardian_id is not None and self.guardian is not None:
            return self.guardian.full_name
        if self.company_id is not None and self.company is not None:
            return self.company.name
        return self.name

    @property
    def is_live(self) -> bool:
        return self.status != RegistrationStatus.CANCELLED


class ContactSource(models.TextChoices):
    MANUAL = "manual", _("recorded by the office")
    SPEED_DATING = "speed_dating", _("speed dating round")


class EventContact(models.Model):
    """A young person met a company at an event. Proposals and next steps follow from it;
    speed dating meetings are contacts with a round and a table."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="contacts")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="event_contacts")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="event_contacts")
    source = models.CharField(
        _("source"), max_length=20, choices=ContactSource.choices, default=ContactSource.MANUAL
    )
    round = models.PositiveSmallIntegerField(_("round"), null=True, blank=True)
    table = models.PositiveSmallIntegerField(_("table"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("event contact")
        verbose_name_plural = _("event contacts")
        ordering = ["round", "table", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person", "company"], name="event_contact_unique_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} × {self.company}"

    @property
    def owning_office_id(self) -> int | None:
        return self.event.office_id
