"""Consent records: recording, withdrawing and asking whether processing is covered.

Counselling and matching may rest on other legal grounds too, so they are stopped by an
explicit withdrawal; a referral always needs an active consent for that partner.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.core.audit import audit_log
from kausa.core.models import User
from kausa.counselling.models import Consent, ConsentPurpose
from kausa.partners.models import Partner
from kausa.people.models import Person

GUARDIAN_AGE = 16


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def consent_withdrawn(person: Person, purpose: str) -> bool:
    """Has the person withdrawn the latest consent for this purpose (and given none since)?"""
    latest = person.consents.filter(purpose=purpose).order_by("-given_on", "-id").first()
    return latest is not None and latest.withdrawn_on is not None


def consent_for_referral(person: Person, partner: Partner) -> Consent | None:
    """The active consent to refer this person to this partner, if there is one."""
    return (
        person.consents.filter(
            purpose=ConsentPurpose.REFERRAL, partner=partner, withdrawn_on__isnull=True
        )
        .order_by("-given_on", "-id")
        .first()
    )


@transaction.atomic
def consent_record(
    *,
    actor: User,
    person: Person,
    purpose: str,
    partner: Partner | None,
    text_version: str,
    given_on: datetime.date,
    language: str,
    method: str,
    guardian_name: str = "",
) -> Consent:
    if not actor.can_write or actor.office_id != person.office_id:
        raise ValidationError(_("Only staff of the owning office can record consent."))
    errors: dict[str, str] = {}
    if given_on > timezone.localdate():
        errors["given_on"] = _("Consent cannot be given in the future.")
    if purpose == ConsentPurpose.REFERRAL and partner is None:
        errors["partner"] = _("A consent to a referral names the partner.")
    if purpose != ConsentPurpose.REFERRAL:
        partner = None
    if partner is not None and partner.organisation_id != person.office.organisation_id:
        errors["partner"] = _("This partner belongs to another organisation.")
    guardian_name = guardian_name.strip()
    under_age = person.birth_date is not None and age_on(person.birth_date, given_on) < GUARDIAN_AGE
    if under_age and not guardian_name:
        errors["guardian_name"] = _(
            "The person was under 16 on that day: name the parent or guardian who gave the consent."
        )
    if errors:
        raise ValidationError(errors)
    consent = Consent.objects.create(
        person=person,
        purpose=purpose,
        partner=partner,
        text_version=text_version.strip(),
        given_on=given_on,
        language=language,
        method=method,
        guardian_name=guardian_name,
        recorded_by=actor,
    )
    audit_log(actor=actor, action="counselling.consent.recorded", obj=consent, office=person.office)
    return consent


@transaction.atomic
def consent_withdraw(*, actor: User, consent: Consent, withdrawn_on: datetime.date) -> Consent:
    if not actor.can_write or actor.office_id != consent.person.office_id:
        raise ValidationError(_("Only staff of the owning office can record a withdrawal."))
    if consent.withdrawn_on is not None:
        raise ValidationError(_("This consent has already been withdrawn."))
    if withdrawn_on < consent.given_on or withdrawn_on > timezone.localdate():
        raise ValidationError(
            {"withdrawn_on": _("The withdrawal lies between the consent and today.")}
        )
    consent.withdrawn_on = withdrawn_on
    consent.save(update_fields=["withdrawn_on"])
    audit_log(
        actor=actor,
        action="counselling.consent.withdrawn",
        obj=consent,
        office=consent.person.office,
    )
    return consent
