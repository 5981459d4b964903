"""Password rules: passphrases and any script pass, dressed-up common passwords do not."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

from kausa.accounts.passwords import (
    CommonPasswordVariantValidator,
    MaximumLengthValidator,
    hidden_words,
)

pytestmark = pytest.mark.django_db

ACCEPTED = [
    "correct horse battery staple",
    "Grüße aus Dessau-Roßlau 🌳",
    "مرحبا بكم في مكتب كاوسا في ماغديبورغ",
    "Ich fahre jeden Morgen mit der Straßenbahn 10",
    "zwölf Boxkämpfer jagen Viktor quer über den großen Sylter Deich",
    "x7#Kq9!vLm2$Rp",
    "Ä" * 4096,
]
REJECTED = [
    "Passwort2024!",
    "P@ssw0rd123456",
    "Sommer2026!!!",
    "$ommer2026!!!",
    "2024Fußball!!!",
    "!!!Kennwort!!!1234",
    "Pa$$w0rd-2025",
]


@pytest.mark.parametrize("password", ACCEPTED)
def test_passphrases_and_any_script_are_accepted(password):
    validate_password(password)


@pytest.mark.parametrize("password", REJECTED)
def test_common_passwords_in_disguise_are_rejected_in_german(password):
    with translation.override("de"), pytest.raises(ValidationError) as error:
        validate_password(password)
    assert "gängiges Passwort" in " ".join(error.value.messages)


def test_leetspeak_and_edges_are_undone():
    assert "password" in hidden_words("P@ssw0rd123456")
    assert "passwort" in hidden_words("Passwort2024!")
    assert "sommer" in hidden_words("$ommer2026!!!")
    assert "hello" in hidden_words("he11o!!!2024")


def test_a_common_word_inside_a_longer_phrase_is_fine():
    CommonPasswordVariantValidator().validate("Mein Passwort ist sehr lang")


def test_maximum_length_is_generous_and_german():
    MaximumLengthValidator(4096).validate("a" * 4096)
    with translation.override("de"), pytest.raises(ValidationError) as error:
        validate_password("Ein sehr langer Satz " * 300)
    assert "zu lang" in error.value.messages[0]
    assert "4096" in error.value.messages[0]
