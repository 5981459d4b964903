"""My data: the one-time link by email, the person's own consent withdrawal, and requests
for an export or an erasure, which only the office carries out.

A link is a signed (link id, nonce) pair that expires after an hour; the row stores only a
hash of the nonce and is marked used when the link is opened, so it works once. Requests
never change or delete anything by themselves: staff decide them (services_staff.py, which
uses the staff app's export and erasure, kausa.counselling.services.data_rights).
"""

from __future__ import annotations

import datetime
import enum
import hashlib
import secrets
from functools import partial

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from kausa.core.audit import audit_log
from kausa.counselling import audit_actions as counselling_actions
from kausa.counselling.models import Consent
from kausa.people.models import Person
from kausa.portal.mydata import audit_actions, notifications
from kausa.portal.mydata.models import (
    AccessLink,
    DataRequest,
    DataRequestKind,
    DataRequestStatus,
)
from kausa.portal.tenancy import portal_organisation

LINK_SALT = "kausa.portal.mydata.link"
LINK_MAX_AGE_SECONDS = 60 * 60
# At most this many links per person and hour, whoever asks (no mail flood to one inbox).
LINKS_PER_PERSON_AND_HOUR = 3
MESSAGE_MAX_LENGTH = 2000


class LinkState(enum.Enum):
    VALID = "valid"
    EXPIRED = "expired"
    USED = "used"
    INVALID = "invalid"


def _hash(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


def people_for_email(email: str) -> list[Person]:
    """The portal organisation's current (not archived) people with this address."""
    organisation = portal_organisation()
    address = email.strip()
    if organisation is None or not address:
        return []
    return list(
        Person.objects.filter(
            email__iexact=address,
            archived_at__isnull=True,
            office__organisation=organisation,
        ).order_by("pk")
    )


def link_create(*, person: Person) -> str | None:
    """A new one-time link token for the person, or None if they got enough this hour."""
    now = timezone.now()
    recent = AccessLink.objects.filter(
        person=person, created_at__gte=now - datetime.timedelta(hours=1)
    ).count()
    if recent >= LINKS_PER_PERSON_AND_HOUR:
        return None
    # Old links of the person are of no use any more.
    AccessLink.objects.filter(
        person=person, created_at__lt=now - datetime.timedelta(days=1)
    ).delete()
    nonce = secrets.token_urlsafe(24)
    link = AccessLink.objects.create(person=person, nonce_hash=_hash(nonce))
    audit_log(actor=None, action=audit_actions.LINK_SENT, obj=person, office=person.office)
    return signing.dumps({"l": link.pk, "n": nonce}, salt=LINK_SALT, compress=True)


@transaction.atomic
def links_send(*, email: str, language: str) -> int:
    """Send a link to every known person with this address; how many were sent is for tests
    and never shown (the page answers the same either way)."""
    sent = 0
    for person in people_for_email(email):
        token = link_create(person=person)
        if token is None:
            continue
        transaction.on_commit(
            partial(notifications.send_link, person.pk, token, fallback_language=language)
        )
        sent += 1
    return sent


def _read_token(token: str) -> tuple[AccessLink | None, LinkState]:
    try:
        payload = signing.loads(token, salt=LINK_SALT, max_age=LINK_MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        return None, LinkState.EXPIRED
    except signing.BadSignature:
        return None, LinkState.INVALID
    if not isinstance(payload, dict):
        return None, LinkState.INVALID
    link_id, nonce = payload.get("l"), payload.get("n")
    if not isinstance(link_id, int) or not isinstance(nonce, str):
        return None, LinkState.INVALID
    link = (
        AccessLink.objects.select_related("person")
        .filter(pk=link_id, person__archived_at__isnull=True)
        .first()
    )
    if link is None or not constant_time_compare(link.nonce_hash, _hash(nonce)):
        return None, LinkState.INVALID
    if link.used_at is not None:
        return link, LinkState.USED
    return link, LinkState.VALID


def link_check(token: str) -> LinkState:
    """What opening the link would do, without using it up (mail scanners open links)."""
    return _read_token(token)[1]


@transaction.atomic
def link_use(token: str) -> tuple[Person | None, LinkState]:
    """Use the link once: the person it opens, or None and why not."""
    link, state = _read_token(token)
    if link is None or state is not LinkState.VALID:
        return None, state
    # Only one of two simultaneous clicks wins.
    updated = AccessLink.objects.filter(pk=link.pk, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    if updated != 1:
        return None, LinkState.USED
    person = link.person
    audit_log(actor=None, action=audit_actions.LINK_OPENED, obj=person, office=person.office)
    return person, LinkState.VALID


@transaction.atomic
def consent_withdraw_by_person(*, person: Person, consent: Consent) -> Consent:
    """The person withdraws one of their own consents today (the portal has no staff actor,
    so this mirrors kausa.counselling.services.consents.consent_withdraw for actor None)."""
    if consent.person_id != person.pk:
        raise ValidationError(_("This consent is not yours."))
    if consent.withdrawn_on is not None:
        raise ValidationError(_("You have already withdrawn this consent."))
    consent.withdrawn_on = max(timezone.localdate(), consent.given_on)
    consent.save(update_fields=["withdrawn_on"])
    audit_log(
        actor=None,
        action=counselling_actions.CONSENT_WITHDRAWN,
        obj=consent,
        office=person.office,
        changed_fields=["withdrawn_on"],
    )
    return consent


@transaction.atomic
def data_request_create(*, person: Person, kind: str, message: str = "") -> DataRequest:
    """Record the person's request for the office; changes and deletes nothing else."""
    if kind not in DataRequestKind.values:
        raise ValidationError(_("Please choose what you want."))
    message = message.strip()
    if len(message) > MESSAGE_MAX_LENGTH:
        raise ValidationError(_("Your message is too long."))
    if DataRequest.objects.filter(person=person, kind=kind, status=DataRequestStatus.OPEN).exists():
        raise ValidationError(_("You already sent this request. The office will answer you."))
    request = DataRequest.objects.create(
        office=person.office, person=person, kind=kind, message=message
    )
    audit_log(actor=None, action=audit_actions.REQUEST_CREATED, obj=request, office=person.office)
    transaction.on_commit(partial(notifications.send_office_notice, request.pk))
    return request
