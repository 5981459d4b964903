"""Audit codes of API tokens (see core.audit_registry)."""

from django.utils.translation import gettext_lazy as _

from kausa.core.audit_registry import register

OBJECT = "api.apitoken"
TOKEN_CREATED = register("api.token.created", _("API token created"), OBJECT)
TOKEN_REVOKED = register("api.token.revoked", _("API token revoked"), OBJECT)
