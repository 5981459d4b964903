"""Name search on SQLite: candidates from the FTS5 trigram index (kausa.core.search_index).

The index holds every row of the table, whatever the caller may see. Candidates are read in
rank order page by page, and each page is checked against the caller's queryset (office,
organisation, archive state, …), until enough scoped candidates are found or the matches
run out; so names of other offices can never crowd out the caller's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db import connections
from django.db.models import Model, Q, QuerySet
from django.db.models.expressions import RawSQL

from kausa.core.search_index import fts_table

if TYPE_CHECKING:
    from kausa.core.search import SearchTarget

M = TypeVar("M", bound=Model)
CHECK_BATCH = 500  # keys per scope check (one IN list)
MAX_PAGE = 4000


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def trigrams(needle: str) -> list[str]:
    """The distinct trigrams of the needle's words; of the whole needle (spaces included,
    as the index has them) when no word is three characters long."""
    found = {word[i : i + 3] for word in needle.split() for i in range(len(word) - 2)}
    if not found:
        found = {needle[i : i + 3] for i in range(len(needle) - 2)}
    return sorted(found)


def narrow_to_words(queryset: QuerySet[M], target: SearchTarget, needle: str) -> QuerySet[M]:
    """Add an index lookup for the rows containing every word of three or more characters,
    so that the word-start filter (a LIKE no index serves) only checks those."""
    words = [word for word in needle.split() if len(word) >= 3]
    if not words:
        return queryset
    fts = fts_table(target.table)
    match = " AND ".join(_phrase(word) for word in words)
    rows = RawSQL(f'SELECT rowid FROM "{fts}" WHERE "{fts}" MATCH %s', [match])  # noqa: S608, S611
    return queryset.filter(Q(**{f"{target.key}__in": rows}))


def similar_names(
    queryset: QuerySet[M], target: SearchTarget, needle: str, limit: int
) -> dict[Any, str]:
    """Up to `limit` keys of scoped rows -> their names, the most similar first (BM25 rank
    over the needle's trigrams)."""
    grams = trigrams(needle)
    if not grams:
        return {}
    fts = fts_table(target.table)
    match = " OR ".join(_phrase(gram) for gram in grams)
    scoped = queryset.order_by()
    found: dict[Any, str] = {}
    offset, page = 0, limit
    with connections[queryset.db].cursor() as cursor:
        while len(found) < limit:
            cursor.execute(
                f'SELECT rowid FROM "{fts}" WHERE "{fts}" MATCH %s '  # noqa: S608
                "ORDER BY rank LIMIT %s OFFSET %s",
                [match, page, offset],
            )
            keys = [row[0] for row in cursor.fetchall()]
            for start in range(0, len(keys), CHECK_BATCH):
                batch = keys[start : start + CHECK_BATCH]
                names = dict(
                    scoped.filter(**{f"{target.key}__in": batch}).values_list(
                        target.key, f"{_column_path(target)}"
                    )
                )
                for key in batch:
                    if key in names:
                        found[key] = names[key]
                if len(found) >= limit:
                    break
            if len(keys) < page:
                break
            offset += len(keys)
            page = min(page * 4, MAX_PAGE)
    return dict(list(found.items())[:limit])


def _column_path(target: SearchTarget) -> str:
    return target.column if target.key == "pk" else f"{target.key}__{target.column}"
