"""Per-request context that code without the request needs: a request id and the client address.

Services write audit entries without seeing the request; the middleware puts the client
address into a context variable for them. Log records get the request id, so an incident
number shown on the error page finds the matching log lines.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

from kausa.core.net import client_address

current_request_id: ContextVar[str] = ContextVar("kausa_request_id", default="-")
current_client_address: ContextVar[str | None] = ContextVar("kausa_client_address", default=None)


class RequestContextMiddleware:
    """Outermost middleware: a fresh request id (also sent as X-Request-ID) and the address."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = uuid.uuid4().hex[:16]
        request.request_id = request_id  # type: ignore[attr-defined]
        id_token = current_request_id.set(request_id)
        address_token = current_client_address.set(client_address(request))
        try:
            response = self.get_response(request)
        finally:
            current_client_address.reset(address_token)
            current_request_id.reset(id_token)
        response.headers["X-Request-ID"] = request_id
        return response


class RequestIdLogFilter(logging.Filter):
    """Adds `request_id` to every record (\"-\" outside requests) for the log format."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            # Django logs error responses after the middleware returned: use its request.
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "request_id", None) or current_request_id.get()
        return True
