"""Inviting staff members by email: a one-time link to set the first password.

The link carries a random token and nothing else; only its SHA-256 hash is stored. It works
once, for INVITATION_DAYS days, and a new invitation revokes the older ones.
"""

from __future__ import annotations

import datetime
import enum
import hashlib
import secrets
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.administration import audit_actions
from kausa.administration.mail import send_invitation
from kausa.administration.models import StaffInvitation
from kausa.administration.services import require_manage, require_manage_member
from kausa.administration.services.staff import OFFICE_ROLES
from kausa.core.access import WriteDenied
from kausa.core.audit import audit_log
from kausa.core.models import Office, Role, User

INVITATION_DAYS = 7


class InvitationState(enum.Enum):
    VALID = "valid"
    EXPIRED = "expired"
    USED = "used"  # used, or replaced by a newer invitation, or the account was deactivated
    INVALID = "invalid"  # no such token (mistyped, mangled, forged)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _issue(*, actor: User, member: User) -> None:
    """Revoke the member's open invitations, store a new one, mail its link after commit."""
    now = timezone.now()
    StaffInvitation.objects.filter(user=member, used_at=None, revoked_at=None).update(
        revoked_at=now
    )
    token = secrets.token_urlsafe(32)
    StaffInvitation.objects.create(
        user=member,
        invited_by=actor,
        token_hash=hash_token(token),
        expires_at=now + datetime.timedelta(days=INVITATION_DAYS),
    )
    # The token exists only in memory and in the mail: it is never stored or queued.
    transaction.on_commit(partial(send_invitation, member.pk, token))


@transaction.atomic
def staff_invite(
    *,
    actor: User,
    first_name: str,
    last_name: str,
    email: str,
    office: Office | None,
    role: str,
) -> User:
    """Create the account (without a usable password, so nobody can sign in with it yet)
    and send the invitation. The email address is also the login name."""
    organisation_id = actor.organisation_pk
    require_manage(actor, organisation_id)
    if role == Role.ADMIN and actor.role != Role.ADMIN:
        raise WriteDenied(_("Only administrators can make someone an administrator."))
    if office is not None and office.organisation_id != organisation_id:
        raise WriteDenied
    if role in OFFICE_ROLES and office is None:
        raise ValidationError({"office": _("Counsellors and read-only colleagues need an office.")})
    email = email.strip().lower()
    if (
        User.objects.filter(username__iexact=email).exists()
        or User.objects.filter(email__iexact=email).exists()
    ):
        raise ValidationError(
            {"email": _("There is already a staff account with this email address.")}
        )
    member = User(
        username=email,
        email=email,
        first_name=first_name,
        last_name=last_name,
        organisation_id=organisation_id,
        office=office,
        role=role,
    )
    member.set_unusable_password()
    member.save()
    _issue(actor=actor, member=member)
    audit_log(
        actor=actor,
        action=audit_actions.STAFF_INVITED,
        obj=member,
        changed_fields=["first_name", "last_name", "email", "office", "role"],
    )
    return member


@transaction.atomic
def invitation_resend(*, actor: User, member: User) -> bool:
    """A new link for an invited member who has not set a password yet; the old link stops
    working. Returns False when there is nothing to resend (password set, or deactivated)."""
    member = User.objects.select_for_update(of=("self",)).select_related("office").get(pk=member.pk)
    require_manage_member(actor, member)
    if member.has_usable_password() or not member.is_active:
        return False
    _issue(actor=actor, member=member)
    audit_log(
        actor=actor,
        action=audit_actions.INVITATION_RESENT,
        obj=member,
        changed_fields=["invitation"],
    )
    return True


def invitation_resolve(token: str) -> tuple[StaffInvitation | None, InvitationState]:
    invitation = (
        StaffInvitation.objects.select_related("user").filter(token_hash=hash_token(token)).first()
    )
    if invitation is None:
        return None, InvitationState.INVALID
    usable = invitation.user.is_active and not invitation.user.has_usable_password()
    if invitation.used_at is not None or invitation.revoked_at is not None or not usable:
        return invitation, InvitationState.USED
    if invitation.expires_at <= timezone.now():
        return invitation, InvitationState.EXPIRED
    return invitation, InvitationState.VALID


class InvitationInvalid(Exception):
    """The link is no longer valid (used or expired meanwhile)."""


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    """Set the first (already validated) password and use the invitation up."""
    found, _state = invitation_resolve(token)
    if found is None:
        raise InvitationInvalid
    invitation = StaffInvitation.objects.select_for_update().get(pk=found.pk)
    member = User.objects.select_for_update().get(pk=invitation.user_id)
    if not invitation.is_open() or not member.is_active or member.has_usable_password():
        raise InvitationInvalid
    member.set_password(password)
    member.save(update_fields=["password"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    audit_log(
        actor=member,
        action=audit_actions.INVITATION_ACCEPTED,
        obj=member,
        changed_fields=["password"],
    )
    return member
