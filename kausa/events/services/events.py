"""Writes of events, formats, consent texts and evaluations. Each is one transaction, checks
access first and leaves one audit entry."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.core.access import require_configure, require_write, require_write_for_office
from kausa.core.audit import audit_log
from kausa.core.models import Office, User
from kausa.core.services import locate_by_postal_code, model_update
from kausa.events import audit_actions, notifications
from kausa.events.models import (
    EVENT_LANGUAGES,
    Event,
    EventConsentText,
    EventEvaluation,
    EventFormat,
    EventStatus,
    ParticipantKind,
    RegistrationStatus,
)
from kausa.partners.models import Partner

EVENT_FIELDS = (
    "event_format",
    "title",
    "description",
    "translations",
    "starts_at",
    "time_zone",
    "duration_minutes",
    "venue_name",
    "street",
    "postal_code",
    "place",
    "online_url",
    "audience",
    "languages",
    "interpreters",
    "capacity_young_people",
    "capacity_parents",
    "capacity_companies",
    "registration_opens_at",
    "registration_closes_at",
    "accessibility_notes",
    "travel_mode",
)
EDITABLE_STATUSES = (EventStatus.DRAFT, EventStatus.PUBLISHED, EventStatus.CLOSED)


def _derive(event: Event) -> None:
    if event.postal_code:
        locate_by_postal_code(event)
    else:
        event.district, event.latitude, event.longitude = None, None, None


def _schedule_errors(event: Event, *, is_new: bool) -> dict[str, str]:
    errors: dict[str, str] = {}
    now = timezone.now()
    if is_new and event.starts_at < now:
        errors["starts_at"] = _("The event would start in the past.")
    if event.duration_minutes < 1:
        errors["duration_minutes"] = _("The end must lie after the start.")
    opens, closes = event.registration_opens_at, event.registration_closes_at
    if closes is not None and closes > event.starts_at:
        errors["registration_closes_at"] = _("Registration must close before the event starts.")
    if opens is not None and closes is not None and opens >= closes:
        errors["registration_opens_at"] = _("Registration must open before it closes.")
    if not event.postal_code and not event.online_url:
        errors["postal_code"] = _("Give a postal code of the venue or a video link.")
    unknown = [code for code in event.languages if code not in EVENT_LANGUAGES]
    if unknown or not isinstance(event.translations, dict):
        errors["languages"] = _("Choose languages from the list.")
    return errors


def _capacity_errors(event: Event) -> dict[str, str]:
    """A capacity may not fall below the confirmed registrations of its audience."""
    errors: dict[str, str] = {}
    fields = {
        ParticipantKind.YOUNG_PERSON: "capacity_young_people",
        ParticipantKind.PARENT: "capacity_parents",
        ParticipantKind.COMPANY: "capacity_companies",
    }
    for kind, field in fields.items():
        capacity = getattr(event, field)
        if capacity is None or event.pk is None:
            continue
        confirmed = event.registrations.filter(
            kind=kind, status=RegistrationStatus.CONFIRMED
        ).count()
        if capacity < confirmed:
            errors[field] = _(
                "%(confirmed)s registrations are already confirmed: the capacity cannot be lower."
            ) % {"confirmed": confirmed}
    return errors


def _validate(event: Event, *, is_new: bool) -> None:
    if event.event_format.organisation_id != event.office.organisation_id:
        raise ValidationError({"event_format": _("Choose a format of your organisation.")})
    errors = _schedule_errors(event, is_new=is_new) | _capacity_errors(event)
    if errors:
        raise ValidationError(errors)
    try:
        _derive(event)
    except ValueError:
        raise ValidationError({"postal_code": _("The postal code is unknown.")}) from None


def _set_co_organisers(event: Event, partners: Sequence[Partner] | None) -> list[str]:
    if partners is None:
        return []
    if any(partner.organisation_id != event.office.organisation_id for partner in partners):
        raise ValidationError({"co_organisers": _("Choose partners of your organisation.")})
    current = set(event.co_organisers.values_list("pk", flat=True))
    if current == {partner.pk for partner in partners}:
        return []
    event.co_organisers.set(partners)
    return ["co_organisers"]


@transaction.atomic
def event_create(
    *,
    actor: User,
    office: Office,
    data: dict[str, Any],
    co_organisers: Sequence[Partner] = (),
) -> Event:
    """A new event of `office`, as a draft."""
    require_write_for_office(actor, office.pk)
    event = Event(office=office, created_by=actor, status=EventStatus.DRAFT)
    model_update(event, fields=EVENT_FIELDS, data=data)
    _validate(event, is_new=True)
    event.full_clean()
    event.save()
    _set_co_organisers(event, co_organisers)
    audit_log(actor=actor, action=audit_actions.EVENT_CREATED, obj=event, office=office)
    return event


@transaction.atomic
def event_update(
    *,
    actor: User,
    event: Event,
    data: dict[str, Any],
    co_organisers: Sequence[Partner] | None = None,
) -> Event:
    require_write(actor, event)
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status not in EDITABLE_STATUSES:
        raise ValidationError(_("A held or cancelled event can no longer be changed."))
    starts_before = event.starts_at
    changed = model_update(event, fields=EVENT_FIELDS, data=data)
    _validate(event, is_new="starts_at" in changed and event.starts_at != starts_before)
    event.full_clean()
    event.save()
    changed += _set_co_organisers(event, co_organisers)
    if changed:
        audit_log(
            actor=actor,
            action=audit_actions.EVENT_UPDATED,
            obj=event,
            office=event.office,
            changed_fields=changed,
        )
    return event


@transaction.atomic
def event_set_status(*, actor: User, event: Event, status: str) -> Event:
    """Move the event along draft → published → closed → held, or cancel it."""
    require_write(actor, event)
    event = Event.objects.select_for_update().get(pk=event.pk)
    if status not in event.next_statuses():
        raise ValidationError(_("This status change is not possible."))
    if status == EventStatus.HELD and event.starts_at > timezone.now():
        raise ValidationError(_("An event can be marked as held only once it has started."))
    if status == EventStatus.PUBLISHED and event.starts_at < timezone.now():
        raise ValidationError(_("An event in the past cannot be published."))
    event.status = status
    event.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=actor,
        action=audit_actions.EVENT_STATUS_CHANGED,
        obj=event,
        office=event.office,
        changed_fields=["status"],
    )
    if status == EventStatus.CANCELLED:
        # Everyone registered or waiting hears of it (after the commit, one mail each).
        live = event.registrations.exclude(status=RegistrationStatus.CANCELLED)
        for registration_id in live.values_list("pk", flat=True):
            transaction.on_commit(partial(notifications.send_event_cancelled, registration_id))
    return event


EVALUATION_FIELDS = (
    "visitors_without_registration",
    "companies_present",
    "feedback_good",
    "feedback_neutral",
    "feedback_poor",
)


@transaction.atomic
def evaluation_save(*, actor: User, event: Event, data: dict[str, Any]) -> EventEvaluation:
    """Counts after the event (no text about people); only for events that took place."""
    require_write(actor, event)
    if event.status != EventStatus.HELD:
        raise ValidationError(_("An evaluation can be recorded once the event was held."))
    evaluation, _created = EventEvaluation.objects.get_or_create(event=event)
    changed = model_update(evaluation, fields=EVALUATION_FIELDS, data=data)
    evaluation.full_clean()
    evaluation.save()
    audit_log(
        actor=actor,
        action=audit_actions.EVALUATION_SAVED,
        obj=evaluation,
        office=event.office,
        changed_fields=changed,
    )
    return evaluation


@transaction.atomic
def format_create(*, actor: User, name: str, kind: str) -> EventFormat:
    """A format of the organisation (an organisation setting: team leads and administrators)."""
    require_configure(actor)
    name = name.strip()
    if EventFormat.objects.filter(organisation_id=actor.organisation_pk, name=name).exists():
        raise ValidationError({"name": _("A format with this name exists already.")})
    event_format = EventFormat(organisation_id=actor.organisation_pk, name=name, kind=kind)
    event_format.full_clean()
    event_format.save()
    audit_log(actor=actor, action=audit_actions.FORMAT_CREATED, obj=event_format)
    return event_format


@transaction.atomic
def consent_text_create(*, actor: User, language: str, text: str) -> EventConsentText:
    """A new version of the consent text in `language`; registrations keep theirs."""
    require_configure(actor)
    if language not in EVENT_LANGUAGES:
        raise ValidationError({"language": _("Choose a language from the list.")})
    if not text.strip():
        raise ValidationError({"text": _("The text is empty.")})
    texts = EventConsentText.objects.select_for_update().filter(
        organisation_id=actor.organisation_pk, language=language
    )
    version = (texts.aggregate(last=Max("version"))["last"] or 0) + 1
    consent_text = EventConsentText.objects.create(
        organisation_id=actor.organisation_pk,
        language=language,
        version=version,
        text=text.strip(),
        created_by=actor,
    )
    audit_log(actor=actor, action=audit_actions.CONSENT_TEXT_CREATED, obj=consent_text)
    return consent_text
