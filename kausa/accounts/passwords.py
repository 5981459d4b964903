"""Password validators beyond Django's: common passwords in disguise, and an upper length."""

from __future__ import annotations

import re
import unicodedata
from functools import cached_property

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Common German choices that Django's (mostly English) list misses.
GERMAN_COMMON = frozenset(
    {
        "passwort",
        "kennwort",
        "geheim",
        "hallo",
        "hallihallo",
        "willkommen",
        "schatz",
        "schatzi",
        "liebe",
        "ichliebedich",
        "sommer",
        "winter",
        "herbst",
        "fruehling",
        "frühling",
        "sonne",
        "sonnenschein",
        "blume",
        "mausi",
        "hase",
        "hasi",
        "fussball",
        "fußball",
        "bayern",
        "schalke",
        "borussia",
        "dortmund",
        "deutschland",
        "berlin",
        "hamburg",
        "muenchen",
        "münchen",
        "magdeburg",
        "halle",
        "dessau",
        "qwertz",
        "qwertzu",
        "asdfgh",
        "ausbildung",
        "kausa",
        "admin",
        "administrator",
        "benutzer",
        "anmelden",
        "zugang",
    }
)

# Simple leetspeak: digits and symbols that stand for letters inside a word; "1" and "!"
# stand for either "i" or "l", so both readings are tried.
DIGIT_LEET = str.maketrans({"4": "a", "3": "e", "0": "o", "5": "s", "7": "t"})
SYMBOL_LEET = str.maketrans({"@": "a", "$": "s"})
ONE_READINGS = ("i", "l")
EDGE_NON_LETTERS = re.compile(r"^[\W\d_]+|[\W\d_]+$")
NON_LETTERS = re.compile(r"[\W\d_]+")
# Shorter cores are left alone: too many random passwords would contain one by chance.
MIN_CORE_LENGTH = 4


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def hidden_words(password: str) -> set[str]:
    """The words a password may hide behind capitals, digits and symbols at its ends, and
    leetspeak: "P@ssw0rd123456" -> "password", "$ommer2026!!!" -> "sommer"."""
    lowered = fold(password).strip()
    words = set()
    for one in ONE_READINGS:
        # "$" and "@" are read as letters before the ends are trimmed too, so that a leading
        # "$" stays; "!" is mostly punctuation at the end and is read as a letter only inside.
        for text in (lowered, lowered.translate(SYMBOL_LEET)):
            core = EDGE_NON_LETTERS.sub("", text)
            word = core.translate(DIGIT_LEET).translate(SYMBOL_LEET)
            word = word.replace("1", one).replace("!", one)
            words |= {word, NON_LETTERS.sub("", word)}
    return {word for word in words if len(word) >= MIN_CORE_LENGTH}


class CommonPasswordVariantValidator:
    """Rejects common passwords dressed up with capitals, digits, symbols or leetspeak,
    e.g. "Passwort2024!", "P@ssw0rd123456", "Sommer2026!!!". Long passphrases pass: only a
    password whose whole core is a common password is refused."""

    @cached_property
    def common(self) -> frozenset[str]:
        return frozenset(fold(word) for word in CommonPasswordValidator().passwords | GERMAN_COMMON)

    def validate(self, password: str, user: object = None) -> None:
        if hidden_words(password) & self.common:
            raise ValidationError(
                _(
                    "This password is a common password with digits, symbols or replaced "
                    "letters added. Choose a passphrase of several words instead."
                ),
                code="password_common_variant",
            )

    def get_help_text(self) -> str:
        return _("Your password cannot be a common password with digits or symbols added.")


class MaximumLengthValidator:
    """An upper bound, so that hashing a submitted password stays cheap."""

    def __init__(self, max_length: int = 4096) -> None:
        self.max_length = max_length

    def validate(self, password: str, user: object = None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                ngettext(
                    "This password is too long. It must contain at most %(max_length)d character.",
                    "This password is too long. It must contain at most %(max_length)d characters.",
                    self.max_length,
                ),
                code="password_too_long",
                params={"max_length": self.max_length},
            )

    def get_help_text(self) -> str:
        return ngettext(
            "Your password can contain at most %(max_length)d character.",
            "Your password can contain at most %(max_length)d characters.",
            self.max_length,
        ) % {"max_length": self.max_length}
