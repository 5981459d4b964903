"""Portable backups: gzip-compressed JSON Lines written with Django's serializers.

A backup made on SQLite restores into PostgreSQL and the other way round. The file holds
a header line, one line per record, and a manifest line with the row count and a checksum
per table plus a checksum of all record lines. The per-table checksum is computed from the
database rows (not from the file), so after a restore the same computation on the target
proves that every table arrived complete and unchanged.

Content types and permissions are not stored: `migrate` creates them, and references to
them are written as natural keys. Sessions and the task queue are not stored either.
Encrypted text stays encrypted in the file (see kausa.core.fields.SERIALIZED_PREFIX).
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
import io
import json
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "kausa-hub-backup"
VERSION = 1
# Recreated by `migrate`, or not worth keeping (sessions, the task queue).
NOT_BACKED_UP = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "django_tasks_db.dbtaskresult",
}
# Filled by `migrate` itself (reference data, seeded rows): not counted when deciding whether a
# database is empty, and replaced by the backup's rows on restore.
SEEDED_TABLES = {"core.district", "core.occupation", "partners.topic"}
NATURAL_KEY_MODELS = {"contenttypes.contenttype", "auth.permission"}


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class TableDigest:
    rows: int
    sha256: str


def backup_models() -> list[type[models.Model]]:
    """The stored models, each after the models it names by natural key (staff accounts)."""
    by_app = [
        (
            app_config,
            [
                model
                for model in app_config.get_models()
                if model._meta.label_lower not in NOT_BACKED_UP
                and model._meta.managed
                and not model._meta.proxy
            ],
        )
        for app_config in apps.get_app_configs()
    ]
    return serializers.sort_dependencies(by_app, allow_cycles=True)


# -- checksums of the rows, the same on every database backend --------------------------------


def _normal(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        # The serializer keeps milliseconds; compare at that precision, in UTC.
        value = value.replace(microsecond=value.microsecond // 1000 * 1000)
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC)
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.replace(microsecond=value.microsecond // 1000 * 1000).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return value


def _is_natural(model: type[models.Model] | None) -> bool:
    return model is not None and model._meta.label_lower in NATURAL_KEY_MODELS


def _row(obj: models.Model) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.is_relation and _is_natural(field.related_model):
            related = getattr(obj, field.name)
            row[field.attname] = list(related.natural_key()) if related is not None else None
        elif field.is_relation:
            row[field.attname] = getattr(obj, field.attname)
        else:
            row[field.attname] = _normal(field.value_from_object(obj))  # plaintext if encrypted
    for field in obj._meta.many_to_many:
        if not field.remote_field.through._meta.auto_created:  # type: ignore[union-attr]
            continue  # an explicit through model is a table of its own
        related = getattr(obj, field.name).all()
        if _is_natural(field.related_model):
            row[field.name] = sorted(list(item.natural_key()) for item in related)
        else:
            row[field.name] = sorted(str(item.pk) for item in related)
    return row


def table_digest(model: type[models.Model], using: str = DEFAULT_DB_ALIAS) -> TableDigest:
    """Row count and an order-independent checksum (sum of row hashes modulo 2**256)."""
    queryset = model._base_manager.using(using).all()
    m2m = [field.name for field in model._meta.many_to_many]
    if m2m:
        queryset = queryset.prefetch_related(*m2m)
    total = rows = 0
    for obj in queryset.iterator(chunk_size=1000):
        line = json.dumps(_row(obj), sort_keys=True, separators=(",", ":"), default=str)
        total = (total + int(hashlib.sha256(line.encode()).hexdigest(), 16)) % 2**256
        rows += 1
    return TableDigest(rows=rows, sha256=f"{total:064x}")


def database_digests(
    using: str = DEFAULT_DB_ALIAS, labels: set[str] | None = None
) -> dict[str, TableDigest]:
    return {
        model._meta.label_lower: table_digest(model, using)
        for model in backup_models()
        if labels is None or model._meta.label_lower in labels
    }


def applied_migrations(using: str) -> list[str]:
    recorder = MigrationRecorder(connections[using])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


# -- writing ----------------------------------------------------------------------------------


class _HashingWriter:
    """Text sink for the serializer: hashes the record lines and writes them compressed."""

    def __init__(self, target: io.BufferedIOBase) -> None:
        self.target = target
        self.hash = hashlib.sha256()

    def write(self, text: str) -> None:
        data = text.encode("utf-8")
        self.hash.update(data)
        self.target.write(data)


def _json_line(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, sort_keys=True) + "\n").encode("utf-8")


def write_backup(path: Path, using: str = DEFAULT_DB_ALIAS) -> dict[str, Any]:
    """Write a backup of database `using` to `path` (mode 0600); returns the manifest."""
    connection = connections[using]
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb") as target:
        # One transaction: a consistent snapshot (SQLite locks writers out meanwhile).
        outermost = not connection.in_atomic_block
        with transaction.atomic(using=using):
            if connection.vendor == "postgresql" and outermost:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            target.write(
                _json_line(
                    {
                        "format": FORMAT,
                        "version": VERSION,
                        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
                        "source_vendor": connection.vendor,
                        "migrations": applied_migrations(using),
                    }
                )
            )
            writer = _HashingWriter(target)
            for model in backup_models():
                serializers.serialize(
                    "jsonl",
                    model._base_manager.using(using).order_by("pk").iterator(chunk_size=1000),
                    stream=writer,
                    use_natural_foreign_keys=True,
                )
            tables = database_digests(using)
        manifest = {
            "tables": {label: vars(digest) for label, digest in sorted(tables.items())},
            "records": sum(digest.rows for digest in tables.values()),
            "records_sha256": writer.hash.hexdigest(),
        }
        target.write(_json_line({"manifest": manifest}))
    return manifest


# -- reading and restoring --------------------------------------------------------------------


def _open_lines(path: Path) -> Iterator[str]:
    with path.open("rb") as probe:
        compressed = probe.read(2) == b"\x1f\x8b"
    opener = gzip.open if compressed else open
    with opener(path, "rt", encoding="utf-8") as lines:
        yield from lines


def read_manifest(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """Header and manifest of a backup, after checking the record lines against the manifest."""
    lines = _open_lines(path)
    try:
        header = json.loads(next(lines))
    except (StopIteration, ValueError):
        raise BackupError("not a KAUSA Hub backup (no header line)") from None
    if header.get("format") != FORMAT or header.get("version") != VERSION:
        raise BackupError("not a KAUSA Hub backup of a supported version")
    digest = hashlib.sha256()
    manifest = None
    for line in lines:
        if line.startswith('{"manifest":'):
            manifest = json.loads(line)["manifest"]
            break
        digest.update(line.encode("utf-8"))
    if manifest is None:
        raise BackupError("the backup is incomplete: no manifest at its end")
    if digest.hexdigest() != manifest["records_sha256"]:
        raise BackupError("the backup is damaged: its records do not match the manifest checksum")
    return header, manifest


def _record_lines(path: Path) -> Iterator[str]:
    lines = _open_lines(path)
    next(lines)  # header
    for line in lines:
        if line.startswith('{"manifest":'):
            return
        yield line


def non_empty_tables(using: str) -> list[str]:
    return [
        model._meta.label_lower
        for model in backup_models()
        if model._meta.label_lower not in SEEDED_TABLES
        and model._base_manager.using(using).exists()
    ]


def _clear_seeded(using: str) -> None:
    """Remove what `migrate` seeded; the backup brings the same tables complete."""
    connection = connections[using]
    with connection.cursor() as cursor:
        for model in backup_models():
            if model._meta.label_lower in SEEDED_TABLES:
                table = connection.ops.quote_name(model._meta.db_table)  # a model's own table
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608


def _wipe(using: str) -> None:
    """Empty every table a backup fills (and the sessions); inside the caller's transaction."""
    connection = connections[using]
    tables = set()
    for model in [*backup_models(), apps.get_model("sessions", "Session")]:
        tables.add(model._meta.db_table)
        for field in model._meta.local_many_to_many:
            tables.add(field.remote_field.through._meta.db_table)  # type: ignore[union-attr]
    statements = connection.ops.sql_flush(no_style(), sorted(tables), reset_sequences=False)
    connection.ops.execute_sql_flush(statements)


