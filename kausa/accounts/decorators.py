"""Re-authentication: a recent password confirmation before security-relevant changes."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from kausa.accounts.sessions import recently_reauthenticated

View = Callable[..., HttpResponse]


def reauthentication_required(view: View) -> View:
    """Signed in, and the password confirmed within REAUTH_TIMEOUT; otherwise ask for it
    first (a POST sent without it changes nothing)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not recently_reauthenticated(request):
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('accounts:reauth')}?{query}")
        return view(request, *args, **kwargs)

    return login_required(wrapped)
