"""Audit codes of the staff account (see core.audit_registry)."""

from django.utils.translation import gettext_lazy as _

from kausa.core.audit_registry import register

PASSWORD_CHANGED = register("accounts.password.changed", _("Password changed"), "core.user")
EMAIL_CHANGED = register("accounts.email.changed", _("Email address changed"), "core.user")
MFA_ENABLED = register("accounts.mfa.enabled", _("Second factor set up"), "core.user")
MFA_RESET = register("accounts.mfa.reset", _("Second factor reset"), "core.user")
RECOVERY_CODES_REGENERATED = register(
    "accounts.recovery_codes.regenerated", _("Recovery codes renewed"), "core.user"
)
