"""Every API error in one place, all answered as JSON: ``{"message", "code"}``."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from content_pages.foundations.languages import content_languages
from content_pages.foundations.unicode_text import printable

logger = logging.getLogger(__name__)


class ApiError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, accepted: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.accepted = accepted


class BadRequest(ApiError):
    status = 400


class NotFound(ApiError):
    status = 404
    code = "not_found"


class Forbidden(ApiError):
    status = 403
    code = "forbidden"


def error_response(status: int, message: str, code: str, accepted: list[str] | None = None) -> JsonResponse:
    # A message may quote what the client sent; a lone surrogate in it must not turn a 400 into a 500.
    body: dict[str, Any] = {"message": printable(message), "code": code}
    if accepted is not None:
        body["accepted"] = [printable(value) for value in accepted]
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


def too_many(message: str, retry_after: int) -> JsonResponse:
    """A 429 that says when to try again (``Retry-After``, seconds)."""
    response = error_response(429, message, "rate_limited")
    response["Retry-After"] = str(retry_after)
    return response


# Parameters whose errors have their own code, as before they were validated by the schema.
_PARAMETER_CODES = {
    "limit": "invalid_limit",
    "offset": "invalid_offset",
    "search": "search_too_long",
    "order": "invalid_order",
    "type": "unknown_type",
    "mode": "unknown_mode",
    "fields": "unknown_field",
    "channel": "unknown_channel",
}


# Values an enum-typed parameter accepts, listed with its error (filled by ``params.py``).
ACCEPTED_VALUES: dict[str, list[str]] = {}


def _describe_validation(errors: list[dict[str, Any]]) -> str:
    parts = []
    for error in errors:
        location = ".".join(str(part) for part in error.get("loc", ()) if part not in ("query", "path"))
        parts.append(f"{location}: {error.get('msg', 'invalid')}" if location else error.get("msg", "invalid"))
    return "; ".join(parts) or "Invalid request."


def register_exception_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ApiError)
    def on_api_error(_request: HttpRequest, exc: ApiError) -> HttpResponse:
        return error_response(exc.status, exc.message, exc.code, exc.accepted)

    @api.exception_handler(NinjaValidationError)
    def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        locations = [tuple(error.get("loc", ())) for error in exc.errors]
        if locations and all(location[:1] == ("path",) for location in locations):
            # An id out of any table's range names nothing that could exist.
            return error_response(404, "Not found: no object has that id.", "not_found")
        names = {location[-1] for location in locations if location}
        if names == {"lang"}:
            accepted = list(content_languages())
            requested = request.GET.get("lang", "")
            message = f"lang={requested!r} is not a language of this site; use one of: {', '.join(accepted)}."
            return error_response(400, message, "unknown_language", accepted)
        name = next(iter(names)) if len(names) == 1 else ""
        code = _PARAMETER_CODES.get(name, "invalid_parameter")
        return error_response(400, _describe_validation(exc.errors), code, ACCEPTED_VALUES.get(name))

    @api.exception_handler(Http404)
    def on_not_found(_request: HttpRequest, _exc: Http404) -> HttpResponse:
        return error_response(404, "Not found.", "not_found")

    @api.exception_handler(HttpError)
    def on_http_error(_request: HttpRequest, exc: HttpError) -> HttpResponse:
        return error_response(exc.status_code, str(exc), HTTPStatus(exc.status_code).phrase.lower().replace(" ", "_"))

    @api.exception_handler(Exception)
    def on_unexpected(request: HttpRequest, _exc: Exception) -> HttpResponse:
        logger.exception("Unhandled API error on %s", request.path)
        return error_response(500, "Something went wrong on our side; it has been logged.", "server_error")
