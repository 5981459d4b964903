"""Reads of people, with office scoping built in: another office's person is a 404."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from kausa.core.access import get_for_user
from kausa.core.listing import filter_list
from kausa.core.models import District, Occupation, Office, User
from kausa.people.models import DesiredOccupation, Person


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
    if not shared_ids.exists():
        # Without the OR the database walks the office's name index page by page; with it, it
        # sorts every person of the office for each page. Sharing is the rare case.
        return people.filter(office_id=user.office_id)
    return people.filter(Q(office_id=user.office_id) | Q(pk__in=shared_ids))


def person_get_for_user(user: User, pk: int, *, write: bool = False) -> Person:
    """404 for a person the user may not see; with `write`, 403 unless the user's office owns
    the person (offices it is shared with and team leads only read)."""
    queryset = people_visible_to(user).select_related("office", "district")
    return get_for_user(queryset, pk, user=user, write=write)


@dataclass(frozen=True)
class PersonFilters:
    """The people list's filters (the cleaned filter form)."""

    q: str = ""
    include_archived: bool = False
    office: Office | None = None
    district: District | None = None
    occupation: Occupation | None = None
    german_level_min: int | None = None
    school_certificate_min: int | None = None


def person_list(user: User, filters: PersonFilters) -> QuerySet[Person]:
    people = filter_list(
        people_visible_to(user).select_related("office", "district"),
        q=filters.q,
        include_archived=filters.include_archived,
        lookups={
            "office": filters.office,
            "district": filters.district,
            "german_level__gte": filters.german_level_min,
            "school_certificate__gte": filters.school_certificate_min,
        },
    )
    if filters.occupation is not None:
        # A subquery, not a join: a join needs DISTINCT, which sorts whole rows of every person.
        people = people.filter(
            Exists(
                DesiredOccupation.objects.filter(
                    person_id=OuterRef("pk"), occupation=filters.occupation
                )
            )
        )
    return people


def person_sensitive_visible(user: User, person: Person) -> bool:
    """A read rule, separate from the write rule: residence status and background are shown
    only to staff of the office that owns the person, not to offices it is shared with nor to
    team leads (who otherwise read every office)."""
    return user.works_in(person.office_id)