def restore_backup(
    path: Path, using: str = DEFAULT_DB_ALIAS, force: bool = False
) -> dict[str, TableDigest]:
    """Load a backup into database `using`, which must be migrated to the backup's schema and
    be empty (unless `force`: then its contents are replaced). All in one transaction: on
    any error, including a checksum mismatch after loading, nothing changes. Returns the
    verified row count and checksum of every restored table."""
    from kausa.core.audit import audit_redaction

    header, manifest = read_manifest(path)
    connection = connections[using]
    if set(header["migrations"]) != set(applied_migrations(using)):
        raise BackupError(
            "the database is not at the schema of the backup: migrate it to the same version "
            "(same code release) first, restore, then migrate to the current version"
        )
    occupied = non_empty_tables(using)
    if occupied and not force:
        raise BackupError(
            "the database is not empty (" + ", ".join(occupied[:5]) + "); restore refuses to "
            "mix data. Use --force to replace everything in it (also when this is a freshly "
            "migrated database whose migrations seeded other tables)"
        )
    allowed = {model._meta.label_lower for model in backup_models()}
    with (
        audit_redaction(reason="restore --force", using=using)
        if force
        else transaction.atomic(using=using)
    ):
        if force:
            _wipe(using)
        else:
            _clear_seeded(using)
        _load(path, using, allowed)
        touched = [apps.get_model(label) for label in manifest["tables"]]
        for statement in connection.ops.sequence_reset_sql(no_style(), touched):
            with connection.cursor() as cursor:
                cursor.execute(statement)
        connection.check_constraints()
        restored = database_digests(using, labels=set(manifest["tables"]))
        for label, expected in manifest["tables"].items():
            if vars(restored[label]) != expected:
                raise BackupError(f"{label}: restored rows do not match the backup's checksum")
    return restored


def _load(path: Path, using: str, allowed: set[str]) -> None:
    deferred = []
    for item in serializers.deserialize(
        "jsonl", _record_lines(path), using=using, handle_forward_references=True
    ):
        if item.object._meta.label_lower not in allowed:
            raise BackupError(f"the backup holds records of {item.object._meta.label}")
        item.save(using=using)
        if item.deferred_fields:
            deferred.append(item)
    for item in deferred:
        item.save_deferred_fields(using=using)
