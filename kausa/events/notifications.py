"""Mails to participants: confirmation (with the appointment as .ics), waiting list, moved up
from the waiting list, reminder; and the signed link that cancels a registration.

The registration services call the senders in `transaction.on_commit` with the id only, so a
mail never goes out for a change that was rolled back, and the worker can call them too.
Logs name the registration id, never a name or an address.
"""

from __future__ import annotations

import datetime
import enum
import html
import logging
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from kausa.events.ics import event_calendar, event_location, event_zone
from kausa.events.models import Event, EventStatus, Registration, RegistrationStatus

logger = logging.getLogger(__name__)

CANCEL_SALT = "kausa.events.cancel"
ICS_MIMETYPE = "text/calendar"


# --- the cancellation link ---


class TokenState(enum.Enum):
    VALID = "valid"
    EXPIRED = "expired"  # genuine, but the event has started
    INVALID = "invalid"  # forged, mangled, or the registration no longer exists


def cancellation_token(registration: Registration) -> str:
    """A signed registration id: nothing else, so the link gives nothing away. The same
    registration always gets the same token (confirmation and reminder carry one link)."""
    return signing.Signer(salt=CANCEL_SALT).sign(str(registration.pk))


def cancellation_url(registration: Registration) -> str:
    """The portal's cancel page in the participant's language (the staff-side address
    `events:cancel` keeps working for links sent before)."""
    with translation.override(mail_language(registration)):
        path = reverse("portal_events:cancel", args=[cancellation_token(registration)])
    return settings.SITE_URL.rstrip("/") + path


