"""Make every error under /api/ JSON, including the ones Django answers before the API
runs (an unknown URL, a method the endpoint does not allow), and refuse text that is not
valid Unicode before any endpoint sees it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from http import HTTPStatus

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from content_pages.foundations.unicode_text import JSON_SURROGATE_ESCAPE, has_surrogate, surrogate_location
from content_pages.interfaces.api.errors import error_response

API_PREFIX = "/api/"


class JsonApiErrorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = _refused_before_view(request) if request.path.startswith(API_PREFIX) else None
        if refusal is not None:
            return refusal
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code < HTTPStatus.BAD_REQUEST:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        return _as_json_error(request, response)


def _refused_before_view(request: HttpRequest) -> HttpResponse | None:
    """An API request no endpoint sees: a body over the limit, or text that is not Unicode."""
    if request.method == "POST" and _too_large(request):
        limit = settings.CMS_ENQUIRY_MAX_BYTES
        return error_response(413, f"The request body is larger than {limit} bytes.", "too_large")
    where = _surrogate_in_request(request)
    if where:
        return error_response(
            400,
            f"Invalid text in {where}: a lone UTF-16 surrogate (\\ud800-\\udfff) is not a character; "
            "send valid Unicode.",
            "invalid_text",
        )
    return None


def _as_json_error(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """An error Django answered before the API ran, in the API's JSON shape."""
    status = response.status_code
    if status == HTTPStatus.METHOD_NOT_ALLOWED:
        allowed = response.get("Allow", "")
        json_response = error_response(
            405, f"{request.method} is not allowed here; use {allowed}.", "method_not_allowed"
        )
        json_response["Allow"] = allowed
        return json_response
    if status == HTTPStatus.NOT_FOUND:
        return error_response(404, f"No API endpoint at {request.path}.", "not_found")
    return error_response(status, HTTPStatus(status).phrase, HTTPStatus(status).phrase.lower().replace(" ", "_"))


def _too_large(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > settings.CMS_ENQUIRY_MAX_BYTES


def _surrogate_in_request(request: HttpRequest) -> str | None:
    """Where a lone surrogate is in the request, if anywhere. WSGI servers decode the path,
    query string and headers so that none arrives there (Django replaces or re-escapes what
    is not UTF-8), but other servers and clients need not: all are checked; the body only
    when it is JSON that escapes a surrogate, so an ordinary request parses nothing twice."""
    for where, text in _texts_outside_body(request):
        if has_surrogate(text):
            return where
    return _surrogate_in_json_body(request)


def _texts_outside_body(request: HttpRequest) -> Iterator[tuple[str, str]]:
    """Each text of the path, query string and headers, with where it is, in that order."""
    yield "the path", request.path
    for key, values in request.GET.lists():
        yield "a query parameter's name", key
        for value in values:
            yield f"query parameter {key!r}", value
    for key, value in request.META.items():
        if (key.startswith("HTTP_") or key == "CONTENT_TYPE") and isinstance(value, str):
            yield f"header {key.removeprefix('HTTP_').replace('_', '-').title()}", value


def _surrogate_in_json_body(request: HttpRequest) -> str | None:
    # Only POST has a body here (the size checked above); other methods are a 405 anyway.
    if request.method == "POST" and request.content_type == "application/json":
        body = request.body
        if JSON_SURROGATE_ESCAPE.search(body):
            try:
                decoded = json.loads(body)
            except (ValueError, RecursionError):
                return None  # not JSON, or nested past the parser's depth: the endpoint says so
            found = surrogate_location(decoded)
            if found:
                return f"the JSON body at {found}"
    return None
