"""Typo-tolerant name search that behaves the same on SQLite and PostgreSQL.

Names are stored in a normalised search column (case-folded, accents and punctuation removed).
A query first matches word starts; only if that finds nothing are similar names looked for,
so that "Mohamed" finds "Muhammad" and "Schmidt" "Schmitt".

Both steps use a trigram index in the database (kausa.core.search_index): PostgreSQL's
`pg_trgm`, SQLite's FTS5 trigram tokenizer. The index proposes the most similar names within
the caller's scope (at most FUZZY_CANDIDATES), and RapidFuzz ranks those with the same scorer
and cutoff for every database. A column without such an index (or a database without it) falls
back to comparing every scoped name in Python.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from typing import TypeVar

from django.core.exceptions import FieldDoesNotExist
from django.db import connections
from django.db.models import Model, Q, QuerySet
from django.db.models.constants import LOOKUP_SEP
from rapidfuzz import fuzz, process

from kausa.core import search_index

FUZZY_SCORE_CUTOFF = 75
FUZZY_LIMIT = 200
FUZZY_MIN_LENGTH = 3  # shorter queries would resemble almost every name
FUZZY_CANDIDATES = 1000  # similar names the index proposes for RapidFuzz to rank
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


@dataclasses.dataclass(frozen=True)
class SearchTarget:
    """Where a search column lives: `key` is the lookup from the searched queryset to the row
    holding the column ("pk", or a foreign key such as "company"); `table` its table."""

    key: str
    table: str
    column: str


def search_target(queryset: QuerySet[M], field: str) -> SearchTarget | None:
    """The row and table behind `field` ("search_text", "company__search_text"), or None
    when the path crosses anything but foreign keys."""
    *path, column = field.split(LOOKUP_SEP)
    model: type[Model] = queryset.model
    for name in path:
        try:
            relation = model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        if not (relation.many_to_one or relation.one_to_one) or relation.related_model is None:
            return None
        model = relation.related_model
    return SearchTarget(LOOKUP_SEP.join(path) or "pk", model._meta.db_table, column)


def _indexed(queryset: QuerySet[M], target: SearchTarget | None) -> bool:
    if target is None or target.column != search_index.COLUMN:
        return False
    if target.table not in search_index.SEARCH_TABLES:
        return False
    connection = connections[queryset.db]
    if connection.vendor == "postgresql":
        return True
    if connection.vendor == "sqlite":
        return search_index.sqlite_index_ready(connection, target.table)
    return False


def search_queryset(queryset: QuerySet[M], query: str, field: str = "search_text") -> QuerySet[M]:
    """Rows with a word starting with each word of `query`; failing that, similar names.

    Exact hits win outright, so a correct name is never buried under look-alikes.
    """
    needle = normalize(query)
    if not needle:
        return queryset
    target = search_target(queryset, field)
    indexed = _indexed(queryset, target)
    vendor = connections[queryset.db].vendor
    exact = queryset
    for word in needle.split():
        word_start = Q(**{f"{field}__startswith": word}) | Q(**{f"{field}__contains": f" {word}"})
        exact = exact.filter(word_start)
    if indexed and vendor == "sqlite":
        from kausa.core import search_sqlite

        assert target is not None
        exact = search_sqlite.narrow_to_words(exact, target, needle)
    if len(needle) < FUZZY_MIN_LENGTH or exact.exists():
        return exact

    key = target.key if target is not None else "pk"
    if indexed and vendor == "postgresql":
        from kausa.core import search_postgres

        assert target is not None
        choices = search_postgres.similar_names(queryset, target, needle, FUZZY_CANDIDATES)
    elif indexed and vendor == "sqlite":
        from kausa.core import search_sqlite

        assert target is not None
        choices = search_sqlite.similar_names(queryset, target, needle, FUZZY_CANDIDATES)
    else:
        choices = dict(queryset.order_by().values_list(key, field))
    ranked = process.extract(
        needle,
        choices,
        scorer=fuzz.WRatio,
        score_cutoff=FUZZY_SCORE_CUTOFF,
        limit=FUZZY_LIMIT,
    )
    return queryset.filter(**{f"{key}__in": [pk for _choice, _score, pk in ranked]})
