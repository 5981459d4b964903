"""Cursor pagination: stable under inserts, no page counting on large tables.

A list answers `{"items": [...], "next_cursor": "…" | null}`; pass `cursor` to get the next
items. The cursor is opaque (the last id, encoded) and only moves forward in id order.
"""

from __future__ import annotations

import base64
import binascii
from typing import Generic, TypeVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _
from ninja import Schema

from kausa.api.errors import ApiProblem

M = TypeVar("M", bound=Model)
S = TypeVar("S")

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class Page(Schema, Generic[S]):
    items: list[S]
    next_cursor: str | None


def encode_cursor(pk: int) -> str:
    return base64.urlsafe_b64encode(f"k{pk}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not text.startswith("k") or not text[1:].isdigit() or len(text) > 20:
            raise ValueError(cursor)
        return int(text[1:])
    except (ValueError, binascii.Error, UnicodeDecodeError) as error:
        raise ApiProblem(422, "invalid_cursor", _("The cursor is not valid.")) from error


def cursor_page(
    queryset: QuerySet[M], cursor: str | None, limit: int
) -> tuple[list[M], str | None]:
    """Up to `limit` rows after `cursor` in id order, and the cursor of the next page."""
    if limit < 1 or limit > MAX_LIMIT:
        raise ApiProblem(
            422, "invalid_limit", _("The limit must be between 1 and %(max)d.") % {"max": MAX_LIMIT}
        )
    rows = queryset.order_by("pk")
    if cursor:
        rows = rows.filter(pk__gt=decode_cursor(cursor))
    items = list(rows[: limit + 1])
    more = len(items) > limit
    items = items[:limit]
    return items, encode_cursor(int(items[-1].pk)) if more and items else None
