"""Factories for events (built on the core factories)."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from kausa.core.tests.factories import OfficeFactory, OrganisationFactory
from kausa.events.models import (
    Audience,
    Event,
    EventFormat,
    EventKind,
    EventStatus,
    ParticipantKind,
    Registration,
    RegistrationStatus,
)


class EventFormatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventFormat
        django_get_or_create = ("organisation", "name")

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Ausbildungsforum {n}")
    kind = EventKind.FAIR


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    office = factory.SubFactory(OfficeFactory)
    event_format = factory.LazyAttribute(
        lambda event: EventFormatFactory(organisation=event.office.organisation)
    )
    title = factory.Sequence(lambda n: f"Ausbildungsforum Magdeburg {n}")
    description = "Betriebe aus der Region stellen ihre Ausbildungsplätze vor."
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + datetime.timedelta(days=14)).replace(
            hour=9, minute=0, second=0, microsecond=0
        )
    )
    duration_minutes = 180
    venue_name = "Rathaus"
    postal_code = "39104"
    place = "Magdeburg"
    audience = Audience.MIXED
    languages = factory.LazyFunction(lambda: ["de", "ar"])
    status = EventStatus.PUBLISHED


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    kind = ParticipantKind.YOUNG_PERSON
    status = RegistrationStatus.CONFIRMED
