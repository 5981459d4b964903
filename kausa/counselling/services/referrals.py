"""Writes of referrals to network partners: refer, change the outcome, email the hand-out.

The status path lives on the model (`Referral.next_statuses()`); this service is the only
place that validates it. Services take a referral or case that passed the chokepoint and
check the write rule again first.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kausa.core.access import require_write
from kausa.core.audit import audit_log
from kausa.core.models import User
from kausa.counselling import audit_actions
from kausa.counselling.handouts import partner_handout_text
from kausa.counselling.models import (
    Case,
    Consent,
    Referral,
    ReferralStatus,
    ReferralStatusChange,
    SharedField,
)
from kausa.counselling.selectors import case_district, consent_for_referral
from kausa.counselling.services.cases import require_open
from kausa.partners.models import Partner, Topic


def _referral_errors(
    *,
    case: Case,
    partner: Partner,
    shared_fields: Sequence[str],
    outside: bool,
    outside_district_reason: str,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if partner.organisation_id != case.office.organisation_id or partner.archived_at:
        errors["partner"] = _("This partner is not available.")
    unknown = set(shared_fields) - set(SharedField.values)
    if unknown or not shared_fields:
        errors["shared_fields"] = _("Choose which data is passed on to the partner.")
    if case.company_id and SharedField.RESIDENCE in shared_fields:
        errors["shared_fields"] = _("A company has no residence status.")
    if outside and not outside_district_reason.strip():
        errors["outside_district_reason"] = _(
            "This partner does not serve the district of the case: give a reason for the referral."
        )
    return errors


def _serves_district(case: Case, partner: Partner) -> bool:
    district = case_district(case)
    return district is None or partner.districts.filter(pk=district.pk).exists()


@transaction.atomic
def referral_create(
    *,
    actor: User,
    case: Case,
    partner: Partner,
    topic: Topic,
    shared_fields: Sequence[str],
    message: str = "",
    consent_override_reason: str = "",
    outside_district_reason: str = "",
) -> Referral:
    """Refer the case to a partner. For a person, an active consent for this partner is
    required; without one, only with a written reason (the override is audited instead of
    the plain creation, so the action writes one entry)."""
    require_write(actor, case)
    require_open(case)
    outside = not _serves_district(case, partner)
    errors = _referral_errors(
        case=case,
        partner=partner,
        shared_fields=shared_fields,
        outside=outside,
        outside_district_reason=outside_district_reason,
    )
    consent: Consent | None = None
    if case.person is not None:
        consent = consent_for_referral(case.person, partner)
        if consent is None and not consent_override_reason.strip():
            errors["consent_override_reason"] = _(
                "There is no consent to refer this person to this partner. Record the consent "
                "first or give a reason for referring without it."
            )
    if errors:
        raise ValidationError(errors)
    referral = Referral.objects.create(
        case=case,
        partner=partner,
        topic=topic,
        consent=consent,
        consent_override_reason="" if consent else consent_override_reason.strip(),
        outside_district_reason=outside_district_reason.strip() if outside else "",
        shared_fields=[value for value in SharedField.values if value in shared_fields],
        message=message,
        created_by=actor,
    )
    ReferralStatusChange.objects.create(referral=referral, status=referral.status, changed_by=actor)
    overridden = case.person is not None and consent is None
    action = (
        audit_actions.REFERRAL_CONSENT_OVERRIDDEN if overridden else audit_actions.REFERRAL_CREATED
    )
    audit_log(actor=actor, action=action, obj=referral, office=case.office)
    return referral


@transaction.atomic
def referral_set_status(*, actor: User, referral: Referral, status: str) -> Referral:
    """Record the outcome; only the statuses `next_statuses()` allows may follow."""
    require_write(actor, referral)
    if status not in referral.next_statuses():
        raise ValidationError(_("This status cannot follow the current one."))
    referral.status = status
    referral.save(update_fields=["status"])
    ReferralStatusChange.objects.create(referral=referral, status=status, changed_by=actor)
    audit_log(
        actor=actor,
        action=audit_actions.REFERRAL_STATUS_CHANGED,
        obj=referral,
        office=referral.case.office,
        changed_fields=["status"],
    )
    return referral


@transaction.atomic
def referral_handout_printed(*, actor: User, referral: Referral) -> Referral:
    """The hand-out was printed for the partner: the referral counts as sent from now."""
    require_write(actor, referral)
    _mark_sent(actor, referral)
    audit_log(
        actor=actor,
        action=audit_actions.REFERRAL_HANDOUT_PRINTED,
        obj=referral,
        office=referral.case.office,
    )
    return referral


def _mark_sent(actor: User, referral: Referral) -> None:
    """A recorded referral becomes "sent" when its hand-out leaves (part of that action)."""
    if referral.status != ReferralStatus.RECORDED:
        return
    referral.status = ReferralStatus.SENT
    referral.save(update_fields=["status"])
    ReferralStatusChange.objects.create(referral=referral, status=referral.status, changed_by=actor)


def referral_email_subject(referral: Referral) -> str:
    """The German subject of the hand-out mail (shown on the confirmation page too)."""
    with translation.override("de"):
        return _("Referral from %(office)s: %(topic)s") % {
            "office": referral.case.office.name,
            "topic": referral.topic.name,
        }


@transaction.atomic
def referral_email_partner(*, actor: User, referral: Referral) -> Referral:
    """Send the hand-out as plain text to the partner's address (sent after the commit)."""
    require_write(actor, referral)
    if not referral.partner.email:
        raise ValidationError(_("The partner has no email address. Print the hand-out instead."))
    if settings.EMAIL_BACKEND.endswith("console.EmailBackend") and not settings.DEBUG:
        # The console backend writes the message (personal data) into the server's output.
        raise ValidationError(
            _("Sending email is not set up on this server. Print the hand-out instead.")
        )
    email = EmailMessage(
        subject=referral_email_subject(referral),
        body=partner_handout_text(referral),
        to=[referral.partner.email],
    )
    transaction.on_commit(lambda: email.send(fail_silently=False))
    referral.emailed_at = timezone.now()
    referral.save(update_fields=["emailed_at"])
    _mark_sent(actor, referral)
    audit_log(
        actor=actor,
        action=audit_actions.REFERRAL_EMAILED,
        obj=referral,
        office=referral.case.office,
    )
    return referral
