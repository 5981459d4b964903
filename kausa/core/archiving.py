"""Archive and restore: records are hidden from lists instead of being deleted."""

from __future__ import annotations

from django.contrib import messages
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from kausa.core.access import request_user
from kausa.core.audit import audit_log
from kausa.core.models import Office, User


@transaction.atomic
def record_set_archived(
    *,
    actor: User,
    record: models.Model,
    archived: bool,
    action_prefix: str,
    office: Office | None = None,
) -> bool:
    """Archive or restore `record`; audited as `<action_prefix>.archived|restored`.

    Returns whether anything changed (archiving an archived record is a no-op).
    """
    if archived == (record.archived_at is not None):  # type: ignore[attr-defined]
        return False
    record.archived_at = timezone.now() if archived else None  # type: ignore[attr-defined]
    record.save(update_fields=["archived_at", "updated_at"])
    action = f"{action_prefix}.{'archived' if archived else 'restored'}"
    audit_log(actor=actor, action=action, obj=record, office=office)
    return True


def archive_toggle_response(
    request: HttpRequest,
    *,
    record: models.Model,
    action_prefix: str,
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
        action_prefix=action_prefix,
        office=office,
    )
    messages.success(request, restored_message if restore else archived_message)
    return redirect(detail_url_name, pk=record.pk)
