"""The office decides a my-data request: confirming an erasure runs the staff app's erasure
service (kausa.counselling.services.data_rights.person_erase); confirming an export records
that the counsellor downloaded the staff app's export (audited there) and sent it."""

from __future__ import annotations

from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.core.access import require_write
from kausa.core.audit import audit_log
from kausa.core.models import User
from kausa.counselling.services import data_rights
from kausa.portal.mydata import audit_actions, notifications
from kausa.portal.mydata.models import DataRequest, DataRequestKind, DataRequestStatus


def _decide(*, actor: User, request: DataRequest, status: str, action: str, reason: str) -> None:
    require_write(actor, request)
    if request.status != DataRequestStatus.OPEN:
        raise ValidationError(_("This request has already been decided."))
    request.status = status
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.reason = reason.strip()
    request.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    audit_log(
        actor=actor, action=action, obj=request, office=request.office, changed_fields=["status"]
    )


@transaction.atomic
def data_request_confirm(*, actor: User, request: DataRequest, note: str = "") -> DataRequest:
    """The office carries the request out. An erasure erases the person now with the staff
    app's service; an export is downloaded by the counsellor from the staff app's export
    (audited there) and sent to the person, which this records as done."""
    person = request.person
    if person is None:
        raise ValidationError(_("The person no longer exists."))
    address = person.email
    language = notifications.person_language(person)
    _decide(
        actor=actor,
        request=request,
        status=DataRequestStatus.DONE,
        action=audit_actions.REQUEST_DONE,
        reason=note,
    )
    if request.kind == DataRequestKind.ERASURE:
        # The person's messages go with them; SET_NULL keeps the request rows (kind, dates,
        # decision) as the record that the erasure was asked for and done.
        for own in DataRequest.objects.filter(person=person):
            if own.message:
                own.message = ""
                own.save(update_fields=["message"])
        request.refresh_from_db()
        data_rights.person_erase(actor=actor, person=person)
    transaction.on_commit(
        partial(notifications.send_decision, request.pk, address=address, language=language)
    )
    return request


@transaction.atomic
def data_request_refuse(*, actor: User, request: DataRequest, reason: str) -> DataRequest:
    """The office does not carry the request out (e.g. a legal duty to keep the records)."""
    if not reason.strip():
        raise ValidationError({"reason": _("Please give the person a reason.")})
    person = request.person
    address = person.email if person is not None else ""
    language = notifications.person_language(person) if person is not None else "de"
    _decide(
        actor=actor,
        request=request,
        status=DataRequestStatus.REFUSED,
        action=audit_actions.REQUEST_REFUSED,
        reason=reason,
    )
    transaction.on_commit(
        partial(notifications.send_decision, request.pk, address=address, language=language)
    )
    return request
