"""Friendly error pages (400, 403, 404, 429, 500, a failed CSRF check) and the incident log
of server errors.

The pages are rendered without the request's context processors: a 500 caused by an
unreachable database must not need the database (session, user) to render its page.
"""

from __future__ import annotations

import logging
import sys
import traceback

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template import loader

from kausa.core.request_context import current_request_id

incident_logger = logging.getLogger("kausa.incident")


def _error_page(
    request: HttpRequest, template: str, status: int, extra: dict[str, object] | None = None
) -> HttpResponse:
    context = {"request_id": getattr(request, "request_id", current_request_id.get())}
    context.update(extra or {})
    if _is_portal(request):  # the visitor's language and the portal's look, no staff links
        template = template.replace("errors/", "portal/errors/", 1)
    response = HttpResponse(loader.render_to_string(template, context), status=status)
    # Set here, not only by middleware: a 400 or 500 raised inside the middleware stack (a bad
    # Host header, an unreadable session) skips the middleware below the failing one.
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cache-Control"] = "no-store"
    return response


def _is_portal(request: HttpRequest) -> bool:
    prefix = request.path_info.lstrip("/").split("/", 1)[0]
    return prefix in settings.PORTAL_LANGUAGES


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, "errors/400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # The denial is audited by PermissionDeniedAuditMiddleware, which sees every 403.
    return _error_page(request, "errors/403.html", 403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent with a missing or stale CSRF token (CSRF_FAILURE_VIEW): nothing was saved."""
    return _error_page(request, "errors/403_csrf.html", 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, "errors/404.html", 404)


def too_many_requests(request: HttpRequest, retry_after: int | None = None) -> HttpResponse:
    """The page for throttled requests; sets Retry-After when the wait is known."""
    response = _error_page(request, "errors/429.html", 429, {"retry_after": retry_after})
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """Log the incident (exception type, code location, request id; no message, no data)."""
    log_incident(request)
    return _error_page(request, "errors/500.html", 500)


def log_incident(request: HttpRequest) -> None:
    exc_type, _exc, exc_traceback = sys.exc_info()
    match = getattr(request, "resolver_match", None)
    # Frames as file:line:function only: exception messages and local variables can carry
    # personal data (a database error quotes the offending values).
    frames = " < ".join(
        f"{'/'.join(frame.filename.split('/')[-2:])}:{frame.lineno}:{frame.name}"
        for frame in reversed(traceback.extract_tb(exc_traceback)[-6:])
    )
    incident_logger.error(
        "incident %s: %s in %s %s at %s",
        getattr(request, "request_id", current_request_id.get()),
        exc_type.__qualname__ if exc_type is not None else "unknown error",
        request.method,
        (match.view_name if match is not None else "") or "unresolved route",
        frames or "-",
    )
