"""Putting a place on the portal and taking it off: a company asks, the office decides; staff
may publish a place they entered directly. Every change leaves an audit entry."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.core.access import require_write
from kausa.core.audit import audit_log
from kausa.core.models import User
from kausa.portal.accounts.models import PortalAccount
from kausa.portal.places import audit_actions
from kausa.portal.places.models import PlacePublication, PublicationStatus
from kausa.vacancies.models import Vacancy


@transaction.atomic
def publication_request(*, vacancy: Vacancy, account: PortalAccount) -> PlacePublication:
    """A company user submits (or resubmits after a change) its place for approval."""
    publication, _created = PlacePublication.objects.update_or_create(
        vacancy=vacancy,
        defaults={
            "status": PublicationStatus.PENDING,
            "requested_by": account,
            "requested_at": timezone.now(),
            "decided_by": None,
            "decided_at": None,
            "reason": "",
        },
    )
    audit_log(actor=None, action=audit_actions.REQUESTED, obj=publication)
    return publication


def _decide(
    *, actor: User, publication: PlacePublication, status: str, action: str, reason: str = ""
) -> PlacePublication:
    require_write(actor, publication.vacancy)
    publication.status = status
    publication.decided_by = actor
    publication.decided_at = timezone.now()
    publication.reason = reason
    publication.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    audit_log(actor=actor, action=action, obj=publication, changed_fields=["status"])
    return publication


@transaction.atomic
def publication_approve(*, actor: User, publication: PlacePublication) -> PlacePublication:
    if publication.vacancy.status != "open" or publication.vacancy.archived_at is not None:
        raise ValidationError(_("Only open places can be shown on the portal."))
    return _decide(
        actor=actor,
        publication=publication,
        status=PublicationStatus.APPROVED,
        action=audit_actions.APPROVED,
    )


@transaction.atomic
def publication_reject(
    *, actor: User, publication: PlacePublication, reason: str
) -> PlacePublication:
    if not reason.strip():
        raise ValidationError(_("Please give the company a reason."))
    return _decide(
        actor=actor,
        publication=publication,
        status=PublicationStatus.REJECTED,
        action=audit_actions.REJECTED,
        reason=reason.strip(),
    )


@transaction.atomic
def publication_publish(*, actor: User, vacancy: Vacancy) -> PlacePublication:
    """Staff put a place they entered on the portal (no separate approval step)."""
    require_write(actor, vacancy)
    publication, _created = PlacePublication.objects.get_or_create(
        vacancy=vacancy, defaults={"status": PublicationStatus.PENDING}
    )
    return publication_approve(actor=actor, publication=publication)


@transaction.atomic
def publication_withdraw(*, actor: User | None, publication: PlacePublication) -> PlacePublication:
    """Off the portal: by staff (`actor`), or by the company (`actor=None`, its own place)."""
    if actor is not None:
        require_write(actor, publication.vacancy)
        publication.decided_by = actor
        publication.decided_at = timezone.now()
    publication.status = PublicationStatus.WITHDRAWN
    publication.save(update_fields=["status", "decided_by", "decided_at"])
    audit_log(
        actor=actor, action=audit_actions.WITHDRAWN, obj=publication, changed_fields=["status"]
    )
    return publication
