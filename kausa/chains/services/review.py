"""The yearly review of chain steps: a team lead checks a step against its sources.

The check is metadata, not content, so it is allowed on published versions too.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.chains import audit_actions
from kausa.chains.models import ChainStep, TemplateStatus
from kausa.core.access import require_configure
from kausa.core.audit import audit_log
from kausa.core.models import User

NOTE_MAX_LENGTH = 500


@transaction.atomic
def chain_step_mark_checked(
    *, actor: User, step: ChainStep, note: str, checked_on: datetime.date | None = None
) -> ChainStep:
    """Record that `actor` checked the step against its sources today, with what they found."""
    require_configure(actor)
    if step.template.organisation_id != actor.organisation_pk:
        raise ValidationError(_("This process chain belongs to another organisation."))
    if step.template.status == TemplateStatus.RETIRED:
        raise ValidationError(_("A retired version is not reviewed any more."))
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Say briefly what you checked.")})
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError({"note": _("The note is too long.")})
    step.last_checked = checked_on or timezone.localdate()
    step.checked_note = note
    step.checked_by = actor
    step.save(update_fields=["last_checked", "checked_note", "checked_by"])
    audit_log(
        actor=actor,
        action=audit_actions.STEP_CHECKED,
        obj=step,
        changed_fields=["last_checked", "checked_note", "checked_by"],
    )
    return step
