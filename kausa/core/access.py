"""Who may do what. The one access chokepoint of the staff app.

- Views are wrapped in `staff_view(write=…)` or `team_lead_view` (deny by default).
- Every read of a tenant object goes through `<entity>_get_for_user(user, pk, *, write=False)`
  in the app's selectors, built on `get_for_user` below: an object the user may not see
  answers 404, one they may see but not change answers 403 when `write=True`.
- Which office or organisation owns an object is declared once on its model
  (`owning_office_id` for records an office owns, `owning_organisation_id` for records the
  offices of an organisation share); `may_write` applies `User.can_write_for` or
  `User.can_write_shared` to it. Nothing else spells the rule out.
- Services re-check with `require_write(actor, obj)` before they change an object: the same
  rule, because views, commands, the worker and the API all reach the services.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Protocol, TypeVar, runtime_checkable

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

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


@runtime_checkable
class OfficeOwned(Protocol):
    """A record one office owns and only that office changes."""

    @property
    def owning_office_id(self) -> int | None: ...


@runtime_checkable
class OrganisationShared(Protocol):
    """A record the offices of one organisation share and any of them may change."""

    @property
    def owning_organisation_id(self) -> int | None: ...


class WriteDenied(PermissionDenied):
    """The user may see the object but not change it (answered as 403)."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or _("You may view this record but not change it."))


def may_write(user: User, obj: object) -> bool:
    """Whether `user` may change `obj`: the single write rule, by the object's declared owner."""
    if isinstance(obj, OfficeOwned):
        return user.can_write_for(obj.owning_office_id)
    if isinstance(obj, OrganisationShared):
        return user.can_write_shared(obj.owning_organisation_id)
    raise TypeError(f"{type(obj).__name__} declares no owner (owning_office_id or …)")


def require_write(user: User, obj: object) -> None:
    """Raise `WriteDenied` unless `user` may change `obj`; services call it first."""
    if not may_write(user, obj):
        raise WriteDenied


def require_write_for_office(user: User, office_id: int | None) -> None:
    """For services that create a record in an office (there is no object yet)."""
    if not user.can_write_for(office_id):
        raise WriteDenied


def require_configure(user: User) -> None:
    """Organisation settings (templates, topics, weights): team leads and administrators."""
    if not user.can_configure:
        raise WriteDenied


def get_for_user(queryset: QuerySet[M], pk: Any, *, user: User, write: bool = False) -> M:
    """The object `pk` from `queryset` (already scoped to what `user` may see): 404 if it is
    not there, 403 (`WriteDenied`) if `write` and the user may not change it."""
    obj = get_object_or_404(queryset, pk=pk)
    if write:
        require_write(user, obj)
    return obj
