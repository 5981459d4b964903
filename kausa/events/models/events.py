"""An event an office runs: its format, texts per language, time, place, audience, capacity
and the status it moves through."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kausa.core.models import District, Office, Organisation
from kausa.partners.models import Partner

# German is required; the others are optional translations of title and description.
EVENT_LANGUAGES = ("de", "en", "ar", "uk", "ru", "tr", "fa")


class EventKind(models.TextChoices):
    """What the software does differently for a format (route, rounds, two languages, jury)."""

    FAIR = "fair", _("Training fair / Ausbildungsforum")
    REGULARS_TABLE = "regulars_table", _("Regulars' table for entrepreneurs")
    BUS_TOUR = "bus_tour", _("Bus tour to training companies")
    JOBWALK = "jobwalk", _("JOBWALK")
    WORKSHOP = "workshop", _("Workshop for young people")
    PARENTS_EVENING = "parents_evening", _("Parents' evening")
    SPEED_DATING = "speed_dating", _("Apprenticeship speed dating")
    AWARD_CEREMONY = "award_ceremony", _("Award ceremony")
    OTHER = "other", _("Other")

    @classmethod
    def with_route(cls) -> frozenset[str]:
        return frozenset({cls.BUS_TOUR, cls.JOBWALK})


class EventFormat(models.Model):
    """A format an organisation runs ("Unternehmerstammtisch Magdeburg"); team leads add them."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="event_formats"
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    class Meta:
        verbose_name = _("event format")
        verbose_name_plural = _("event formats")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="event_format_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def owning_organisation_id(self) -> int | None:
        return self.organisation_id


class Audience(models.TextChoices):
    YOUNG_PEOPLE = "young_people", _("young people")
    PARENTS = "parents", _("parents")
    COMPANIES = "companies", _("companies")
    MIXED = "mixed", _("mixed")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    CLOSED = "closed", _("registration closed")
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


EVENT_STATUS_NEXT: dict[str, tuple[str, ...]] = {
    EventStatus.DRAFT: (EventStatus.PUBLISHED, EventStatus.CANCELLED),
    EventStatus.PUBLISHED: (EventStatus.CLOSED, EventStatus.HELD, EventStatus.CANCELLED),
    EventStatus.CLOSED: (EventStatus.PUBLISHED, EventStatus.HELD, EventStatus.CANCELLED),
    EventStatus.HELD: (),
    EventStatus.CANCELLED: (),
}


class TravelMode(models.TextChoices):
    WALKING = "walking", _("on foot")
    DRIVING = "driving", _("by bus or car")


class Event(models.Model):
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="events", verbose_name=_("office")
    )
    event_format = models.ForeignKey(
        EventFormat, on_delete=models.PROTECT, related_name="events", verbose_name=_("format")
    )
    title = models.CharField(_("title (German)"), max_length=200)
    description = models.TextField(_("description (German)"), blank=True)
    # {"en": {"title": "…", "description": "…"}, "ar": {…}}: optional translations.
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    time_zone = models.CharField(_("time zone"), max_length=40, default="Europe/Berlin")
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=120)
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    place = models.CharField(_("place"), max_length=120, blank=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    # Shown only to staff and to registered participants, never in the feed or public lists.
    online_url = models.URLField(_("video link"), blank=True)
    co_organisers = models.ManyToManyField(
        Partner, blank=True, related_name="events", verbose_name=_("co-organising partners")
    )
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    interpreters = models.CharField(_("interpreters"), max_length=200, blank=True)
    # None: no limit for that audience.
    capacity_young_people = models.PositiveIntegerField(
        _("places for young people"), null=True, blank=True
    )
    capacity_parents = models.PositiveIntegerField(_("places for parents"), null=True, blank=True)
    capacity_companies = models.PositiveIntegerField(
        _("places for companies"), null=True, blank=True
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    accessibility_notes = models.TextField(_("accessibility"), blank=True)
    travel_mode = models.CharField(
        _("travel between stops"),
        max_length=10,
        choices=TravelMode.choices,
        default=TravelMode.WALKING,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["office", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def owning_office_id(self) -> int | None:
        """The organising office runs the event and alone sees its participants."""
        return self.office_id

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    @property
    def kind(self) -> str:
        return self.event_format.kind

    def next_statuses(self) -> tuple[str, ...]:
        return EVENT_STATUS_NEXT[self.status]

    def text_in(self, language: str) -> tuple[str, str]:
        """Title and description in `language`, German where no translation exists."""
        texts = self.translations.get(language) if language != "de" else None
        if isinstance(texts, dict) and texts.get("title"):
            return str(texts["title"]), str(texts.get("description", ""))
        return self.title, self.description

    def capacity_for(self, kind: str) -> int | None:
        return {
            "young_person": self.capacity_young_people,
            "parent": self.capacity_parents,
            "company": self.capacity_companies,
        }.get(kind)


class EventEvaluation(models.Model):
    """A short evaluation after the event: counts only, nothing about single people."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="evaluation")
    visitors_without_registration = models.PositiveIntegerField(
        _("visitors without registration"), default=0
    )
    companies_present = models.PositiveIntegerField(_("companies present"), default=0)
    feedback_good = models.PositiveIntegerField(_("feedback: good"), default=0)
    feedback_neutral = models.PositiveIntegerField(_("feedback: neutral"), default=0)
    feedback_poor = models.PositiveIntegerField(_("feedback: poor"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("event evaluation")
        verbose_name_plural = _("event evaluations")

    def __str__(self) -> str:
        return str(self.event)

    @property
    def owning_office_id(self) -> int | None:
        return self.event.office_id
