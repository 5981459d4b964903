"""Reads of people, with office scoping built in: another office's person is a 404."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from kausa.core.models import User
from kausa.people.models import Person


def people_visible_to(user: User) -> QuerySet[Person]:
    """Own office's people and those shared with it; team leads see the whole organisation."""
    people = Person.objects.filter(office__organisation_id=user.organisation_pk)
    if user.sees_all_offices:
        return people
    if user.office_id is None:
        return people.none()
    shared_ids = Person.shared_with_offices.through.objects.filter(office_id=user.office_id).values(
        "person_id"
    )
    return people.filter(Q(office_id=user.office_id) | Q(pk__in=shared_ids))


def person_get_for_user(user: User, pk: int) -> Person:
    queryset = people_visible_to(user).select_related("office", "district")
    return get_object_or_404(queryset, pk=pk)


def person_sensitive_visible(user: User, person: Person) -> bool:
    """Residence status and background: only for staff of the office that owns the person."""
    return user.office_id is not None and user.office_id == person.office_id


def person_editable_by(user: User, person: Person) -> bool:
    """The owning office edits; offices the person is shared with and team leads read."""
    return user.can_write and user.office_id == person.office_id
