"""The audit trail is append-only: in Python and in the database (SQLite and PostgreSQL).

Each refused statement runs in its own savepoint, so on PostgreSQL the test transaction
stays usable after the trigger raised.
"""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from kausa.core.audit import AuditTrailImmutable, audit_log, audit_redaction
from kausa.core.models import AuditEntry
from kausa.core.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(counsellor_a):
    person = PersonFactory(office=counsellor_a.office)
    return audit_log(
        actor=counsellor_a, action="people.person.created", obj=person, office=person.office
    )


def refused_by_database(statement):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        statement()


def test_the_model_refuses_changes_and_deletion(entry):
    entry.action = "people.person.tampered"
    with pytest.raises(AuditTrailImmutable):
        entry.save()
    with pytest.raises(AuditTrailImmutable):
        entry.delete()
    with pytest.raises(AuditTrailImmutable):
        AuditEntry.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(AuditTrailImmutable):
        AuditEntry.objects.filter(pk=entry.pk).delete()


def test_the_database_refuses_orm_update_and_delete(entry):
    # The base manager has none of the model's guards: only the trigger stands in the way.
    rows = AuditEntry._base_manager.filter(pk=entry.pk)
    refused_by_database(lambda: rows.update(action="people.person.tampered"))
    refused_by_database(lambda: rows.delete())
    assert AuditEntry.objects.get(pk=entry.pk).action == "people.person.created"


def test_the_database_refuses_raw_sql(entry):
    def raw(sql):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(sql, [entry.pk])

        return run

    refused_by_database(raw("UPDATE core_auditentry SET action = 'x' WHERE id = %s"))
    refused_by_database(raw("UPDATE core_auditentry SET actor_id = NULL WHERE id = %s"))
    refused_by_database(raw("DELETE FROM core_auditentry WHERE id = %s"))
    assert AuditEntry.objects.filter(pk=entry.pk, action="people.person.created").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL only")
def test_postgresql_refuses_truncate(entry):
    def truncate():
        with connection.cursor() as cursor:
            # Check the deferred foreign keys now: TRUNCATE refuses pending trigger events.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("TRUNCATE core_auditentry")

    refused_by_database(truncate)


def test_the_triggers_are_installed():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'core_auditentry'::regclass "
                "AND NOT tgisinternal"
            )
            expected = {"core_auditentry_append_only", "core_auditentry_no_truncate"}
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = 'core_auditentry'"
            )
            expected = {"core_auditentry_no_update", "core_auditentry_no_delete"}
        assert {row[0] for row in cursor.fetchall()} == expected


def test_redaction_is_possible_for_one_block_only(entry):
    with audit_redaction(reason="test of the erasure escape hatch"):
        AuditEntry.objects.filter(pk=entry.pk).update(changed_fields=["redacted"])
    assert AuditEntry.objects.get(pk=entry.pk).changed_fields == ["redacted"]
    # Still inside the test's transaction, but the flag is gone again.
    refused_by_database(lambda: AuditEntry._base_manager.filter(pk=entry.pk).update(action="x"))
    with pytest.raises(AuditTrailImmutable):
        AuditEntry.objects.filter(pk=entry.pk).delete()


def test_redaction_ends_with_a_failed_block(entry):
    with pytest.raises(RuntimeError), audit_redaction(reason="test"):
        AuditEntry.objects.filter(pk=entry.pk).update(changed_fields=["lost"])
        raise RuntimeError
    assert AuditEntry.objects.get(pk=entry.pk).changed_fields == []
    refused_by_database(lambda: AuditEntry._base_manager.filter(pk=entry.pk).delete())


def test_deleting_a_staff_account_leaves_the_trail_untouched(entry, counsellor_a):
    actor_id = counsellor_a.pk
    counsellor_a.delete()
    kept = AuditEntry.objects.get(pk=entry.pk)
    assert kept.actor_id == actor_id  # the id stays as a pseudonym
    assert AuditEntry.objects.select_related("actor").get(pk=entry.pk).actor is None
