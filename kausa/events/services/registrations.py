"""Registrations: consent, the waiting list with automatic move-up, cancellation, check-in
and walk-ins; and the contacts made at an event (with proposals and next steps from them).

Staff call these with `actor`; the public registration page and a cancellation link call them
with `actor=None` (the event must then be open to the public). Mails go out after commit.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.companies.models import Company
from kausa.core.access import require_write
from kausa.core.audit import audit_log
from kausa.core.models import User
from kausa.counselling.services.consents import age_on
from kausa.events import audit_actions, notifications
from kausa.events.ics import event_zone
from kausa.events.models import (
    Event,
    EventConsentText,
    EventContact,
    EventStatus,
    ParticipantKind,
    Registration,
    RegistrationSource,
    RegistrationStatus,
)
from kausa.people.models import Guardian, Person
from kausa.placements.models import Proposal
from kausa.placements.services import proposal_create
from kausa.vacancies.models import Vacancy

GUARDIAN_CONSENT_BELOW_AGE = 16


def current_consent_text(organisation_id: int, language: str) -> EventConsentText | None:
    """The newest consent text in `language`, else the newest German one."""
    texts = EventConsentText.objects.filter(organisation_id=organisation_id)
    return (
        texts.filter(language=language).order_by("-version").first()
        or texts.filter(language="de").order_by("-version").first()
    )


@dataclass(frozen=True)
class Participant:
    """Who registers: one record, or a name and contact (public registration, walk-in)."""

    kind: str
    person: Person | None = None
    guardian: Guardian | None = None
    company: Company | None = None
    name: str = ""
    email: str = ""
    phone: str = ""
    language: str = "de"
    # Known only by name (public registration): the age the person stated, as "under 16".
    under_16: bool = False


def _check_participant(event: Event, who: Participant) -> None:
    organisation_id = event.office.organisation_id
    records = [record for record in (who.person, who.guardian, who.company) if record is not None]
    if len(records) > 1 or (not records and not who.name.strip()):
        raise ValidationError(_("Register one participant at a time."))
    expected: dict[str, bool] = {
        ParticipantKind.YOUNG_PERSON: who.company is None and who.guardian is None,
        ParticipantKind.PARENT: who.person is None and who.company is None,
        ParticipantKind.COMPANY: who.person is None and who.guardian is None,
    }
    if not expected.get(who.kind, False):
        raise ValidationError(_("The participant does not fit the chosen audience."))
    owner = who.person or (who.guardian.person if who.guardian else None)
    if owner is not None and owner.office.organisation_id != organisation_id:
        raise ValidationError(_("This person belongs to another organisation."))
    if who.company is not None and who.company.organisation_id != organisation_id:
        raise ValidationError(_("This company belongs to another organisation."))


def _check_open(event: Event, now: datetime.datetime, *, walk_in: bool) -> None:
    if event.status == EventStatus.CANCELLED:
        raise ValidationError(_("The event was cancelled."))
    if walk_in:
        zone = event_zone(event)
        same_day = event.starts_at.astimezone(zone).date() == now.astimezone(zone).date()
        if not same_day and event.status != EventStatus.HELD:
            raise ValidationError(_("Walk-ins are recorded on the day of the event."))
        return
    if event.status != EventStatus.PUBLISHED:
        raise ValidationError(_("Registration for this event is closed."))
    if event.starts_at <= now:
        raise ValidationError(_("The event has already started: registration is closed."))
    if event.registration_opens_at and now < event.registration_opens_at:
        raise ValidationError(_("Registration for this event has not opened yet."))
    if event.registration_closes_at and now > event.registration_closes_at:
        raise ValidationError(_("Registration for this event is closed."))


def _check_duplicate(event: Event, who: Participant) -> None:
    live = event.registrations.exclude(status=RegistrationStatus.CANCELLED)
    taken = (
        (who.person is not None and live.filter(person=who.person).exists())
        or (who.guardian is not None and live.filter(guardian=who.guardian).exists())
        or (who.company is not None and live.filter(company=who.company).exists())
        or (
            bool(who.email)
            and live.filter(email__iexact=who.email, name__iexact=who.name.strip()).exists()
        )
    )
    if taken:
        raise ValidationError(_("This participant is already registered for the event."))


def _needs_guardian_consent(event: Event, who: Participant) -> bool:
    if who.under_16 and who.kind == ParticipantKind.YOUNG_PERSON:
        return True
    birth_date = who.person.birth_date if who.person is not None else None
    if birth_date is None:
        return False
    event_day = event.starts_at.astimezone(event_zone(event)).date()
    return age_on(birth_date, event_day) < GUARDIAN_CONSENT_BELOW_AGE


def _has_room(event: Event, kind: str) -> bool:
    capacity = event.capacity_for(kind)
    if capacity is None:
        return True
    confirmed = event.registrations.filter(kind=kind, status=RegistrationStatus.CONFIRMED)
    return confirmed.count() < capacity


@transaction.atomic
def registration_create(
    *,
    actor: User | None,
    event: Event,
    who: Participant,
    consent: bool,
    guardian_consent_name: str = "",
    source: str = RegistrationSource.STAFF,
    consent_language: str | None = None,
) -> Registration:
    """Register `who`: confirmed while there is room for their audience, else on the waiting
    list. Consent to the event's processing (the current text in their language) is required,
    and for young people under 16 also a parent's or guardian's."""
    if actor is not None:
        require_write(actor, event)
    # The row lock serialises registrations of one event, so the last place goes once.
    event = Event.objects.select_for_update().select_related("office").get(pk=event.pk)
    now = timezone.now()
    walk_in = source == RegistrationSource.WALK_IN
    _check_open(event, now, walk_in=walk_in)
    _check_participant(event, who)
    _check_duplicate(event, who)
    # The text the participant was shown (the portal page's language), else their own.
    consent_text = current_consent_text(
        event.office.organisation_id, consent_language or who.language
    )
    if consent_text is None:
        raise ValidationError(
            _("There is no consent text for events yet: a team lead adds one first.")
        )
    if not consent:
        raise ValidationError({"consent": _("Registration needs consent to the event's terms.")})
    if _needs_guardian_consent(event, who) and not guardian_consent_name.strip():
        raise ValidationError(
            {"guardian_consent_name": _("Under 16: name the parent or guardian who consented.")}
        )
    room = walk_in or _has_room(event, who.kind)
    registration = Registration.objects.create(
        event=event,
        kind=who.kind,
        person=who.person,
        guardian=who.guardian,
        company=who.company,
        name=who.name.strip(),
        email=who.email.strip(),
        phone=who.phone.strip(),
        language=who.language,
        status=RegistrationStatus.CONFIRMED if room else RegistrationStatus.WAITLISTED,
        waitlisted_at=None if room else now,
        source=source,
        consent_text=consent_text,
        consented_at=now,
        guardian_consent_name=guardian_consent_name.strip(),
        guardian_consent_at=now if guardian_consent_name.strip() else None,
        checked_in_at=now if walk_in else None,
        registered_by=actor,
    )
    audit_log(actor=actor, action=audit_actions.REGISTERED, obj=registration, office=event.office)
    if not walk_in:
        transaction.on_commit(lambda: notifications.send_registration_confirmed(registration.pk))
    return registration


def waitlist_position(registration: Registration) -> int | None:
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = registration.event.registrations.filter(
        kind=registration.kind,
        status=RegistrationStatus.WAITLISTED,
        waitlisted_at__lt=registration.waitlisted_at,
    )
    return ahead.count() + 1


def _move_up(event: Event, kind: str, actor: User | None) -> list[Registration]:
    """Confirm the longest-waiting registrations of `kind` while there is room."""
    moved = []
    while _has_room(event, kind):
        waiting = (
            event.registrations.filter(kind=kind, status=RegistrationStatus.WAITLISTED)
            .order_by("waitlisted_at", "id")
            .first()
        )
        if waiting is None:
            break
        waiting.status = RegistrationStatus.CONFIRMED
        waiting.moved_up_at = timezone.now()
        waiting.save(update_fields=["status", "moved_up_at"])
        audit_log(actor=actor, action=audit_actions.MOVED_UP, obj=waiting, office=event.office)
        transaction.on_commit(partial(notifications.send_moved_up, waiting.pk))
        moved.append(waiting)
    return moved


@transaction.atomic
def registration_cancel(
    *, actor: User | None, registration: Registration, via_link: bool = False
) -> list[Registration]:
    """Cancel (staff, or the participant by the signed link) and move up the waiting list;
    returns the registrations that moved up."""
    if actor is not None:
        require_write(actor, registration)
    elif not via_link:
        raise ValidationError(_("Only the office or the participant can cancel."))
    event = Event.objects.select_for_update().select_related("office").get(pk=registration.event_id)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        raise ValidationError(_("This registration was cancelled already."))
    if event.status in (EventStatus.HELD, EventStatus.CANCELLED):
        raise ValidationError(_("The event is over: registrations no longer change."))
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    audit_log(
        actor=actor,
        action=audit_actions.REGISTRATION_CANCELLED,
        obj=registration,
        office=event.office,
    )
    return _move_up(event, registration.kind, actor)


@transaction.atomic
def registration_check_in(*, actor: User, registration: Registration, present: bool) -> None:
    """Mark a confirmed participant present (or undo it) on the day."""
    require_write(actor, registration)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(_("Only confirmed participants can be checked in."))
    if present == (registration.checked_in_at is not None):
        return  # a second tap on a tablet changes nothing
    registration.checked_in_at = timezone.now() if present else None
    registration.save(update_fields=["checked_in_at"])
    action = audit_actions.CHECKED_IN if present else audit_actions.CHECK_IN_UNDONE
    audit_log(actor=actor, action=action, obj=registration, office=registration.event.office)


def _registered(event: Event, person: Person, company: Company) -> bool:
    live = event.registrations.filter(status=RegistrationStatus.CONFIRMED)
    return live.filter(person=person).exists() and live.filter(company=company).exists()


@transaction.atomic
def contact_record(*, actor: User, event: Event, person: Person, company: Company) -> EventContact:
    """A young person met a company at the event (both took part)."""
    require_write(actor, event)
    if not _registered(event, person, company):
        raise ValidationError(_("Both the person and the company must be participants."))
    if EventContact.objects.filter(event=event, person=person, company=company).exists():
        raise ValidationError(_("This contact is recorded already."))
    contact = EventContact.objects.create(
        event=event, person=person, company=company, created_by=actor
    )
    audit_log(actor=actor, action=audit_actions.CONTACT_RECORDED, obj=contact, office=event.office)
    return contact


@transaction.atomic
def contact_remove(*, actor: User, contact: EventContact) -> None:
    require_write(actor, contact)
    audit_log(
        actor=actor, action=audit_actions.CONTACT_REMOVED, obj=contact, office=contact.event.office
    )
    contact.delete()


@transaction.atomic
def contact_propose(*, actor: User, contact: EventContact, vacancy: Vacancy) -> Proposal:
    """Propose the person for a place of the company they met; the proposal names the event."""
    require_write(actor, contact)
    if vacancy.company_id != contact.company_id:
        raise ValidationError(_("Choose a place of the company the person met."))
    proposal = proposal_create(actor=actor, person=contact.person, vacancy=vacancy)
    proposal.event = contact.event
    proposal.save(update_fields=["event"])
    return proposal


@transaction.atomic
def contact_follow_up(*, actor: User, contact: EventContact, due_on: datetime.date) -> None:
    """A next step on the person's open case: follow up the contact made at the event."""
    from kausa.counselling.models import Case
    from kausa.counselling.services.sessions import next_step_add

    require_write(actor, contact)
    case = (
        Case.objects.filter(person=contact.person, closed_at__isnull=True)
        .order_by("-opened_on")
        .first()
    )
    if case is None:
        raise ValidationError(_("The person has no open counselling case for the next step."))
    title = _("Follow up: %(company)s (met at %(event)s)") % {
        "company": contact.company.name,
        "event": contact.event.title,
    }
    next_step_add(actor=actor, case=case, title=title[:200], due_on=due_on, owner=actor)
