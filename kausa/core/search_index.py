"""The database indexes behind the name search (see kausa.core.search).

PostgreSQL: the `pg_trgm` extension and a GIN trigram index on each searched column; it
serves the similarity operators and the `LIKE '%…%'` of the word-start search.

SQLite: an FTS5 table with the trigram tokenizer per searched table, holding no copy of the
names (external content: the names stay in the table itself, the FTS table keeps only the
trigram index, keyed by the row's primary key). Triggers keep it in step with every insert,
update and delete. A table that a later migration rebuilds on SQLite (copy, drop, rename)
loses its triggers; `sqlite_index_ready` notices that and recreates them with a full rebuild.

FTS5 deletes write tombstones; the deleted row's trigrams stay in older index segments until
they are merged. After a committed delete of a searched row the index is therefore optimised
(merged into one segment), so that nothing of an erased name is left in it.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.signals import post_delete

logger = logging.getLogger(__name__)

# table -> model label; each has a normalised `search_text` column and an integer key `id`.
SEARCH_TABLES = {
    "people_person": "people.Person",
    "companies_company": "companies.Company",
    "partners_partner": "partners.Partner",
}
COLUMN = "search_text"
SQLITE_MIN_VERSION = (3, 34, 0)  # the FTS5 trigram tokenizer


def fts_table(table: str) -> str:
    return f"{table}_search"


def _trigger_names(table: str) -> tuple[str, str, str]:
    return (f"{table}_search_ai", f"{table}_search_ad", f"{table}_search_au")


def _check_table(table: str) -> None:
    if table not in SEARCH_TABLES:
        raise ValueError(f"no search index is defined for {table!r}")


def check_sqlite_support() -> None:
    """Refuse clearly when this SQLite cannot hold the search index."""
    if sqlite3.sqlite_version_info < SQLITE_MIN_VERSION:
        raise RuntimeError(
            "The name search needs SQLite 3.34 or newer (FTS5 trigram tokenizer); this "
            f"Python uses SQLite {sqlite3.sqlite_version}. Upgrade SQLite or use PostgreSQL."
        )
    with sqlite3.connect(":memory:") as probe:
        try:
            probe.execute("CREATE VIRTUAL TABLE probe USING fts5(x, tokenize='trigram')")
        except sqlite3.OperationalError as error:
            raise RuntimeError(
                "The name search needs SQLite with FTS5 (trigram tokenizer): "
                f"{error}. Use a SQLite built with FTS5 or PostgreSQL."
            ) from None


def _sqlite_trigger_sql(table: str) -> list[str]:
    fts = fts_table(table)
    insert, delete, update = _trigger_names(table)
    return [
        f'CREATE TRIGGER IF NOT EXISTS "{insert}" AFTER INSERT ON "{table}" BEGIN '  # noqa: S608
        f'INSERT INTO "{fts}"(rowid, {COLUMN}) VALUES (new.id, new.{COLUMN}); END',
        f'CREATE TRIGGER IF NOT EXISTS "{delete}" AFTER DELETE ON "{table}" BEGIN '  # noqa: S608
        f'INSERT INTO "{fts}"("{fts}", rowid, {COLUMN}) VALUES (\'delete\', old.id, old.{COLUMN}); '
        "END",
        f'CREATE TRIGGER IF NOT EXISTS "{update}" AFTER UPDATE OF id, {COLUMN} ON "{table}" '  # noqa: S608
        f"WHEN old.id IS NOT new.id OR old.{COLUMN} IS NOT new.{COLUMN} BEGIN "
        f'INSERT INTO "{fts}"("{fts}", rowid, {COLUMN}) VALUES (\'delete\', old.id, old.{COLUMN}); '
        f'INSERT INTO "{fts}"(rowid, {COLUMN}) VALUES (new.id, new.{COLUMN}); END',
    ]


def create_sqlite_index(cursor: Any, table: str) -> None:
    """The FTS table, its triggers and its content (rebuilt from the table's rows)."""
    _check_table(table)
    fts = fts_table(table)
    cursor.execute(
        f'CREATE VIRTUAL TABLE IF NOT EXISTS "{fts}" USING fts5({COLUMN}, '
        f"content='{table}', content_rowid='id', tokenize='trigram')"
    )
    for statement in _sqlite_trigger_sql(table):
        cursor.execute(statement)
    cursor.execute(f'INSERT INTO "{fts}"("{fts}") VALUES (\'rebuild\')')  # noqa: S608


def drop_sqlite_index(cursor: Any, table: str) -> None:
    _check_table(table)
    for trigger in _trigger_names(table):
        cursor.execute(f'DROP TRIGGER IF EXISTS "{trigger}"')
    cursor.execute(f'DROP TABLE IF EXISTS "{fts_table(table)}"')


def postgres_index_name(table: str) -> str:
    return f"{table}_search_trgm"


def create_postgres_index(cursor: Any, table: str) -> None:
    _check_table(table)
    cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # The extension lives in one schema per database (usually public); a connection whose
    # search_path leaves that schema out still finds the operator class by its full name.
    cursor.execute(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'pg_trgm'"
    )
    (schema,) = cursor.fetchone()
    cursor.execute(
        f'CREATE INDEX IF NOT EXISTS "{postgres_index_name(table)}" '
        f'ON "{table}" USING gin ({COLUMN} "{schema}".gin_trgm_ops)'
    )


def drop_postgres_index(cursor: Any, table: str) -> None:
    _check_table(table)
    cursor.execute(f'DROP INDEX IF EXISTS "{postgres_index_name(table)}"')


def migration_operations(table: str) -> list[Any]:
    """The operations of the migration that adds the search index of `table`."""
    from django.db import migrations

    def forwards(apps: Any, schema_editor: Any) -> None:
        connection = schema_editor.connection
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                check_sqlite_support()
                create_sqlite_index(cursor, table)
            elif connection.vendor == "postgresql":
                create_postgres_index(cursor, table)

    def backwards(apps: Any, schema_editor: Any) -> None:
        connection = schema_editor.connection
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                drop_sqlite_index(cursor, table)
            elif connection.vendor == "postgresql":
                drop_postgres_index(cursor, table)

    return [migrations.RunPython(forwards, backwards, elidable=False)]


def sqlite_index_ready(connection: BaseDatabaseWrapper, table: str) -> bool:
    """Whether the FTS table of `table` can answer; recreates lost triggers (with a rebuild,
    since writes made without them are missing from the index)."""
    _check_table(table)
    wanted = {fts_table(table), *_trigger_names(table)}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE name IN (%s, %s, %s, %s)",
            sorted(wanted),
        )
        present = {row[0] for row in cursor.fetchall()}
        if present == wanted:
            return True
        if fts_table(table) not in present:
            return False  # the migration has not run (or the index was dropped on purpose)
        logger.warning("search index of %s lost its triggers; rebuilding it", table)
        try:
            with transaction.atomic(using=connection.alias):
                drop_sqlite_index(cursor, table)
                create_sqlite_index(cursor, table)
        except Exception:
            logger.exception("search index of %s could not be rebuilt", table)
            return False
    return True


