"""Who may do what: role checks for views. The default for staff pages is deny."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse

from kausa.core.models import Role, User

View = Callable[..., HttpResponse]
M = TypeVar("M", bound=Model)


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


def office_scoped(queryset: QuerySet[M], user: User) -> QuerySet[M]:
    """Records owned by one office (field `office`): the user's office only; team leads see
    every office of their organisation; staff without an office see nothing."""
    scoped = queryset.filter(office__organisation_id=user.organisation_pk)
    if user.sees_all_offices:
        return scoped
    if user.office_id is None:
        return scoped.none()
    return scoped.filter(office_id=user.office_id)


def request_user(request: HttpRequest) -> User:
    """The signed-in staff member of a request that passed `staff_view`."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
