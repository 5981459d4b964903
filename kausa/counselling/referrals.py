"""Referrals to network partners: finding the partner, consent, hand-out and outcome."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kausa.core.audit import audit_log
from kausa.core.models import District, User
from kausa.counselling.consents import consent_for_referral
from kausa.counselling.models import (
    REFERRAL_NEXT,
    Case,
    Referral,
    ReferralStatusChange,
    SharedField,
)
from kausa.partners.models import Partner, Topic


def partners_for(
    *, organisation_id: int, district: District | None, topic: Topic | None
) -> QuerySet[Partner]:
    """Active partners serving the district and topic (serving the district first)."""
    partners = Partner.objects.filter(organisation_id=organisation_id, archived_at__isnull=True)
    if topic is not None:
        partners = partners.filter(topics=topic)
    if district is not None:
        partners = partners.filter(districts=district)
    return partners.distinct().order_by("partner_type", "name")


def case_district(case: Case) -> District | None:
    subject = case.person if case.person_id else case.company
    return getattr(subject, "district", None)


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
    required; without one, only with a written reason (the override is audited)."""
    if not actor.can_write or actor.office_id != case.office_id:
        raise ValidationError(_("Only staff of the owning office can refer this case."))
    if case.closed_at is not None:
        raise ValidationError(_("This case is closed. Reopen it first."))
    errors: dict[str, str] = {}
    if partner.organisation_id != case.office.organisation_id or partner.archived_at:
        errors["partner"] = _("This partner is not available.")
    unknown = set(shared_fields) - set(SharedField.values)
    if unknown or not shared_fields:
        errors["shared_fields"] = _("Choose which data is passed on to the partner.")
    if case.company_id and SharedField.RESIDENCE in shared_fields:
        errors["shared_fields"] = _("A company has no residence status.")
    district = case_district(case)
    outside = district is not None and not partner.districts.filter(pk=district.pk).exists()
    if outside and not outside_district_reason.strip():
        errors["outside_district_reason"] = _(
            "This partner does not serve the district of the case: give a reason for the referral."
        )
    consent = None
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
    audit_log(actor=actor, action="counselling.referral.created", obj=referral, office=case.office)
    if case.person is not None and consent is None:
        audit_log(
            actor=actor,
            action="counselling.referral.consent_overridden",
            obj=referral,
            office=case.office,
        )
    return referral


@transaction.atomic
def referral_set_status(*, actor: User, referral: Referral, status: str) -> Referral:
    if not actor.can_write or actor.office_id != referral.case.office_id:
        raise ValidationError(_("Only staff of the owning office can change this referral."))
    if status not in REFERRAL_NEXT.get(referral.status, ()):
        raise ValidationError(_("This status cannot follow the current one."))
    referral.status = status
    referral.save(update_fields=["status"])
    ReferralStatusChange.objects.create(referral=referral, status=status, changed_by=actor)
    audit_log(
        actor=actor,
        action="counselling.referral.status_changed",
        obj=referral,
        office=referral.case.office,
        changed_fields=["status"],
    )
    return referral


def partner_handout(referral: Referral) -> str:
    """The German text for the partner: only the data the referral may share."""
    with translation.override("de"):
        return render_to_string(
            "counselling/referral_handout.txt",
            {"referral": referral, "shared": shared_data(referral)},
        )


def shared_data(referral: Referral) -> list[tuple[str, str]]:
    """(label, value) of exactly the fields the referral shares."""
    case = referral.case
    rows: list[tuple[str, str]] = []
    if case.company is not None:
        company = case.company
        for name in referral.shared_fields:
            if name == SharedField.NAME:
                rows.append((_("Company"), company.name))
            elif name == SharedField.ADDRESS:
                rows.append((_("Address"), f"{company.postal_code} {company.place}".strip()))
        return rows
    person = case.person
    assert person is not None
    for name in referral.shared_fields:
        if name == SharedField.NAME:
            rows.append((_("Name"), person.full_name))
        elif name == SharedField.CONTACT:
            contact = ", ".join(value for value in (person.email, person.phone) if value)
            rows.append((_("Contact"), contact or "–"))
        elif name == SharedField.BIRTH_DATE:
            rows.append(
                (
                    _("Date of birth"),
                    person.birth_date.strftime("%d.%m.%Y") if person.birth_date else "–",
                )
            )
        elif name == SharedField.ADDRESS:
            rows.append((_("Place"), f"{person.postal_code} {person.place}".strip() or "–"))
        elif name == SharedField.LANGUAGES:
            languages = ", ".join(str(item) for item in person.languages.all())
            german = person.get_german_level_display()
            rows.append((_("Languages"), f"{_('German')}: {german}; {languages or '–'}"))
        elif name == SharedField.SCHOOL:
            school = person.get_school_certificate_display()
            rows.append((_("School"), f"{school}; {person.get_recognition_status_display()}"))
        elif name == SharedField.OCCUPATIONS:
            wishes = ", ".join(
                item.occupation.name
                for item in person.desired_occupations.select_related("occupation")
            )
            rows.append((_("Desired occupations"), wishes or "–"))
        elif name == SharedField.RESIDENCE:
            sensitive = getattr(person, "sensitive", None)
            status = sensitive.get_residence_status_display() if sensitive else "–"
            rows.append((_("Residence status"), str(status)))
    return rows


@transaction.atomic
def referral_email_partner(*, actor: User, referral: Referral) -> Referral:
    """Send the hand-out to the partner's address (the email backend decides how)."""
    if not actor.can_write or actor.office_id != referral.case.office_id:
        raise ValidationError(_("Only staff of the owning office can send this referral."))
    if not referral.partner.email:
        raise ValidationError(_("The partner has no email address. Print the hand-out instead."))
    if settings.EMAIL_BACKEND.endswith("console.EmailBackend") and not settings.DEBUG:
        # The console backend writes the message (personal data) into the server's output.
        raise ValidationError(
            _("Sending email is not set up on this server. Print the hand-out instead.")
        )
    with translation.override("de"):
        subject = _("Referral from %(office)s: %(topic)s") % {
            "office": referral.case.office.name,
            "topic": referral.topic.name,
        }
    body = partner_handout(referral)
    email = EmailMessage(subject=subject, body=body, to=[referral.partner.email])
    transaction.on_commit(lambda: email.send(fail_silently=False))
    referral.emailed_at = timezone.now()
    referral.save(update_fields=["emailed_at"])
    audit_log(
        actor=actor,
        action="counselling.referral.emailed",
        obj=referral,
        office=referral.case.office,
    )
    return referral