def resolve_cancellation_token(
    token: str, now: datetime.datetime | None = None
) -> tuple[Registration | None, TokenState]:
    """The registration a link names and whether it may still cancel (until the start)."""
    try:
        pk = int(signing.Signer(salt=CANCEL_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None, TokenState.INVALID
    registration = (
        Registration.objects.select_related("event", "event__office").filter(pk=pk).first()
    )
    if registration is None:
        return None, TokenState.INVALID
    if registration.event.starts_at <= (now or timezone.now()):
        return registration, TokenState.EXPIRED
    return registration, TokenState.VALID


def registration_for_token(token: str) -> Registration | None:
    """The registration of a valid link (also when it is cancelled already), else None."""
    registration, state = resolve_cancellation_token(token)
    return registration if state is TokenState.VALID else None


# --- whom and how ---


def recipient_address(registration: Registration) -> str:
    """The linked record's address (kept up to date by the office), else the one given."""
    for record in (registration.person, registration.guardian, registration.company):
        if record is not None and record.email:
            return str(record.email)
    return registration.email


def mail_language(registration: Registration) -> str:
    """The registration's language where the interface has a catalogue, German otherwise;
    the event's title and description still follow the registration's language."""
    available = {code for code, _name in settings.LANGUAGES}
    return registration.language if registration.language in available else "de"


def mail_refused() -> bool:
    """The console backend would print names and addresses into the server's output."""
    return settings.EMAIL_BACKEND.endswith("console.EmailBackend") and not settings.DEBUG


def event_when(event: Event) -> str:
    """Date and time in the event's time zone, in the active language's formats."""
    zone = event_zone(event)
    start = event.starts_at.astimezone(zone)
    end = event.ends_at.astimezone(zone)
    text = "{day}, {date}, {start}–{end}".format(
        day=formats.date_format(start, "l"),
        date=formats.date_format(start, "DATE_FORMAT"),
        start=formats.time_format(start, "TIME_FORMAT"),
        end=formats.time_format(end, "TIME_FORMAT"),
    )
    if event.time_zone != settings.TIME_ZONE:
        text = f"{text} ({event.time_zone})"
    return text


def waitlist_position(registration: Registration) -> int:
    """1 for the first in line for the same kind of place (capacity is per audience)."""
    waiting = (
        Registration.objects.filter(
            event_id=registration.event_id,
            kind=registration.kind,
            status=RegistrationStatus.WAITLISTED,
        )
        .order_by("waitlisted_at", "id")  # the order in which places are given
        .values_list("pk", flat=True)
    )
    order = list(waiting)
    return order.index(registration.pk) + 1 if registration.pk in order else len(order) + 1


def _render_text(template: str, context: dict[str, Any]) -> str:
    """A text template as a mail body. Templates escape for HTML also in .txt files; the body
    is text/plain, so the entities are turned back into the characters typed (escape, then
    unescape, gives the original text)."""
    text = html.unescape(str(render_to_string(template, context)))
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _context(registration: Registration, *, private_link: bool) -> dict[str, Any]:
    event = registration.event
    title, description = event.text_in(registration.language)
    office = event.office
    return {
        "name": registration.display_name,
        "title": " ".join(title.split()),  # also goes into the subject: one line
        "description": description,
        "when": event_when(event),
        "place": event_location(event),
        "online_url": event.online_url if private_link else "",
        "cancel_url": cancellation_url(registration),
        "office_name": office.name,
        "office_email": office.email,
        "office_phone": office.phone,
    }


def _load(registration_id: int) -> Registration | None:
    return (
        Registration.objects.select_related(
            "event", "event__office", "person", "guardian", "company"
        )
        .filter(pk=registration_id)
        .first()
    )


def _send(
    registration: Registration,
    *,
    kind: str,
    subject: str,
    template: str,
    context: dict[str, Any],
    with_calendar: bool,
) -> bool:
    address = recipient_address(registration)
    if not address:
        return False
    if mail_refused():
        logger.warning("events mail %s not sent: no mail server configured", kind)
        return False
    event = registration.event
    message = EmailMessage(
        subject=subject,
        body=_render_text(template, context),
        to=[address],
        reply_to=[event.office.email] if event.office.email else None,
    )
    if with_calendar:
        ics = event_calendar(event, include_private_link=True, language=registration.language)
        message.attach(f"event-{event.pk}.ics", ics.decode("utf-8"), ICS_MIMETYPE)
    message.send(fail_silently=False)
    logger.info("events mail %s sent for registration %s", kind, registration.pk)
    return True


def _upcoming(registration: Registration | None, status: str) -> Registration | None:
    """The registration if it still has `status` and its event still takes place."""
    if registration is None or registration.status != status:
        return None
    event = registration.event
    if event.status == EventStatus.CANCELLED or event.starts_at <= timezone.now():
        return None
    return registration


# --- the mails ---


def _reporting_failures(kind: str, deliver: Callable[[int], None], registration_id: int) -> None:
    """Called after the commit, the change is saved whatever happens to the mail: a mail server
    that is down must not turn it into an error page. Logged with the id and error type."""
    try:
        deliver(registration_id)
    except OSError as error:  # smtplib's errors and refused connections
        failure = type(error).__name__
        logger.error(
            "events mail %s for registration %s failed: %s", kind, registration_id, failure
        )


def send_registration_confirmed(registration_id: int) -> None:
    """After registering: the confirmation with the .ics, or the waiting-list notice."""
    _reporting_failures("confirmed", _deliver_confirmed, registration_id)


def send_moved_up(registration_id: int) -> None:
    """A place became free and the registration moved up: now confirmed, with the .ics."""
    _reporting_failures("moved_up", _deliver_moved_up, registration_id)


def send_reminder(registration_id: int) -> None:
    """The reminder a day or two before (the task uses `deliver_reminder`, which raises)."""
    _reporting_failures("reminder", deliver_reminder, registration_id)


def _mail(
    registration: Registration,
    kind: str,
    subject: Promise,
    *,
    private_link: bool,
    with_calendar: bool,
    **extra: Any,
) -> None:
    """One mail of `kind` (template `events/mail/<kind>.txt`) in the participant's language;
    `subject` is formatted with the event's title in that language."""
    with translation.override(mail_language(registration)):
        context = {**_context(registration, private_link=private_link), **extra}
        _send(
            registration,
            kind=kind,
            subject=str(subject) % {"title": context["title"]},
            template=f"events/mail/{kind}.txt",
            context=context,
            with_calendar=with_calendar,
        )


def _deliver_confirmed(registration_id: int) -> None:
    registration = _load(registration_id)
    if registration is not None and registration.status == RegistrationStatus.WAITLISTED:
        _send_waitlisted(registration)
        return
    registration = _upcoming(registration, RegistrationStatus.CONFIRMED)
    if registration is not None:
        subject = gettext_lazy("Registration confirmed: %(title)s")
        _mail(registration, "confirmed", subject, private_link=True, with_calendar=True)


def _send_waitlisted(registration: Registration) -> None:
    if _upcoming(registration, RegistrationStatus.WAITLISTED) is None:
        return
    # No video link: the person does not have a place yet.
    _mail(
        registration,
        "waitlisted",
        gettext_lazy("Waiting list: %(title)s"),
        private_link=False,
        with_calendar=False,
        position=waitlist_position(registration),
    )


def _deliver_moved_up(registration_id: int) -> None:
    registration = _upcoming(_load(registration_id), RegistrationStatus.CONFIRMED)
    if registration is not None:
        subject = gettext_lazy("A place became free: %(title)s")
        _mail(registration, "moved_up", subject, private_link=True, with_calendar=True)


def deliver_reminder(registration_id: int) -> None:
    """The reminder; a failure to send raises, so the task can try again next time."""
    registration = _upcoming(_load(registration_id), RegistrationStatus.CONFIRMED)
    if registration is not None:
        subject = gettext_lazy("Reminder: %(title)s")
        _mail(registration, "reminder", subject, private_link=True, with_calendar=True)


def send_event_cancelled(registration_id: int) -> None:
    """The event was cancelled: every registered or waiting participant is told (with an .ics
    that marks the appointment cancelled, so calendars drop it)."""
    _reporting_failures("event_cancelled", _deliver_event_cancelled, registration_id)


def _deliver_event_cancelled(registration_id: int) -> None:
    registration = _load(registration_id)
    if registration is None or registration.status == RegistrationStatus.CANCELLED:
        return
    if registration.event.status != EventStatus.CANCELLED:
        return
    _mail(
        registration,
        "event_cancelled",
        gettext_lazy("Cancelled: %(title)s"),
        private_link=False,
        with_calendar=registration.status == RegistrationStatus.CONFIRMED,
    )
