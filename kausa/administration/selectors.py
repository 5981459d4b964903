"""Reads for the administration pages: offices and staff of the actor's organisation only.

Records of another organisation answer 404; the views let only team leads and administrators
in (`team_lead_view`), so other roles get 403 before any record is looked up.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from kausa.administration.models import MfaResetRecord, StaffInvitation
from kausa.core.models import Office, User


def office_list(user: User) -> QuerySet[Office]:
    return (
        Office.objects.filter(organisation_id=user.organisation_pk)
        .select_related("district")
        .prefetch_related("districts_served")
        .annotate(staff_count=Count("staff", filter=Q(staff__is_active=True)))
        .order_by("name", "pk")
    )


def office_get_for_user(user: User, pk: Any) -> Office:
    return get_object_or_404(Office.objects.filter(organisation_id=user.organisation_pk), pk=pk)


def _organisation_staff(user: User) -> QuerySet[User]:
    organisation_id = user.organisation_pk
    return User.objects.filter(
        Q(organisation_id=organisation_id) | Q(office__organisation_id=organisation_id)
    ).distinct()


def staff_list(user: User) -> QuerySet[User]:
    return _organisation_staff(user).select_related("office").order_by("last_name", "first_name")


def staff_get_for_user(user: User, pk: Any) -> User:
    return get_object_or_404(_organisation_staff(user).select_related("office"), pk=pk)


def open_invitation(member: User) -> StaffInvitation | None:
    for invitation in StaffInvitation.objects.filter(user=member, used_at=None, revoked_at=None):
        if invitation.is_open():
            return invitation
    return None


def invitation_pending(member: User) -> bool:
    """Invited but the first password is not set yet."""
    return not member.has_usable_password()


def last_mfa_reset(member: User) -> MfaResetRecord | None:
    return MfaResetRecord.objects.filter(user=member).select_related("reset_by").first()
