"""Bulk work on EncryptedTextField columns: key rotation and encrypting existing plaintext.

Both read the stored text as it is (a cast to text skips the field's decryption) and write
it back through `Value(..., output_field=TextField())`, which skips the field's encryption.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.db.models.functions import Cast

from kausa.core.crypto import (
    DecryptionError,
    decrypt_str,
    encrypt_str,
    is_current,
    looks_like_token,
    rotate_token,
)
from kausa.core.fields import EncryptedTextField

BATCH_SIZE = 500


@dataclass(frozen=True)
class RotationCount:
    label: str  # "app.model.field"
    rotated: int
    already_current: int


def encrypted_fields(
    model_list: Iterable[type[models.Model]] | None = None,
) -> list[tuple[type[models.Model], models.Field[Any, Any]]]:
    """Every (model, field) pair with an EncryptedTextField, of the installed models by default."""
    pairs: list[tuple[type[models.Model], models.Field[Any, Any]]] = []
    for model in model_list if model_list is not None else apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.local_concrete_fields:
            if isinstance(field, EncryptedTextField):
                pairs.append((model, field))
    return pairs


def _stored_values(
    model: type[models.Model], field_name: str, using: str
) -> Iterable[tuple[Any, str]]:
    rows: Iterable[tuple[Any, str]] = (
        model._base_manager.using(using)
        .filter(**{f"{field_name}__isnull": False})
        .annotate(_stored=Cast(field_name, output_field=models.TextField()))
        .order_by("pk")
        .values_list("pk", "_stored")
        .iterator(chunk_size=BATCH_SIZE)
    )
    return rows


def _write_stored(
    model: type[models.Model], field_name: str, pk: Any, stored: str, using: str
) -> None:
    model._base_manager.using(using).filter(pk=pk).update(
        **{field_name: models.Value(stored, output_field=models.TextField())}
    )


def reencrypt_column(
    model: type[models.Model], field_name: str, using: str = DEFAULT_DB_ALIAS
) -> RotationCount:
    """Re-encrypt every value of one column with the current key; idempotent."""
    rotated = current = 0
    with transaction.atomic(using=using):
        for pk, token in list(_stored_values(model, field_name, using)):
            if is_current(token):
                current += 1
                continue
            try:
                new_token = rotate_token(token)
            except DecryptionError as error:
                raise DecryptionError(f"{model._meta.label}#{pk}.{field_name}: {error}") from None
            _write_stored(model, field_name, pk, new_token, using)
            rotated += 1
    return RotationCount(f"{model._meta.label_lower}.{field_name}", rotated, current)


def encrypt_plaintext_column(
    model: type[models.Model], field_name: str, using: str = DEFAULT_DB_ALIAS
) -> int:
    """Encrypt the existing plaintext of a column just switched to EncryptedTextField.

    For a data migration after the AlterField (the column type stays text)::

        def encrypt_notes(apps, schema_editor):
            from kausa.core.encrypted_columns import encrypt_plaintext_column
            model = apps.get_model("people", "PersonSensitive")
            encrypt_plaintext_column(model, "notes", schema_editor.connection.alias)

    Values that are already tokens are left alone, so it is safe to run twice.
    """
    encrypted = 0
    with transaction.atomic(using=using):
        for pk, stored in list(_stored_values(model, field_name, using)):
            if looks_like_token(stored):
                decrypt_str(stored)  # already encrypted; raises if no configured key opens it
                continue
            _write_stored(model, field_name, pk, encrypt_str(stored), using)
            encrypted += 1
    return encrypted
