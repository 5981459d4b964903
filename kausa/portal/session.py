"""Who a portal visitor is, kept in the session apart from the staff sign-in.

A company user signs in with a portal account (`account_login`); a young person or parent
proves who they are with a signed link from an email (`person_grant`), which lets this browser
see that one person's data for a while. Neither ever sets `request.user`, so no portal visitor
reaches a staff page, and signing out of one side leaves the other alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

ACCOUNT_KEY = "kausa_portal_account"
ACCOUNT_HASH_KEY = "kausa_portal_account_hash"
PERSON_KEY = "kausa_portal_person"
PERSON_UNTIL_KEY = "kausa_portal_person_until"
PERSON_GRANT_SECONDS = 60 * 60


def _password_mark(account: Any) -> str:
    # Changing the password (or a reset) ends every other session of the account.
    return salted_hmac("kausa.portal.session", account.password).hexdigest()


def account_login(request: HttpRequest, account: Any) -> None:
    request.session.cycle_key()  # no fixation: a new session id at every sign-in
    request.session[ACCOUNT_KEY] = account.pk
    request.session[ACCOUNT_HASH_KEY] = _password_mark(account)


def account_logout(request: HttpRequest) -> None:
    for key in (ACCOUNT_KEY, ACCOUNT_HASH_KEY):
        request.session.pop(key, None)
    request.session.cycle_key()


def current_account(request: HttpRequest) -> Any | None:
    """The signed-in, active and verified portal account of this browser, else None."""
    from kausa.portal.accounts.models import PortalAccount

    if hasattr(request, "_portal_account"):
        return request._portal_account
    account = None
    account_id = request.session.get(ACCOUNT_KEY)
    if account_id is not None:
        found = PortalAccount.objects.filter(
            pk=account_id, is_active=True, email_verified_at__isnull=False
        ).first()
        mark = request.session.get(ACCOUNT_HASH_KEY, "")
        if found is not None and constant_time_compare(mark, _password_mark(found)):
            account = found
    request._portal_account = account  # type: ignore[attr-defined]
    return account


def person_grant(request: HttpRequest, person_id: int) -> None:
    request.session.cycle_key()
    request.session[PERSON_KEY] = person_id
    request.session[PERSON_UNTIL_KEY] = int(time.time()) + PERSON_GRANT_SECONDS


def person_revoke(request: HttpRequest) -> None:
    for key in (PERSON_KEY, PERSON_UNTIL_KEY):
        request.session.pop(key, None)


def granted_person_id(request: HttpRequest) -> int | None:
    """The person whose data this browser may see (from a my-data link), while valid."""
    person_id = request.session.get(PERSON_KEY)
    until = request.session.get(PERSON_UNTIL_KEY, 0)
    if person_id is None or until < time.time():
        return None
    return int(person_id)


def login_redirect(request: HttpRequest) -> HttpResponse:
    query = urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(f"{reverse('portal_accounts:login')}?{query}")


def company_account_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A signed-in portal account whose company the office has confirmed; sets
    `request.portal_account`. Others go to the sign-in page (or the waiting page)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        account = current_account(request)
        if account is None:
            return login_redirect(request)
        if account.company_id is None:
            return HttpResponseRedirect(reverse("portal_accounts:pending"))
        request.portal_account = account  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper


def person_link_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A browser that opened a valid my-data link; sets `request.portal_person_id`. Others go
    to the page that sends such a link."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        person_id = granted_person_id(request)
        if person_id is None:
            return HttpResponseRedirect(reverse("portal_mydata:request_link"))
        request.portal_person_id = person_id  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper


__all__ = [
    "account_login",
    "account_logout",
    "company_account_required",
    "current_account",
    "granted_person_id",
    "person_grant",
    "person_link_required",
    "person_revoke",
]
