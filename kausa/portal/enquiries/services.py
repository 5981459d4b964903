"""Writes of counselling requests: sending, confirming, a parent's consent, passing the request
to the office (a person, a consent, an open request) and the office's work on it.

Portal writes have no staff actor (`actor=None` in the audit); the office is found through the
districts the offices serve (kausa.administration). Staff writes check the office first.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.core.access import require_configure, require_write
from kausa.core.audit import audit_log
from kausa.core.choices import LanguageLevel
from kausa.core.geo import district_keys_for
from kausa.core.models import District, Occupation, Office, Organisation, User
from kausa.counselling import audit_actions as counselling_audit
from kausa.counselling.models import Consent, ConsentMethod, ConsentPurpose
from kausa.people import audit_actions as people_audit
from kausa.people.models import Person, PersonSensitive
from kausa.people.services import (
    LanguageSkill,
    _apply_fields,
    _set_desired_occupations,
    _set_languages,
)
from kausa.portal.enquiries import audit_actions, mail
from kausa.portal.enquiries.consent_texts import DEFAULT_CONSENT_TEXTS
from kausa.portal.enquiries.models import (
    CONSENT_LANGUAGES,
    Enquiry,
    EnquiryConsentText,
    EnquiryStatus,
)

LINK_DAYS = 3
CONFIRM, PARENT = "confirm", "parent"
# Languages the visitor speaks well count as "good" on the person; the counsellor refines.
PORTAL_LANGUAGE_LEVEL = LanguageLevel.GOOD


class TokenInvalid(Exception):
    """A link that was changed, belongs to no request, or is for another step."""


class TokenExpired(Exception):
    """A link older than LINK_DAYS."""


class AlreadyDone(Exception):
    """The step of this link was done before (a link works once)."""


# --- consent texts ------------------------------------------------------------------------


@transaction.atomic
def consent_texts_seed(*, organisation: Organisation) -> list[EnquiryConsentText]:
    """Version 1 of the consent text in every portal language that has none yet (the demo
    and the first visit call it)."""
    have = set(
        EnquiryConsentText.objects.filter(organisation=organisation).values_list(
            "language", flat=True
        )
    )
    created = []
    for language, text in DEFAULT_CONSENT_TEXTS.items():
        if language in have:
            continue
        consent_text = EnquiryConsentText.objects.create(
            organisation=organisation,
            language=language,
            version=1,
            text=text.format(organisation=organisation.name),
            valid_from=timezone.localdate(),
        )
        audit_log(actor=None, action=audit_actions.CONSENT_TEXT_CREATED, obj=consent_text)
        created.append(consent_text)
    return created


@transaction.atomic
def consent_text_create(
    *, actor: User, language: str, text: str, valid_from: datetime.date
) -> EnquiryConsentText:
    """A new version of the request form's consent text in `language`; requests sent before
    keep the version they were given under."""
    require_configure(actor)
    if language not in dict(CONSENT_LANGUAGES):
        raise ValidationError({"language": _("Choose a language from the list.")})
    if not text.strip():
        raise ValidationError({"text": _("The text is empty.")})
    if valid_from < timezone.localdate():
        raise ValidationError({"valid_from": _("The date cannot lie in the past.")})
    organisation = Organisation.objects.get(pk=actor.organisation_pk)
    texts = EnquiryConsentText.objects.select_for_update().filter(
        organisation=organisation, language=language
    )
    version = (texts.aggregate(last=Max("version"))["last"] or 0) + 1
    consent_text = EnquiryConsentText.objects.create(
        organisation=organisation,
        language=language,
        version=version,
        text=text.strip(),
        valid_from=valid_from,
    )
    audit_log(actor=actor, action=audit_actions.CONSENT_TEXT_CREATED, obj=consent_text)
    return consent_text


def _valid_text(organisation: Organisation, language: str) -> EnquiryConsentText | None:
    """The newest version in `language` valid today."""
    return (
        EnquiryConsentText.objects.filter(
            organisation=organisation, language=language, valid_from__lte=timezone.localdate()
        )
        .order_by("-version")
        .first()
    )


def current_consent_text(organisation: Organisation, language: str) -> EnquiryConsentText:
    """The newest valid version in `language`, else in German. A language without any text
    gets version 1 of the default text first (`consent_texts_seed`)."""
    texts = EnquiryConsentText.objects.filter(organisation=organisation)
    if not texts.filter(language=language).exists():
        consent_texts_seed(organisation=organisation)
    found = _valid_text(organisation, language) or _valid_text(organisation, settings.LANGUAGE_CODE)
    if found is None:  # only versions valid from a later day: the first one of them
        found = texts.order_by("valid_from", "version").first()
    assert found is not None
    return found


# --- links ---------------------------------------------------------------------------------


def _salt(step: str) -> str:
    return f"kausa.portal.enquiry.{step}"


def make_token(enquiry: Enquiry, step: str) -> str:
    return signing.dumps({"e": enquiry.pk}, salt=_salt(step))


def enquiry_from_token(token: str, step: str) -> Enquiry:
    try:
        payload = signing.loads(token, salt=_salt(step), max_age=LINK_DAYS * 24 * 60 * 60)
    except signing.SignatureExpired:
        raise TokenExpired from None
    except signing.BadSignature:
        raise TokenInvalid from None
    enquiry = Enquiry.objects.filter(pk=payload.get("e")).first()
    if enquiry is None:
        raise TokenInvalid
    return enquiry


# --- the portal's writes ------------------------------------------------------------------


@dataclass(frozen=True)
class EnquiryData:
    first_name: str
    last_name: str
    email: str
    phone: str
    lives_abroad: bool
    postal_code: str
    birth_year: int
    parent_email: str
    languages: list[str]
    german_level: int
    wishes: list[Occupation]
    question: str
    needs_parent: bool


@transaction.atomic
def purge_unconfirmed(*, now: datetime.datetime | None = None) -> int:
    """Requests whose link ran out unused are deleted with their data: unconfirmed ones
    LINK_DAYS after sending, those waiting for a parent LINK_DAYS after the confirmation
    (when the parent's link was sent)."""
    limit = (now or timezone.now()) - datetime.timedelta(days=LINK_DAYS)
    stale = list(
        Enquiry.objects.filter(
            Q(status=EnquiryStatus.PENDING, created_at__lt=limit)
            | Q(status=EnquiryStatus.AWAITING_PARENT, confirmed_at__lt=limit)
        ).only("pk", "organisation_id")
    )
    for enquiry in stale:
        audit_log(actor=None, action=audit_actions.DELETED_UNCONFIRMED, obj=enquiry)
    Enquiry.objects.filter(pk__in=[enquiry.pk for enquiry in stale]).delete()
    return len(stale)


@transaction.atomic
def enquiry_submit(
    *,
    organisation: Organisation,
    data: EnquiryData,
    language: str,
    consent_text: EnquiryConsentText,
    place: Any = None,
) -> Enquiry:
    """Store a request waiting for the email confirmation and send the link."""
    purge_unconfirmed()
    district_keys = district_keys_for(data.postal_code) if data.postal_code else ()
    enquiry = Enquiry.objects.create(
        organisation=organisation,
        language=language,
        first_name=data.first_name,
        last_name=data.last_name,
        email=data.email,
        phone=data.phone,
        lives_abroad=data.lives_abroad,
        postal_code=data.postal_code,
        district=District.objects.filter(pk=district_keys[0]).first() if district_keys else None,
        birth_year=data.birth_year,
        parent_email=data.parent_email if data.needs_parent else "",
        languages=list(data.languages),
        german_level=data.german_level,
        occupation_ids=[occupation.pk for occupation in data.wishes],
        question=data.question,
        place=place,
        consent_text=consent_text,
        needs_parent=data.needs_parent,
    )
    audit_log(actor=None, action=audit_actions.SUBMITTED, obj=enquiry)
    token = make_token(enquiry, CONFIRM)
    transaction.on_commit(lambda: mail.send_confirmation(enquiry.pk, token, LINK_DAYS))
    return enquiry


@transaction.atomic
def enquiry_confirm(*, enquiry: Enquiry) -> Enquiry:
    """The visitor opened the link and confirmed. Adults' requests go to the office now;
    for a young person under 16 a parent is asked first."""
    enquiry = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
    if enquiry.status != EnquiryStatus.PENDING:
        raise AlreadyDone
    enquiry.confirmed_at = timezone.now()
    if enquiry.needs_parent:
        enquiry.status = EnquiryStatus.AWAITING_PARENT
        enquiry.save(update_fields=["confirmed_at", "status"])
        audit_log(actor=None, action=audit_actions.CONFIRMED, obj=enquiry)
        token = make_token(enquiry, PARENT)
        transaction.on_commit(lambda: mail.send_parent_request(enquiry.pk, token, LINK_DAYS))
        return enquiry
    enquiry.save(update_fields=["confirmed_at"])
    audit_log(actor=None, action=audit_actions.CONFIRMED, obj=enquiry)
    return _open(enquiry)


@transaction.atomic
def enquiry_parent_consent(*, enquiry: Enquiry, parent_name: str) -> Enquiry:
    """A parent agreed: the request goes to the office."""
    enquiry = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
    if enquiry.status != EnquiryStatus.AWAITING_PARENT:
        raise AlreadyDone
    enquiry.parent_name = parent_name.strip()
    enquiry.parent_consented_at = timezone.now()
    enquiry.save(update_fields=["parent_name", "parent_consented_at"])
    audit_log(actor=None, action=audit_actions.PARENT_CONSENTED, obj=enquiry)
    return _open(enquiry)


def office_for(enquiry: Enquiry) -> Office:
    """The office serving the enquiry's district (kausa.administration keeps one per district
    and organisation); else the office located in that district; else, for people abroad or
    districts nobody serves, the configured office (PORTAL_ENQUIRY_OFFICE_ID) or the
    organisation's first office."""
    offices = Office.objects.filter(organisation_id=enquiry.organisation_id)
    if enquiry.district_id is not None:
        serving = offices.filter(districts_served=enquiry.district_id).order_by("pk").first()
        if serving is not None:
            return serving
        located = offices.filter(district_id=enquiry.district_id).order_by("pk").first()
        if located is not None:
            return located
    configured = settings.PORTAL_ENQUIRY_OFFICE_ID
    if configured:
        found = offices.filter(pk=configured).first()
        if found is not None:
            return found
    first = offices.order_by("pk").first()
    if first is None:
        raise Office.DoesNotExist("the organisation has no office")
    return first


def _person_create(enquiry: Enquiry, office: Office) -> Person:
    """Like kausa.people.services.person_create, with the same field rules, but for the
    portal: no staff actor, the office found from the postal code."""
    person = Person(office=office)
    data: dict[str, Any] = {
        "first_name": enquiry.first_name,
        "last_name": enquiry.last_name,
        "email": enquiry.email,
        "phone": enquiry.phone,
        "lives_abroad": enquiry.lives_abroad,
        "postal_code": enquiry.postal_code,
        "german_level": enquiry.german_level,
    }
    if enquiry.district_id is not None:
        data["district"] = enquiry.district
    _apply_fields(person, data)
    person.full_clean(exclude=["search_text"])
    person.save()
    _set_languages(
        person,
        [LanguageSkill(language=code, level=PORTAL_LANGUAGE_LEVEL) for code in enquiry.languages],
    )
    by_pk = Occupation.objects.in_bulk(enquiry.occupation_ids)
    _set_desired_occupations(person, [by_pk[pk] for pk in enquiry.occupation_ids if pk in by_pk])
    PersonSensitive.objects.create(person=person)
    audit_log(actor=None, action=people_audit.CREATED, obj=person, office=office)
    return person


def _open(enquiry: Enquiry) -> Enquiry:
    office = office_for(enquiry)
    person = _person_create(enquiry, office)
    consent = Consent.objects.create(
        person=person,
        purpose=ConsentPurpose.COUNSELLING,
        text_version=enquiry.consent_text.version_label,
        given_on=timezone.localdate(),
        language=enquiry.consent_text.language,
        method=ConsentMethod.ONLINE,
        guardian_name=enquiry.parent_name,
        recorded_by=None,
    )
    audit_log(actor=None, action=counselling_audit.CONSENT_RECORDED, obj=consent, office=office)
    enquiry.office = office
    enquiry.person = person
    enquiry.status = EnquiryStatus.OPEN
    enquiry.opened_at = timezone.now()
    enquiry.save(update_fields=["office", "person", "status", "opened_at"])
    audit_log(actor=None, action=audit_actions.OPENED, obj=enquiry, office=office)
    return enquiry


# --- the office's writes ------------------------------------------------------------------


class WrongStatus(Exception):
    """The request is not in a state that allows this step (closed already)."""


@transaction.atomic
def enquiry_take_over(*, actor: User, enquiry: Enquiry) -> Enquiry:
    """The counsellor takes the request: assigned to them, in progress."""
    require_write(actor, enquiry)
    if enquiry.status not in (EnquiryStatus.OPEN, EnquiryStatus.IN_PROGRESS):
        raise WrongStatus
    enquiry.assigned_to = actor
    enquiry.taken_at = timezone.now()
    enquiry.status = EnquiryStatus.IN_PROGRESS
    enquiry.save(update_fields=["assigned_to", "taken_at", "status"])
    audit_log(
        actor=actor,
        action=audit_actions.TAKEN_OVER,
        obj=enquiry,
        office=enquiry.office,
        changed_fields=["assigned_to", "status"],
    )
    return enquiry


@transaction.atomic
def enquiry_close(*, actor: User, enquiry: Enquiry, outcome: str) -> Enquiry:
    require_write(actor, enquiry)
    if enquiry.status not in (EnquiryStatus.OPEN, EnquiryStatus.IN_PROGRESS):
        raise WrongStatus
    enquiry.status = EnquiryStatus.CLOSED
    enquiry.outcome = outcome
    enquiry.closed_at = timezone.now()
    enquiry.save(update_fields=["status", "outcome", "closed_at"])
    audit_log(
        actor=actor,
        action=audit_actions.CLOSED,
        obj=enquiry,
        office=enquiry.office,
        changed_fields=["status", "outcome"],
    )
    return enquiry
