"""Writes of the administration: offices, staff accounts, invitations."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kausa.core.access import WriteDenied, require_configure
from kausa.core.models import Role, User


def require_manage(actor: User, organisation_id: int | None) -> None:
    """Team leads and administrators, for their own organisation only."""
    require_configure(actor)
    if organisation_id is None or actor.organisation_id != organisation_id:
        raise WriteDenied


def require_manage_member(actor: User, member: User) -> None:
    """May `actor` change the account of `member`: same organisation, never oneself, and a
    team lead leaves administrators' accounts alone."""
    organisation_id = member.organisation_id or (
        member.office.organisation_id if member.office else None
    )
    require_manage(actor, organisation_id)
    if member.pk == actor.pk:
        raise ValidationError(_("You cannot change your own account here."))
    if member.role == Role.ADMIN and actor.role != Role.ADMIN:
        raise WriteDenied(str(_("Only administrators can change an administrator's account.")))
