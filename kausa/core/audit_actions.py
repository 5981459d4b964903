"""Audit codes of requests and sign-ins (see core.audit_registry)."""

from django.utils.translation import gettext_lazy as _

from kausa.core.audit_registry import register

LOGIN_SUCCEEDED = register("core.login.succeeded", _("Signed in"), "core.user")
LOGIN_FAILED = register("core.login.failed", _("Sign-in failed"), "core.user")
LOGIN_FAILED_UNKNOWN = register(
    "core.login.failed_unknown", _("Sign-in failed (unknown name)"), "core.login_name"
)
LOGOUT = register("core.logout", _("Signed out"), "core.user")
PERMISSION_DENIED = register("core.permission.denied", _("Access refused"), "core.route")
