"""Audit codes of portal accounts and company registrations (see core.audit_registry).

The object is the account or the registration (by id); an email address never goes into
the trail."""

from django.utils.translation import gettext_lazy as _

from kausa.core.audit_registry import register

ACCOUNT = "portal_accounts.portalaccount"
REGISTRATION = "portal_accounts.companyregistration"

REGISTERED = register("portal.account.registered", _("Company registered on the portal"), ACCOUNT)
VERIFIED = register("portal.account.verified", _("Portal account: email confirmed"), ACCOUNT)
LOGIN = register("portal.account.login", _("Portal account signed in"), ACCOUNT)
LOGIN_FAILED = register("portal.account.login_failed", _("Portal sign-in failed"), ACCOUNT)
LOGOUT = register("portal.account.logout", _("Portal account signed out"), ACCOUNT)
PASSWORD_RESET = register(
    "portal.account.password_reset", _("Portal account: new password set"), ACCOUNT
)
TOTP_ENABLED = register(
    "portal.account.totp_enabled", _("Portal account: authenticator app turned on"), ACCOUNT
)
TOTP_DISABLED = register(
    "portal.account.totp_disabled", _("Portal account: authenticator app turned off"), ACCOUNT
)
CONFIRMED = register(
    "portal.registration.confirmed",
    _("Company registration confirmed and linked to a company"),
    REGISTRATION,
)
REJECTED = register(
    "portal.registration.rejected", _("Company registration rejected"), REGISTRATION
)
