"""Keep the District and Occupation tables in step with the reference data in the package.

After every migrate the shipped districts and occupations are upserted, each occupation's
successor is linked, and people's wishes and places that still point at a replaced occupation
are moved to the occupation that replaced it (`move_replaced_occupations`). The move also runs
as a data migration (core 0006), so an upgrade moves rows before the first sync.
"""

from __future__ import annotations

import datetime
import logging
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TextIO

from django.apps import apps as installed_apps
from django.apps.registry import Apps
from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.utils import timezone

from kausa.reference import occupations as reference_occupations

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class MovedCounts:
    """What `move_replaced_occupations` changed; counts only, never who."""

    wishes: int = 0
    """Desired occupations now pointing at the successor."""
    merged_wishes: int = 0
    """Desired occupations dropped because the person already wished the successor."""
    places: int = 0
    """Apprenticeship places now pointing at the successor."""

    @property
    def total(self) -> int:
        return self.wishes + self.merged_wishes + self.places


def sync_reference(using: str = DEFAULT_DB_ALIAS) -> tuple[int, int]:
    """Insert or update every district and occupation; returns their counts. Idempotent."""
    from kausa.core.models import District, Occupation
    from kausa.reference import gazetteer

    district_rows = [
        District(
            key=item.key,
            nuts3=item.nuts3,
            name=item.name,
            district_type=item.district_type,
            state=item.state,
            latitude=item.latitude,
            longitude=item.longitude,
        )
        for item in gazetteer.districts()
    ]
    District.objects.using(using).bulk_create(
        district_rows,
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["nuts3", "name", "district_type", "state", "latitude", "longitude"],
    )
    items = reference_occupations.all()
    occupation_rows = [
        Occupation(
            key=item.key,
            name=item.name,
            kldb_code=item.kldb_code,
            duration_months=item.duration_months,
            competent_body=item.competent_body,
            valid_from=item.valid_from,
            valid_to=item.valid_to,
        )
        for item in items
    ]
    Occupation.objects.using(using).bulk_create(
        occupation_rows,
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=[
            "name",
            "kldb_code",
            "duration_months",
            "competent_body",
            "valid_from",
            "valid_to",
        ],
    )
    _link_successors(items, using)
    return len(district_rows), len(occupation_rows)


def _link_successors(items: Iterable[reference_occupations.Occupation], using: str) -> None:
    """Point each occupation row at its successor's row (a second pass: the successor may be
    inserted in the same upsert)."""
    from kausa.core.models import Occupation

    rows = {row.key: row for row in Occupation.objects.using(using).only("pk", "key", "successor")}
    changed = []
    for item in items:
        row = rows.get(item.key)
        successor = rows.get(item.successor) if item.successor else None
        wanted = successor.pk if successor is not None else None
        if row is not None and row.successor_id != wanted:
            row.successor_id = wanted
            changed.append(row)
    Occupation.objects.using(using).bulk_update(changed, ["successor"])


def _replacement_plan(day: datetime.date) -> dict[str, reference_occupations.Occupation]:
    """Key of each replaced occupation no longer valid on `day` -> the current occupation at
    the end of its chain of successors."""
    plan = {}
    for item in reference_occupations.all():
        if not item.successor or item.is_valid_on(day):
            continue
        target = reference_occupations.successor_of(item.key)
        if target is not None:
            plan[item.key] = target
    return plan


def _occupation_pk(
    model: type[models.Model], item: reference_occupations.Occupation, using: str
) -> Any:
    """The row of a reference occupation, created from the reference data if it is missing
    (during the data migration the post-migrate sync has not run yet)."""
    row, _created = model._default_manager.db_manager(using).get_or_create(
        key=item.key,
        defaults={
            "name": item.name,
            "kldb_code": item.kldb_code,
            "duration_months": item.duration_months,
            "competent_body": item.competent_body,
            "valid_from": item.valid_from,
            "valid_to": item.valid_to,
        },
    )
    return row.pk


