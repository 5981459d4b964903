"""Make core_auditentry append-only in the database itself.

UPDATE, DELETE (and on PostgreSQL TRUNCATE) of audit rows raise, unless the current
transaction enabled the narrowly-scoped redaction escape hatch that
kausa.core.audit.audit_redaction() sets:
- PostgreSQL: the transaction-local setting `kausa.audit_redaction = 'on'`;
- SQLite: a row in kausa_audit_redaction, inserted and deleted inside the same transaction
  (a trigger can only read tables of its own database, so no TEMP table).

The SQL is written out here, not imported, so this migration never changes after the fact.
On SQLite, a later migration that rebuilds core_auditentry drops these triggers and must
create them again with the same SQL.
"""

from django.db import migrations

POSTGRESQL_FORWARD = [
    """
    CREATE OR REPLACE FUNCTION kausa_audit_entry_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF coalesce(current_setting('kausa.audit_redaction', true), '') = 'on' THEN
            IF TG_OP = 'DELETE' THEN
                RETURN OLD;
            END IF;
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'core_auditentry is append-only: % refused', TG_OP
            USING ERRCODE = 'restrict_violation';
    END;
    $$
    """,
    """
    CREATE TRIGGER core_auditentry_append_only
    BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION kausa_audit_entry_append_only()
    """,
    """
    CREATE TRIGGER core_auditentry_no_truncate
    BEFORE TRUNCATE ON core_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION kausa_audit_entry_append_only()
    """,
]
POSTGRESQL_BACKWARD = [
    "DROP TRIGGER IF EXISTS core_auditentry_no_truncate ON core_auditentry",
    "DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry",
    "DROP FUNCTION IF EXISTS kausa_audit_entry_append_only()",
]

SQLITE_FORWARD = [
    "CREATE TABLE IF NOT EXISTS kausa_audit_redaction (enabled integer NOT NULL)",
    """
    CREATE TRIGGER core_auditentry_no_update BEFORE UPDATE ON core_auditentry
    WHEN NOT EXISTS (SELECT 1 FROM kausa_audit_redaction)
    BEGIN
        SELECT RAISE(ABORT, 'core_auditentry is append-only: UPDATE refused');
    END
    """,
    """
    CREATE TRIGGER core_auditentry_no_delete BEFORE DELETE ON core_auditentry
    WHEN NOT EXISTS (SELECT 1 FROM kausa_audit_redaction)
    BEGIN
        SELECT RAISE(ABORT, 'core_auditentry is append-only: DELETE refused');
    END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS core_auditentry_no_delete",
    "DROP TRIGGER IF EXISTS core_auditentry_no_update",
    "DROP TABLE IF EXISTS kausa_audit_redaction",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_audit_entry_client_address_and_loose_actor"),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRESQL_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
