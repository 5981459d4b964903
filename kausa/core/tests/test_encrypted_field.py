"""EncryptedTextField: ciphertext in the column, plaintext in Python, key rotation, tampering.

The tests use a throwaway model and table, so they do not depend on which app uses the field.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from unittest import mock

import pytest
from cryptography.fernet import Fernet
from django.core import serializers
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection, models
from django.test.utils import isolate_apps

from kausa.core import crypto
from kausa.core.crypto import DecryptionError
from kausa.core.encrypted_columns import (
    encrypt_plaintext_column,
    encrypted_fields,
    reencrypt_column,
)
from kausa.core.fields import SERIALIZED_PREFIX, EncryptedTextField

SECRET = "Duldung bis 30.06., Ausbildungsduldung beantragt – Zqxsecret"
KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()


@pytest.fixture
def note_model(transactional_db, settings):
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    with isolate_apps("kausa.core"):

        class SecretNote(models.Model):
            text = EncryptedTextField(null=True, blank=True)

            class Meta:
                app_label = "core"
                db_table = "core_test_secret_note"

            def __str__(self) -> str:
                return f"note {self.pk}"

    with connection.schema_editor() as editor:
        editor.create_model(SecretNote)
    yield SecretNote
    with connection.schema_editor() as editor:
        editor.delete_model(SecretNote)


def stored(model, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT text FROM {model._meta.db_table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_the_column_holds_ciphertext_and_reads_return_plaintext(note_model):
    note = note_model.objects.create(text=SECRET)
    raw = stored(note_model, note.pk)
    assert SECRET not in raw and "Zqxsecret" not in raw
    assert crypto.looks_like_token(raw)
    assert note_model.objects.get(pk=note.pk).text == SECRET
    # Randomised: the same text gives a different token each time.
    other = note_model.objects.create(text=SECRET)
    assert stored(note_model, other.pk) != raw
    assert note_model.objects.create(text=None).text is None


def test_a_tampered_token_raises_instead_of_returning_garbage(note_model):
    note = note_model.objects.create(text=SECRET)
    raw = stored(note_model, note.pk)
    middle = len(raw) // 2
    tampered = raw[:middle] + ("A" if raw[middle] != "A" else "B") + raw[middle + 1 :]
    note_model.objects.filter(pk=note.pk).update(
        text=models.Value(tampered, output_field=models.TextField())
    )
    with pytest.raises(DecryptionError, match="could not be decrypted"):
        note_model.objects.get(pk=note.pk)


def test_a_token_of_an_unknown_key_raises(note_model):
    note = note_model.objects.create(text=SECRET)
    foreign = Fernet(Fernet.generate_key()).encrypt(b"other").decode()
    note_model.objects.filter(pk=note.pk).update(
        text=models.Value(foreign, output_field=models.TextField())
    )
    with pytest.raises(DecryptionError):
        note_model.objects.get(pk=note.pk)


def test_rotation_new_key_first_then_old_key_removed(note_model, settings):
    notes = [note_model.objects.create(text=f"{SECRET} {n}") for n in range(3)]
    note_model.objects.create(text=None)

    settings.FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]  # 1. add the new key in front
    assert note_model.objects.get(pk=notes[0].pk).text == f"{SECRET} 0"  # old tokens still open
    count = reencrypt_column(note_model, "text")  # 2. re-encrypt
    assert (count.rotated, count.already_current) == (3, 0)
    again = reencrypt_column(note_model, "text")  # idempotent
    assert (again.rotated, again.already_current) == (0, 3)

    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]  # 3. remove the old key
    assert [note_model.objects.get(pk=n.pk).text for n in notes] == [
        f"{SECRET} {n}" for n in range(3)
    ]
    for note in notes:
        Fernet(KEY_B.encode()).decrypt(stored(note_model, note.pk).encode())


def test_rotate_field_keys_command_reports_counts(note_model, settings):
    note_model.objects.create(text=SECRET)
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    out = io.StringIO()
    with mock.patch(
        "kausa.core.management.commands.rotate_field_keys.encrypted_fields",
        return_value=encrypted_fields([note_model]),
    ):
        call_command("rotate_field_keys", stdout=out)
        call_command("rotate_field_keys", stdout=out)
    assert "core.secretnote.text: 1 re-encrypted, 0 already current" in out.getvalue()
    assert "core.secretnote.text: 0 re-encrypted, 1 already current" in out.getvalue()


def test_rotate_field_keys_runs_over_the_installed_models(transactional_db):
    out = io.StringIO()
    call_command("rotate_field_keys", stdout=out)
    assert "total:" in out.getvalue()


def test_existing_plaintext_is_encrypted_by_the_migration_helper(note_model):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_test_secret_note (id, text) VALUES (1, %s), (2, NULL)", [SECRET]
        )
    assert encrypt_plaintext_column(note_model, "text") == 1
    assert SECRET not in stored(note_model, 1)
    assert note_model.objects.get(pk=1).text == SECRET
    assert encrypt_plaintext_column(note_model, "text") == 0  # safe to run twice


def test_serialised_data_holds_ciphertext_and_loads_back(note_model):
    note = note_model.objects.create(text=SECRET)
    dumped = serializers.serialize("python", note_model.objects.all())
    value = dumped[0]["fields"]["text"]
    assert value.startswith(SERIALIZED_PREFIX) and SECRET not in value
    # What the deserializer does with each field value: the plaintext comes back, and
    # saving it encrypts it again with the current key.
    field = note_model._meta.get_field("text")
    assert field.to_python(value) == SECRET
    assert note.text == SECRET


def test_ciphertext_cannot_be_searched(note_model):
    with pytest.raises(FieldError):
        list(note_model.objects.filter(text__icontains="Duldung"))
    assert note_model.objects.filter(text__isnull=True).count() == 0


def _settings_import(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"FIELD_ENCRYPTION_KEYS", "DEBUG"}}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import kausa.settings as s; print(s.FIELD_ENCRYPTION_KEYS[0])"],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_keys():
    result = _settings_import(DEBUG="0", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS must be set when DEBUG is off" in result.stderr


def test_a_malformed_key_is_refused():
    result = _settings_import(DEBUG="0", SECRET_KEY="x" * 50, FIELD_ENCRYPTION_KEYS="short")
    assert result.returncode != 0
    assert "key 1 is not a valid Fernet key" in result.stderr


def test_development_derives_a_key_from_the_secret_key():
    result = _settings_import(DEBUG="1", SECRET_KEY="dev-secret")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == crypto.development_key("dev-secret")
