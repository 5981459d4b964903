"""Model fields for data that must not be readable from the database or its dumps."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.lookups import IsNull
from django.utils.translation import gettext_lazy as _

from kausa.core.crypto import DecryptionError, decrypt_str, encrypt_str

# Marks an encrypted value in serialised data (backups, fixtures): `to_python` decrypts it,
# so loading a backup re-encrypts the text with the current key instead of encrypting twice.
SERIALIZED_PREFIX = "kausa-encrypted:"


class EncryptedTextField(models.TextField[Any, Any]):
    """Free text stored as a Fernet token in a text column; reads return the plaintext.

    Use it like a TextField (`EncryptedTextField(_("notes"), blank=True)`). The database only
    ever holds ciphertext, so the column cannot be searched, sorted or compared: the only
    supported lookup is `isnull`. A value that does not decrypt raises
    `kausa.core.crypto.DecryptionError` instead of returning garbage.
    """

    description = _("Text (encrypted at rest)")

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None:
            return None
        return decrypt_str(value)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value.startswith(SERIALIZED_PREFIX):
            try:
                return decrypt_str(value.removeprefix(SERIALIZED_PREFIX))
            except DecryptionError as error:
                raise ValidationError(str(error), code="invalid") from None
        return super().to_python(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return encrypt_str(str(value))

    def value_to_string(self, obj: models.Model) -> str | None:  # type: ignore[override]
        """Serialised as ciphertext: backups never contain the plaintext."""
        value = self.value_from_object(obj)
        if value is None:
            return None
        return SERIALIZED_PREFIX + encrypt_str(str(value))

    def get_lookup(self, lookup_name: str) -> Any:
        # Ciphertext is randomised: equality or substring lookups would silently match nothing.
        return IsNull if lookup_name == "isnull" else None

    def get_transform(self, lookup_name: str) -> Any:
        return None
