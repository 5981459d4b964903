"""Consent records: recording and withdrawing.

Counselling and matching may rest on other legal grounds too, so they are stopped by an
explicit withdrawal; a referral always needs an active consent for that partner (see
`selectors.consent_withdrawn` and `selectors.consent_for_referral`). Services check the
write rule first: only the office that owns the person manages their consents.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.core.access import require_write, require_write_for_office
from kausa.core.audit import audit_log
from kausa.core.models import User
from kausa.counselling import audit_actions
from kausa.counselling.models import Consent, ConsentPurpose
from kausa.partners.models import Partner
from kausa.people.models import Person

GUARDIAN_AGE = 16


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def _consent_errors(
    *, person: Person, purpose: str, partner: Partner | None, given_on: datetime.date
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if given_on > timezone.localdate():
        errors["given_on"] = _("Consent cannot be given in the future.")
    if purpose == ConsentPurpose.REFERRAL and partner is None:
        errors["partner"] = _("A consent to a referral names the partner.")
    if partner is not None and partner.organisation_id != person.office.organisation_id:
        errors["partner"] = _("This partner belongs to another organisation.")
    return errors


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
    """Record a consent of a person of the actor's office (a guardian signs under 16)."""
    require_write_for_office(actor, person.office_id)
    if purpose != ConsentPurpose.REFERRAL:
        partner = None
    errors = _consent_errors(person=person, purpose=purpose, partner=partner, given_on=given_on)
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
    audit_log(actor=actor, action=audit_actions.CONSENT_RECORDED, obj=consent, office=person.office)
    return consent


@transaction.atomic
def consent_withdraw(*, actor: User, consent: Consent, withdrawn_on: datetime.date) -> Consent:
    """Record that the person withdrew this consent on `withdrawn_on`."""
    require_write(actor, consent)
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
        action=audit_actions.CONSENT_WITHDRAWN,
        obj=consent,
        office=consent.person.office,
    )
    return consent
