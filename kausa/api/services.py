"""Issuing and revoking personal access tokens. Each leaves an audit entry."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kausa.api import audit_actions
from kausa.api.models import ApiToken, TokenScope
from kausa.api.tokens import display_prefix, hash_secret, new_secret
from kausa.core.access import WriteDenied
from kausa.core.audit import audit_log
from kausa.core.models import User


@transaction.atomic
def api_token_create(
    *, actor: User, name: str, scope: str, valid_days: int
) -> tuple[ApiToken, str]:
    """A new token of `actor` and its secret. The secret is returned once and stored only as
    a hash; read-only colleagues get read tokens only."""
    if actor.organisation_id is None or not actor.is_active:
        raise WriteDenied
    if scope not in TokenScope.values:
        raise ValidationError({"scope": _("Choose read or read and write.")})
    if scope == TokenScope.WRITE and not actor.can_write:
        raise WriteDenied(str(_("Read-only accounts can only create read tokens.")))
    if not 1 <= valid_days <= settings.API_TOKEN_MAX_DAYS:
        raise ValidationError(
            {
                "valid_days": _("A token is valid for 1 to %(max)d days.")
                % {"max": settings.API_TOKEN_MAX_DAYS}
            }
        )
    secret = new_secret()
    token = ApiToken.objects.create(
        user=actor,
        name=name,
        prefix=display_prefix(secret),
        secret_hash=hash_secret(secret),
        scope=scope,
        expires_at=timezone.now() + datetime.timedelta(days=valid_days),
    )
    audit_log(actor=actor, action=audit_actions.TOKEN_CREATED, obj=token)
    return token, secret


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> bool:
    """Revoke one of the actor's own tokens at once; returns whether it was still active."""
    if token.user_id != actor.pk:
        raise WriteDenied
    if token.revoked_at is not None:
        return False
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_log(actor=actor, action=audit_actions.TOKEN_REVOKED, obj=token)
    return True
