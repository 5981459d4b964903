"""Sign-in throttling of portal accounts, as for staff: at most LOGIN_PAIR_LIMIT failures per
email and address, and LOGIN_ADDRESS_LIMIT per address over all emails, within
LOGIN_WINDOW_SECONDS. Failures are rows of kausa.portal.models.ThrottleHit keyed by a keyed
hash (neither the address nor the email is stored)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from kausa.core.net import client_address
from kausa.portal.bots import keyed_hash
from kausa.portal.models import ThrottleHit

LOGIN_PAIR_LIMIT = 5
LOGIN_ADDRESS_LIMIT = 20
LOGIN_WINDOW_SECONDS = 15 * 60
PAIR_SCOPE = "portal.account.login.pair"
ADDRESS_SCOPE = "portal.account.login.address"


def _keys(request: HttpRequest, email: str) -> tuple[str, str]:
    address = client_address(request) or "unknown"
    return keyed_hash("pair", address, email.strip().lower()), keyed_hash("address", address)


def _since() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=LOGIN_WINDOW_SECONDS)


def login_blocked(request: HttpRequest, email: str) -> bool:
    """Too many failed sign-ins from this address (for this email, or for any)."""
    pair, address = _keys(request, email)
    since = _since()
    recent = ThrottleHit.objects.filter(at__gte=since)
    if recent.filter(scope=PAIR_SCOPE, client_key=pair).count() >= LOGIN_PAIR_LIMIT:
        return True
    return recent.filter(scope=ADDRESS_SCOPE, client_key=address).count() >= LOGIN_ADDRESS_LIMIT


@transaction.atomic
def login_failed(request: HttpRequest, email: str) -> None:
    pair, address = _keys(request, email)
    now = timezone.now()
    ThrottleHit.objects.bulk_create(
        [
            ThrottleHit(scope=PAIR_SCOPE, client_key=pair, at=now),
            ThrottleHit(scope=ADDRESS_SCOPE, client_key=address, at=now),
        ]
    )
    ThrottleHit.objects.filter(scope__in=[PAIR_SCOPE, ADDRESS_SCOPE], at__lt=_since()).delete()


def login_succeeded(request: HttpRequest, email: str) -> None:
    """A correct sign-in clears the failures of this email from this address."""
    pair, _address = _keys(request, email)
    ThrottleHit.objects.filter(scope=PAIR_SCOPE, client_key=pair).delete()
