"""The client's network address behind a known number of reverse proxies."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid_ip(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str | None:
    """The address of the client that sent `request`.

    With TRUSTED_PROXY_COUNT = N > 0, each of our N proxies appended the address it saw to
    X-Forwarded-For, so the client is the Nth entry from the right; entries further left
    were sent by the client and cannot be trusted. With N = 0 it is REMOTE_ADDR.
    """
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted > 0:
        forwarded = [
            item for item in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if item
        ]
        if len(forwarded) >= trusted:
            return _valid_ip(forwarded[-trusted])
    return _valid_ip(request.META.get("REMOTE_ADDR", ""))
