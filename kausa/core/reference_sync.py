"""Keep the District and Occupation tables in step with the reference data in the package."""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS


def sync_reference(using: str = DEFAULT_DB_ALIAS) -> tuple[int, int]:
    """Insert or update every district and occupation; returns their counts. Idempotent."""
    from kausa.core.models import District, Occupation
    from kausa.reference import gazetteer, occupations

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
    occupation_rows = [
        Occupation(
            key=item.key,
            name=item.name,
            kldb_code=item.kldb_code,
            duration_months=item.duration_months,
            competent_body=item.competent_body,
        )
        for item in occupations.all()
    ]
    Occupation.objects.using(using).bulk_create(
        occupation_rows,
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["name", "kldb_code", "duration_months", "competent_body"],
    )
    return len(district_rows), len(occupation_rows)


def sync_reference_after_migrate(using: str = DEFAULT_DB_ALIAS, plan: Any = None, **_: Any) -> None:
    from django.db import connections
    from django.db.migrations.executor import MigrationExecutor

    # Only when the core tables exist in their final shape (not after a backwards migrate).
    executor = MigrationExecutor(connections[using])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return
    sync_reference(using=using)
