"""The POST handler shape of buttons and small action forms, written once."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

T = TypeVar("T")


def run_action(request: HttpRequest, call: Callable[[], T], *, success: str | None) -> T | None:
    """Run a service for a button: on success show `success` (if any) and return the result;
    on a refusal show the service's German message and return None (nothing was changed,
    since services are atomic)."""
    try:
        result = call()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None
    if success:
        messages.success(request, success)
    return result


def run_form_action(
    request: HttpRequest,
    form_is_valid: bool,
    call: Callable[[], T],
    *,
    success: str | None,
    invalid: str,
) -> T | None:
    """Like `run_action` for a small posted form: `invalid` is shown when the form is not."""
    if not form_is_valid:
        messages.error(request, invalid)
        return None
    return run_action(request, call, success=success)
