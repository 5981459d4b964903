from __future__ import annotations

from kausa.core.models import AuditEntry


def admin_entries(action: str | None = None) -> list[AuditEntry]:
    entries = AuditEntry.objects.filter(action__startswith="administration.")
    if action is not None:
        entries = entries.filter(action=action)
    return list(entries)


def open_invitation_token() -> str:
    """A valid invitation link's token for a pending account (created once per test)."""
    import datetime

    from django.utils import timezone

    from kausa.administration.models import StaffInvitation
    from kausa.administration.services.invitations import hash_token
    from kausa.core.models import Organisation, Role, User

    token = "test-invitation-token"
    if not StaffInvitation.objects.filter(token_hash=hash_token(token)).exists():
        member = User(
            username="eingeladen@example.org",
            email="eingeladen@example.org",
            role=Role.TEAM_LEAD,
            organisation=Organisation.objects.order_by("pk").first(),
        )
        member.set_unusable_password()
        member.save()
        StaffInvitation.objects.create(
            user=member,
            token_hash=hash_token(token),
            expires_at=timezone.now() + datetime.timedelta(days=7),
        )
    return token
