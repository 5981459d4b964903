"""Per-token rate limiting: a fixed one-minute window counted in the cache."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

from kausa.api.errors import RateLimited
from kausa.api.models import ApiToken


def check_rate(token: ApiToken) -> None:
    """Raise `RateLimited` once a token made more than API_RATE_LIMIT_PER_MINUTE requests in
    the current minute. (With several web processes, use a shared cache such as Redis.)"""
    limit: int = settings.API_RATE_LIMIT_PER_MINUTE
    now = time.time()
    window = int(now // 60)
    key = f"kausa.api.rate.{token.secret_hash[:24]}.{window}"
    cache.add(key, 0, timeout=90)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=90)
        count = 1
    if count > limit:
        raise RateLimited(retry_after=max(1, int(60 - now % 60)))
