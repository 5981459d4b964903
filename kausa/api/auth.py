"""Bearer-token authentication for the API, and the scope check for writes."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from kausa.api.models import ApiToken
from kausa.api.ratelimit import check_rate
from kausa.api.tokens import token_for_secret
from kausa.core.access import WriteDenied
from kausa.core.models import User

# last_used_at is written at most this often per token, so reads stay reads.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer kausa_…`. Revoked or expired tokens, tokens of deactivated
    accounts and of staff without an organisation are refused (401)."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        api_token = token_for_secret(token)
        now = timezone.now()
        if api_token is None or not api_token.is_usable(now):
            return None
        user = api_token.user
        if user.organisation_id is None:
            return None
        check_rate(api_token)
        if api_token.last_used_at is None or now - api_token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        request.api_token = api_token  # type: ignore[attr-defined]
        request.user = user
        return user


def api_user(request: HttpRequest) -> User:
    """The staff member a request's token belongs to (the endpoint ran after TokenAuth)."""
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    return user


def api_writer(request: HttpRequest) -> User:
    """Like `api_user`, for endpoints that change data: a read token answers 403."""
    token: ApiToken = request.api_token  # type: ignore[attr-defined]
    if not token.can_write:
        raise WriteDenied
    return api_user(request)
