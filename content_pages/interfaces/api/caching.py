"""HTTP caching for API responses: strong ETags, Last-Modified, 304s and Cache-Control."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from content_pages.publishing.renditions import strong_etag

JSON = "application/json"


def cached_json(
    request: HttpRequest,
    body: str,
    *,
    etag: str | None = None,
    last_modified: datetime.datetime | None = None,
    private: bool = False,
    language: str | None = None,
) -> HttpResponse:
    """Answer ``body`` with validators, or 304 when the client already has it."""
    etag = etag or strong_etag(body)
    response = HttpResponse(body, content_type=JSON)
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    if private:
        response["Cache-Control"] = "private, no-store"
    else:
        response["Cache-Control"] = f"public, max-age={settings.CMS_API_CACHE_MAX_AGE}"
    if language:
        response["Content-Language"] = language
    patch_vary_headers(response, ["Accept-Language"])
    conditional = get_conditional_response(
        request,
        etag=etag,
        last_modified=int(last_modified.timestamp()) if last_modified else None,
        response=response,
    )
    return conditional or response
