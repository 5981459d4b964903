"""Name search on PostgreSQL: candidates from the `pg_trgm` GIN index (kausa.core.search_index).

The candidate query filters by the caller's scope inside the same SQL statement, so the
candidate limit applies to names the caller may see only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.apps import apps
from django.db import connections, transaction
from django.db.models import BooleanField, F, FloatField, Func, Model, QuerySet, Value

from kausa.core.search_index import SEARCH_TABLES

if TYPE_CHECKING:
    from kausa.core.search import SearchTarget

M = TypeVar("M", bound=Model)
# word_similarity() the index must reach; low enough for 'mohamed' -> 'muhammad al haddad'
# (0.18) and 'schmidt' -> 'schmitt' (0.45); RapidFuzz decides what is similar enough.
WORD_SIMILARITY_THRESHOLD = 0.15


class WordSimilar(Func):
    """`needle <% column`: word_similarity(needle, column) reaches the threshold (indexed)."""

    template = "%(expressions)s"
    arg_joiner = " <%% "
    output_field = BooleanField()


class WordSimilarity(Func):
    function = "word_similarity"
    output_field = FloatField()


def similar_names(
    queryset: QuerySet[M], target: SearchTarget, needle: str, limit: int
) -> dict[Any, str]:
    """Up to `limit` keys of scoped rows -> their names, the most similar first."""
    model = apps.get_model(SEARCH_TABLES[target.table])
    scope = queryset.order_by().values(target.key)
    rows = (
        model._base_manager.using(queryset.db)
        .filter(pk__in=scope)
        .filter(WordSimilar(Value(needle), F(target.column)))
        .annotate(_similarity=WordSimilarity(Value(needle), F(target.column)))
        .order_by("-_similarity", "pk")
        .values_list("pk", target.column)[:limit]
    )
    connection = connections[queryset.db]
    with transaction.atomic(using=queryset.db), connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('pg_trgm.word_similarity_threshold'), "
            "current_setting('enable_seqscan')"
        )
        threshold, seqscan = cursor.fetchone()
        # The planner counts the similarity operator as cheap and may scan the whole table,
        # computing word_similarity() for every row; the index checks a few thousand instead.
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true), "
            "set_config('enable_seqscan', 'off', true)",
            [str(WORD_SIMILARITY_THRESHOLD)],
        )
        try:
            return dict(rows)
        finally:  # SET LOCAL would outlast this block inside an outer transaction
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true), "
                "set_config('enable_seqscan', %s, true)",
                [threshold, seqscan],
            )