def _move_wishes(
    wish_model: type[models.Model], old_pk: Any, new_pk: Any, using: str
) -> MovedCounts:
    """Move the desired occupations of one replaced occupation. A person who already wished
    the successor keeps one wish (the better-ranked one); their ranks are then closed up."""
    wishes = wish_model._default_manager.db_manager(using)
    moved = merged = 0
    merged_people = set()
    for pk, person_id, rank in wishes.filter(occupation_id=old_pk).values_list(
        "pk", "person_id", "rank"
    ):
        existing = (
            wishes.filter(person_id=person_id, occupation_id=new_pk)
            .values_list("pk", "rank")
            .first()
        )
        if existing is None:
            wishes.filter(pk=pk).update(occupation_id=new_pk)
            moved += 1
            continue
        merged += 1
        merged_people.add(person_id)
        if rank < existing[1]:  # the replaced wish ranked higher: it takes the successor
            wishes.filter(pk=existing[0]).delete()
            wishes.filter(pk=pk).update(occupation_id=new_pk)
        else:
            wishes.filter(pk=pk).delete()
    for person_id in merged_people:
        _close_rank_gaps(wish_model, person_id, using)
    return MovedCounts(wishes=moved, merged_wishes=merged)


def _close_rank_gaps(wish_model: type[models.Model], person_id: Any, using: str) -> None:
    # Ascending order: each new rank is free, because the row holding it moved down before.
    wishes = wish_model._default_manager.db_manager(using)
    ordered = wishes.filter(person_id=person_id).order_by("rank").values_list("pk", "rank")
    for new_rank, (pk, rank) in enumerate(list(ordered), start=1):
        if rank != new_rank:
            wishes.filter(pk=pk).update(rank=new_rank)


def move_replaced_occupations(
    *, using: str = DEFAULT_DB_ALIAS, day: datetime.date | None = None, apps: Apps | None = None
) -> MovedCounts:
    """Move wishes and places from occupations replaced before `day` (default: today) to
    their current successor. Works from the reference data, so it also runs in a data
    migration with the historical `apps` before the successor rows exist (they are created
    from the reference data when something has to move to them). Not a user action: no audit
    entry, one log line with the counts."""
    registry: Apps = apps if apps is not None else installed_apps
    occupation_model = registry.get_model("core", "Occupation")
    wish_model = registry.get_model("people", "DesiredOccupation")
    place_model = registry.get_model("vacancies", "Vacancy")
    plan = _replacement_plan(day or timezone.localdate())
    old_pks = dict(
        occupation_model._default_manager.db_manager(using)
        .filter(key__in=plan)
        .values_list("key", "pk")
    )
    total = MovedCounts()
    with transaction.atomic(using=using):
        for key, old_pk in sorted(old_pks.items()):
            places = place_model._default_manager.db_manager(using).filter(occupation_id=old_pk)
            wishes = wish_model._default_manager.db_manager(using).filter(occupation_id=old_pk)
            if not places.exists() and not wishes.exists():
                continue
            new_pk = _occupation_pk(occupation_model, plan[key], using)
            moved_places = places.update(occupation_id=new_pk)
            moved = _move_wishes(wish_model, old_pk, new_pk, using)
            total = MovedCounts(
                wishes=total.wishes + moved.wishes,
                merged_wishes=total.merged_wishes + moved.merged_wishes,
                places=total.places + moved_places,
            )
    if total.total:
        logger.info(
            "Replaced occupations: moved %d desired occupations (%d more merged into an "
            "existing wish) and %d places to the successor",
            total.wishes,
            total.merged_wishes,
            total.places,
        )
    return total


def sync_reference_after_migrate(
    using: str = DEFAULT_DB_ALIAS,
    plan: Any = None,
    verbosity: int = 1,
    stdout: TextIO | None = None,
    **_: Any,
) -> None:
    from django.db import connections
    from django.db.migrations.executor import MigrationExecutor

    # Only when the core tables exist in their final shape (not after a backwards migrate).
    executor = MigrationExecutor(connections[using])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return
    sync_reference(using=using)
    moved = move_replaced_occupations(using=using)
    if moved.total and verbosity >= 1:
        (stdout or sys.stdout).write(
            f"Replaced occupations: moved {moved.wishes} desired occupations "
            f"({moved.merged_wishes} merged) and {moved.places} places to the successor\n"
        )
