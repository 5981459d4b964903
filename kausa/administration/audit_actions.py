"""Audit codes of the administration of offices and staff accounts."""

from django.utils.translation import gettext_lazy as _

from kausa.core.audit_registry import register

OFFICE_CREATED = register("administration.office.created", _("Office created"), "core.office")
OFFICE_UPDATED = register("administration.office.updated", _("Office changed"), "core.office")
STAFF_INVITED = register("administration.staff.invited", _("Staff member invited"), "core.user")
INVITATION_RESENT = register(
    "administration.staff.invitation_resent", _("Invitation sent again"), "core.user"
)
INVITATION_ACCEPTED = register(
    "administration.staff.invitation_accepted", _("Invitation accepted"), "core.user"
)
ROLE_CHANGED = register("administration.staff.role_changed", _("Role changed"), "core.user")
STAFF_DEACTIVATED = register(
    "administration.staff.deactivated", _("Staff account deactivated"), "core.user"
)
STAFF_REACTIVATED = register(
    "administration.staff.reactivated", _("Staff account reactivated"), "core.user"
)
STAFF_MFA_RESET = register(
    "administration.staff.mfa_reset", _("Second factor reset by an administrator"), "core.user"
)
