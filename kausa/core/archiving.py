"""Archive and restore: records are hidden from lists instead of being deleted."""

from __future__ import annotations

from typing import NamedTuple

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from kausa.core.access import request_user, require_write
from kausa.core.audit import audit_log
from kausa.core.models import ArchivableRecord, Office, User


class ArchiveActions(NamedTuple):
    """The registered audit codes of archiving and restoring one kind of record."""

    archived: str
    restored: str


@transaction.atomic
def record_set_archived(
    *,
    actor: User,
    record: ArchivableRecord,
    archived: bool,
    actions: ArchiveActions,
    office: Office | None = None,
) -> bool:
    """Archive or restore `record`; audited with the app's registered archive codes.

    Only those who may change the record may (`require_write`, by its declared owner).
    Returns whether anything changed (archiving an archived record is a no-op).
    """
    require_write(actor, record)
    if archived == (record.archived_at is not None):
        return False
    record.archived_at = timezone.now() if archived else None
    record.save(update_fields=["archived_at", "updated_at"])
    action = actions.archived if archived else actions.restored
    audit_log(actor=actor, action=action, obj=record, office=office)
    return True


def archive_toggle_response(
    request: HttpRequest,
    *,
    record: ArchivableRecord,
    actions: ArchiveActions,
    detail_url_name: str,
    archived_message: str,
    restored_message: str,
    office: Office | None = None,
) -> HttpResponse:
    """The POST handler behind every Archive / Restore button."""
    restore = bool(request.POST.get("restore"))
    record_set_archived(
        actor=request_user(request),
        record=record,
        archived=not restore,
        actions=actions,
        office=office,
    )
    messages.success(request, restored_message if restore else archived_message)
    return redirect(detail_url_name, pk=record.pk)
