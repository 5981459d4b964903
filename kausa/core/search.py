"""Typo-tolerant name search that behaves the same on SQLite and PostgreSQL.

Names are stored in a normalised search column (case-folded, accents and punctuation removed).
A query first matches word starts in the database; only if that finds nothing does RapidFuzz
compare the scoped rows' names, so that "Mohamed" finds "Muhammad" and "Schmidt" "Schmitt".
"""

from __future__ import annotations

import unicodedata
from typing import TypeVar

from django.db.models import Model, Q, QuerySet
from rapidfuzz import fuzz, process

FUZZY_SCORE_CUTOFF = 75
FUZZY_LIMIT = 200
FUZZY_MIN_LENGTH = 3  # shorter queries would resemble almost every name
M = TypeVar("M", bound=Model)
_FOLD = str.maketrans({"ß": "ss", "ø": "o", "æ": "ae", "ł": "l", "đ": "d", "ı": "i"})


def normalize(text: str) -> str:
    """Lower-case, strip accents, words only: 'Özdemir  Al-Çelik' -> 'ozdemir al celik'."""
    folded = text.casefold().translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", folded)
    stripped = "".join(
        char if char.isalnum() else " " for char in decomposed if not unicodedata.combining(char)
    )
    return " ".join(stripped.split())


def search_queryset(queryset: QuerySet[M], query: str, field: str = "search_text") -> QuerySet[M]:
    """Rows with a word starting with each word of `query`; failing that, similar names.

    Exact hits win outright, so a correct name is never buried under look-alikes.
    """
    needle = normalize(query)
    if not needle:
        return queryset
    exact = queryset
    for word in needle.split():
        word_start = Q(**{f"{field}__startswith": word}) | Q(**{f"{field}__contains": f" {word}"})
        exact = exact.filter(word_start)
    if len(needle) < FUZZY_MIN_LENGTH or exact.exists():
        return exact
    choices = dict(queryset.values_list("pk", field))
    ranked = process.extract(
        needle,
        choices,
        scorer=fuzz.WRatio,
        score_cutoff=FUZZY_SCORE_CUTOFF,
        limit=FUZZY_LIMIT,
    )
    return queryset.filter(pk__in=[pk for _choice, _score, pk in ranked])
