"""JSON errors with a stable code and a German and English message.

Every error body is `{"code": "...", "message": {"de": "...", "en": "..."}}`; validation errors
add `"fields": [{"field": "postal_code", "message": {...}}]` naming each field.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError


class MessageOut(Schema):
    de: str
    en: str


class FieldErrorOut(Schema):
    field: str
    message: MessageOut


class ErrorOut(Schema):
    """The documented shape of every error answer (routers list it per status code)."""

    code: str
    message: MessageOut
    fields: list[FieldErrorOut] | None = None


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__("rate limited")
        self.retry_after = retry_after


class ApiProblem(Exception):
    """An error an endpoint raises on purpose, e.g. an invalid cursor."""

    def __init__(self, status: int, code: str, message: str | Promise) -> None:
        super().__init__(code)
        self.status, self.code, self.message = status, code, message


def both_languages(message: str | Promise) -> dict[str, str]:
    result = {}
    for language in ("de", "en"):
        with translation.override(language):
            result[language] = str(message)
    return result


def problem(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    code: str,
    message: str | Promise,
    **extra: Any,
) -> HttpResponse:
    body = {"code": code, "message": both_languages(message), **extra}
    return api.create_response(request, body, status=status)


# Where a schema error happened; the field name alone is what the client sent.
REQUEST_PARTS = frozenset({"body", "payload", "query", "path", "filters"})
# German texts for the schema errors clients meet most; others keep the validator's English.
SCHEMA_MESSAGES = {
    "missing": _("This field is required."),
    "extra_forbidden": _("There is no such field."),
    "int_parsing": _("Enter a whole number."),
    "int_type": _("Enter a whole number."),
    "bool_parsing": _("Enter true or false."),
    "bool_type": _("Enter true or false."),
    "string_type": _("Enter a text."),
    "string_too_long": _("The text is too long."),
    "list_type": _("Enter a list."),
    "too_long": _("The list is too long."),
    "date_from_datetime_parsing": _("Enter a date as YYYY-MM-DD."),
    "date_parsing": _("Enter a date as YYYY-MM-DD."),
    "date_type": _("Enter a date as YYYY-MM-DD."),
    "greater_than_equal": _("The number is too small."),
    "less_than_equal": _("The number is too large."),
}


def _schema_message(error: dict[str, Any]) -> dict[str, str]:
    known = SCHEMA_MESSAGES.get(str(error.get("type", "")))
    if known is not None:
        return both_languages(known)
    return {"de": str(error.get("msg", "")), "en": str(error.get("msg", ""))}


def _field_messages(errors: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    fields = []
    for error in errors:
        location = [str(part) for part in error.get("loc", ()) if part not in REQUEST_PARTS]
        fields.append({"field": ".".join(location) or "__all__", "message": _schema_message(error)})
    return fields


def _messages_by_field(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {"__all__": error.messages}


def _django_field_messages(error: DjangoValidationError) -> list[dict[str, Any]]:
    # The messages are rendered once per language: lazy texts come out in both.
    rendered: dict[str, dict[str, list[str]]] = {}
    for language in ("de", "en"):
        with translation.override(language):
            rendered[language] = _messages_by_field(error)
    return [
        {
            "field": field,
            "message": {
                language: " ".join(rendered[language].get(field, messages))
                for language in ("de", "en")
            },
        }
        for field, messages in rendered["de"].items()
    ]


def install_error_handlers(api: NinjaAPI) -> None:
    invalid = _("The data is not valid.")

    @api.exception_handler(NinjaValidationError)
    def schema_invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return problem(
            api, request, 422, "validation_error", invalid, fields=_field_messages(exc.errors)
        )

    @api.exception_handler(DjangoValidationError)
    def service_invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return problem(
            api, request, 422, "validation_error", invalid, fields=_django_field_messages(exc)
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return problem(
            api,
            request,
            401,
            "unauthenticated",
            _("A valid API token is required (Authorization: Bearer …)."),
        )

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return problem(api, request, 403, "forbidden", _("You may not change this record."))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem(api, request, 404, "not_found", _("There is no such record."))

    @api.exception_handler(RateLimited)
    def rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
        response = problem(
            api, request, 429, "rate_limited", _("Too many requests. Please wait a moment.")
        )
        response["Retry-After"] = str(exc.retry_after)
        return response

    @api.exception_handler(ApiProblem)
    def api_problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
        return problem(api, request, exc.status, exc.code, exc.message)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:  # a body that is not JSON
            message = _("The request body is not valid JSON.")
            return problem(api, request, 400, "bad_request", message)
        return problem(api, request, exc.status_code, "http_error", str(exc))
