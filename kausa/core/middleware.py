"""Response headers that Django's SecurityMiddleware does not set by itself."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from kausa.core.audit import record_permission_denied

# All assets are served from this origin (vendored), so no inline code and no CDN is needed.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)


class SecurityHeadersMiddleware:
    """Near the top of the stack, so that responses of other middleware get the headers too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        # Pages of signed-in staff may show personal data: never keep them in caches.
        if _signed_in(request):
            response.headers["Cache-Control"] = "no-store"
        return response


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is None:
        return False
    try:
        return bool(user.is_authenticated)
    except DatabaseError:  # the session cannot be read (database down): assume the worst
        return True


class PermissionDeniedAuditMiddleware:
    """Every 403 answered to a signed-in user leaves an audit entry (see record_permission_denied).

    Placed after the authentication middleware; it sees PermissionDenied raised anywhere
    below it (turned into the 403 page by then) and 403 responses returned directly.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 403:
            record_permission_denied(request)
        return response


class StaffLanguageMiddleware(LocaleMiddleware):
    """Staff pages: German unless the user chose English with the switch (a cookie). Portal
    pages: the language in the URL.

    Offices work in German; the browser's Accept-Language is not a choice of the user's, so
    it does not switch a counsellor's interface to English.
    """

    def process_request(self, request: HttpRequest) -> None:
        # Portal pages carry their language in the URL (/ar/…): that is the visitor's choice.
        prefix = request.path_info.lstrip("/").split("/", 1)[0]
        if prefix in settings.PORTAL_LANGUAGES:
            translation.activate(prefix)
            request.LANGUAGE_CODE = prefix
            return
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        available = set(settings.STAFF_LANGUAGES)
        translation.activate(chosen if chosen in available else settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
