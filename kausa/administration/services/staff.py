"""Role changes, deactivation, reactivation and second-factor resets of staff accounts."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from kausa.administration import audit_actions
from kausa.administration.models import MfaResetRecord, StaffInvitation
from kausa.administration.services import require_manage_member
from kausa.administration.sessions import end_sessions
from kausa.api.models import ApiToken
from kausa.core.access import WriteDenied
from kausa.core.audit import audit_log
from kausa.core.models import Office, Role, User

OFFICE_ROLES = {Role.COUNSELLOR, Role.READ_ONLY}


def _keep_an_administrator(member: User) -> None:
    """An active administrator who stops being one must leave another behind."""
    if member.role != Role.ADMIN or not member.is_active or member.organisation_id is None:
        return
    admins = User.objects.select_for_update().filter(
        organisation_id=member.organisation_id, role=Role.ADMIN, is_active=True
    )
    if not list(admins.exclude(pk=member.pk).values_list("pk", flat=True)):
        raise ValidationError(
            _("At least one administrator must remain. Make someone else administrator first.")
        )


def _locked(member: User) -> User:
    return User.objects.select_for_update(of=("self",)).select_related("office").get(pk=member.pk)


@transaction.atomic
def staff_role_change(*, actor: User, member: User, role: str, office: Office | None) -> list[str]:
    """Give `member` another role and office; returns the changed field names."""
    member = _locked(member)
    require_manage_member(actor, member)
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    if role == Role.ADMIN and actor.role != Role.ADMIN:
        raise WriteDenied(_("Only administrators can make someone an administrator."))
    if office is not None and office.organisation_id != actor.organisation_id:
        raise WriteDenied
    if role in OFFICE_ROLES and office is None:
        raise ValidationError({"office": _("Counsellors and read-only colleagues need an office.")})
    if role != Role.ADMIN:
        _keep_an_administrator(member)
    changed = [
        name
        for name, value in (("role", role), ("office_id", office.pk if office else None))
        if getattr(member, name) != value
    ]
    if not changed:
        return []
    member.role = role
    member.office = office
    member.organisation_id = actor.organisation_id
    member.save(update_fields=["role", "office", "organisation"])
    fields = [name.removesuffix("_id") for name in changed]
    audit_log(actor=actor, action=audit_actions.ROLE_CHANGED, obj=member, changed_fields=fields)
    return fields


@transaction.atomic
def staff_deactivate(*, actor: User, member: User) -> bool:
    """Deactivate the account: its sessions end, its API tokens and open invitations are
    revoked. Returns False if it was inactive already."""
    member = _locked(member)
    require_manage_member(actor, member)
    if not member.is_active:
        return False
    _keep_an_administrator(member)
    member.is_active = False
    member.save(update_fields=["is_active"])
    now = timezone.now()
    ApiToken.objects.filter(user=member, revoked_at=None).update(revoked_at=now)
    StaffInvitation.objects.filter(user=member, used_at=None, revoked_at=None).update(
        revoked_at=now
    )
    end_sessions(member)
    audit_log(
        actor=actor,
        action=audit_actions.STAFF_DEACTIVATED,
        obj=member,
        changed_fields=["is_active", "sessions", "api_tokens"],
    )
    return True


@transaction.atomic
def staff_reactivate(*, actor: User, member: User) -> bool:
    """The account can sign in again; revoked tokens stay revoked."""
    member = _locked(member)
    require_manage_member(actor, member)
    if member.is_active:
        return False
    member.is_active = True
    member.save(update_fields=["is_active"])
    audit_log(
        actor=actor,
        action=audit_actions.STAFF_REACTIVATED,
        obj=member,
        changed_fields=["is_active"],
    )
    return True


@transaction.atomic
def staff_mfa_reset(*, actor: User, member: User, reason: str) -> None:
    """Remove the authenticator and recovery codes, e.g. after a lost phone: the member's
    sessions end and the next sign-in asks to set up a second factor again."""
    member = _locked(member)
    require_manage_member(actor, member)
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": _("Give a reason for the reset.")})
    TOTPDevice.objects.filter(user=member).delete()
    StaticDevice.objects.filter(user=member).delete()
    MfaResetRecord.objects.create(user=member, reset_by=actor, reason=reason)
    end_sessions(member)
    audit_log(
        actor=actor,
        action=audit_actions.STAFF_MFA_RESET,
        obj=member,
        changed_fields=["mfa", "sessions"],
    )
