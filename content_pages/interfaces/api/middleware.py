"""Make every error under /api/ JSON, including the ones Django answers before the API
runs (an unknown URL, a method the endpoint does not allow)."""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from content_pages.interfaces.api.errors import error_response

API_PREFIX = "/api/"


class JsonApiErrorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(API_PREFIX) and request.method == "POST" and _too_large(request):
            limit = settings.CMS_ENQUIRY_MAX_BYTES
            return error_response(413, f"The request body is larger than {limit} bytes.", "too_large")
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        status = response.status_code
        if status == 405:
            allowed = response.get("Allow", "")
            json_response = error_response(
                405, f"{request.method} is not allowed here; use {allowed}.", "method_not_allowed"
            )
            json_response["Allow"] = allowed
            return json_response
        if status == 404:
            return error_response(404, f"No API endpoint at {request.path}.", "not_found")
        return error_response(status, HTTPStatus(status).phrase, HTTPStatus(status).phrase.lower().replace(" ", "_"))


def _too_large(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > settings.CMS_ENQUIRY_MAX_BYTES
