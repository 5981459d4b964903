"""backup and restore: a second, freshly migrated database receives every table intact.

Runs on SQLite (the second database is a new file) and on PostgreSQL (a new schema of the
test database). Row counts and checksums per table are compared between the source, the
manifest and the restored database.
"""

from __future__ import annotations

import copy
import gzip
import io
import json

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.db.utils import load_backend
from django.utils import timezone

from kausa.core.audit import audit_log
from kausa.core.backup import database_digests, read_manifest
from kausa.core.tests.factories import CompanyFactory, PartnerFactory, PersonFactory
from kausa.people.models import PersonLanguage

pytestmark = pytest.mark.django_db(transaction=True)
TARGET = "restore_target"
SCHEMA = "kausa_restore_test"
NOTES = "Aufenthaltserlaubnis läuft ab – Zqxnotes"


@pytest.fixture
def target(transactional_db, tmp_path):
    """A second database alias, migrated and empty."""
    config = copy.deepcopy(connection.settings_dict)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE; CREATE SCHEMA {SCHEMA}")
        options = config.setdefault("OPTIONS", {})
        options["options"] = f"-c search_path={SCHEMA}"
    else:
        config["NAME"] = str(tmp_path / "restored.sqlite3")
    # Registered as a connection only, not in the settings: the test framework then treats
    # it as a dynamically created connection and lets this test use it.
    wrapper = load_backend(config["ENGINE"]).DatabaseWrapper(config, TARGET)
    setattr(connections._connections, TARGET, wrapper)
    call_command("migrate", database=TARGET, verbosity=0)
    yield TARGET
    wrapper.close()
    delattr(connections._connections, TARGET)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")


@pytest.fixture
def data(office_a, office_b, counsellor_a, organisation):
    from kausa.counselling.models import CounsellingSession
    from kausa.counselling.services.cases import case_open_for_person

    people = [PersonFactory(office=office_a) for _ in range(5)]
    people[0].shared_with_offices.set([office_b])
    PersonLanguage.objects.create(person=people[0], language="ar", level=5)
    CompanyFactory(organisation=organisation)
    PartnerFactory(organisation=organisation)
    for person in people:
        audit_log(actor=counsellor_a, action="people.person.created", obj=person, office=office_a)
    case = case_open_for_person(
        actor=counsellor_a, person=people[0], opened_on=timezone.localdate()
    )
    CounsellingSession.objects.create(
        case=case, held_on=timezone.localdate(), duration_minutes=45, channel="phone", notes=NOTES
    )
    group = Group.objects.create(name="Leitung")
    group.permissions.set(Permission.objects.filter(codename__startswith="view_")[:3])
    counsellor_a.user_permissions.set(Permission.objects.filter(codename="view_person"))
    LogEntry.objects.create(
        user=counsellor_a,
        content_type=ContentType.objects.get_for_model(group),
        object_id=str(group.pk),
        object_repr="Leitung",
        action_flag=ADDITION,
    )
    return people


def test_backup_restores_into_an_empty_database(data, target, tmp_path, capsys):
    path = tmp_path / "kausa.jsonl.gz"
    call_command("backup", output=path, stdout=io.StringIO())
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    raw = gzip.decompress(path.read_bytes()).decode()
    assert "Zqxnotes" not in raw  # encrypted text stays encrypted in the file

    _header, manifest = read_manifest(path)
    source = database_digests("default")
    assert {label: vars(d) for label, d in source.items()} == manifest["tables"]

    out = io.StringIO()
    call_command("restore", path, database=target, stdout=out)
    restored = database_digests(target)
    mismatched = [label for label in source if source[label] != restored[label]]
    assert not mismatched
    assert source["people.person"].rows == 5
    assert restored["core.auditentry"].rows == source["core.auditentry"].rows >= 6

    from kausa.counselling.models import CounsellingSession

    assert CounsellingSession.objects.using(target).get().notes == NOTES
    with capsys.disabled():
        print(
            f"\nbackup/restore on {connection.vendor}: {len(source)} tables, "
            f"{sum(d.rows for d in source.values())} rows, "
            f"{len(source) - len(mismatched)}/{len(source)} checksums match"
        )


def test_restore_refuses_a_database_with_data_unless_forced(data, target, tmp_path):
    path = tmp_path / "kausa.jsonl.gz"
    call_command("backup", output=path, stdout=io.StringIO())
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", path, stdout=io.StringIO())  # the source itself
    call_command("restore", path, database=target, stdout=io.StringIO())
    # Forced, the restore replaces everything, audit trail included, in one transaction.
    call_command("restore", path, database=target, force=True, stdout=io.StringIO())
    assert database_digests(target) == database_digests("default")


def test_a_damaged_backup_is_refused(data, target, tmp_path):
    path = tmp_path / "kausa.jsonl.gz"
    call_command("backup", output=path, stdout=io.StringIO())
    lines = gzip.decompress(path.read_bytes()).decode().splitlines(keepends=True)
    person_line = next(i for i, line in enumerate(lines) if '"people.person"' in line)
    record = json.loads(lines[person_line])
    record["fields"]["last_name"] = "Geändert"
    lines[person_line] = json.dumps(record) + "\n"
    damaged = tmp_path / "damaged.jsonl.gz"
    damaged.write_bytes(gzip.compress("".join(lines).encode()))
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", damaged, database=target, stdout=io.StringIO())
    truncated = tmp_path / "truncated.jsonl.gz"
    truncated.write_bytes(gzip.compress("".join(lines[:-1]).encode()))
    with pytest.raises(CommandError, match="incomplete"):
        call_command("restore", truncated, database=target, stdout=io.StringIO())
