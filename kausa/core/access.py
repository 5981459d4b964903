"""Who may do what: role checks for views. The default for staff pages is deny."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from kausa.core.models import Role, User

View = Callable[..., HttpResponse]


def staff_view(*, write: bool = False) -> Callable[[View], View]:
    """Require a logged-in staff member of an organisation; `write` excludes read-only roles."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not isinstance(user, User) or user.organisation_id is None:
                raise PermissionDenied
            if write and not user.can_write:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator


def team_lead_view(view: View) -> View:
    """Only team leads and administrators (organisation-wide roles)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not isinstance(user, User) or user.role not in {Role.TEAM_LEAD, Role.ADMIN}:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return staff_view()(wrapped)


def request_user(request: HttpRequest) -> User:
    """The signed-in staff member of a request that passed `staff_view`."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
