"""What the resource routers share: bounded ids, the documented error answers, and turning a
service's validation error into one that names the request's field."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from pydantic import Field

from kausa.api.errors import ErrorOut

# Ids are 64-bit in the database: a larger number is a validation error, not a failed query.
MAX_ID = 2**63 - 1
RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]

# The error answers every operation documents (the body is always `ErrorOut`): a body that is
# not JSON, no token, a refused write, an unknown or invisible record, invalid data, the rate
# limit.
ERROR_CODES = frozenset({400, 401, 403, 404, 422, 429})
ERRORS: dict[frozenset[int], type[ErrorOut]] = {ERROR_CODES: ErrorOut}


@contextmanager
def errors_on(field: str, renamed: dict[str, str] | None = None) -> Iterator[None]:
    """A service's error without a field is reported on `field`; the service's own field names
    are renamed to the request's (e.g. `partner` → `partner_id`)."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise ValidationError({field: error.error_list}) from error
        names = renamed or {}
        raise ValidationError(
            {names.get(name, name): errors for name, errors in error.error_dict.items()}
        ) from error


def page(items: list[Any], next_cursor: str | None) -> dict[str, object]:
    return {"items": items, "next_cursor": next_cursor}
