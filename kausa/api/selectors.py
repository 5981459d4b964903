"""Reads of personal access tokens: a user sees only their own."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from kausa.api.models import ApiToken
from kausa.core.models import User


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def api_token_get_for_user(user: User, pk: int, *, write: bool = False) -> ApiToken:
    """404 for another user's token: nobody learns which tokens exist. A user may change
    (revoke) every token they see, so `write` needs no further check."""
    return get_object_or_404(api_tokens_of(user), pk=pk)