def rebuild(using: str = "default") -> list[str]:
    """Rebuild the search indexes from the tables' rows (SQLite FTS content, PostgreSQL
    trigram indexes); the tables rebuilt."""
    connection = connections[using]
    done = []
    with connection.cursor() as cursor:
        for table in SEARCH_TABLES:
            if connection.vendor == "sqlite":
                with transaction.atomic(using=using):
                    drop_sqlite_index(cursor, table)
                    create_sqlite_index(cursor, table)
                done.append(table)
            elif connection.vendor == "postgresql":
                cursor.execute(f'REINDEX INDEX "{postgres_index_name(table)}"')
                done.append(table)
    return done


# --- erasure: no trigrams of deleted rows left in the FTS index -------------------------------

_PENDING_ATTRIBUTE = "_kausa_search_purge_pending"


def purge_deleted(connection: BaseDatabaseWrapper, table: str) -> None:
    """Merge the FTS index of `table` into one segment, which drops deleted rows' entries."""
    fts = fts_table(table)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [fts])
        if cursor.fetchone():
            cursor.execute(f'INSERT INTO "{fts}"("{fts}") VALUES (\'optimize\')')  # noqa: S608


def _purge_pending(alias: str) -> None:
    connection = connections[alias]
    pending: set[str] = getattr(connection, _PENDING_ATTRIBUTE, set())
    while pending:
        purge_deleted(connection, pending.pop())


def _after_delete(sender: Any, using: str, **kwargs: Any) -> None:
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    pending = getattr(connection, _PENDING_ATTRIBUTE, None)
    if pending is None:
        pending = set()
        setattr(connection, _PENDING_ATTRIBUTE, pending)
    pending.add(sender._meta.db_table)
    # One callback per delete, but only the first after the commit does the work.
    transaction.on_commit(lambda: _purge_pending(using), using=using, robust=True)


for _table, _label in SEARCH_TABLES.items():
    post_delete.connect(_after_delete, sender=_label, dispatch_uid=f"search-purge-{_table}")
