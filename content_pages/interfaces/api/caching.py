"""HTTP caching for API responses: strong ETags, Last-Modified, 304s and Cache-Control.

``tags`` name what a response shows, for shared caches (``interfaces/shared_cache``).
Only a response whose language came from ``Accept-Language`` varies on it: with
``?lang=`` one copy serves every reader.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from content_pages.foundations.etags import strong_etag
from content_pages.interfaces.shared_cache import shared_cache_headers

JSON = "application/json"
LANG_PARAMETER = "lang"


def cached_json(
    request: HttpRequest,
    body: str,
    *,
    etag: str | None = None,
    last_modified: datetime.datetime | None = None,
    private: bool = False,
    language: str | None = None,
    tags: Sequence[str] = (),
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
        shared_cache_headers(response, settings.CMS_API_CACHE_MAX_AGE, tags)
    if language:
        response["Content-Language"] = language
    if LANG_PARAMETER not in request.GET:
        # The language came from Accept-Language (or the default): caches keep one copy per header.
        patch_vary_headers(response, ["Accept-Language"])
    conditional = get_conditional_response(
        request,
        etag=etag,
        last_modified=int(last_modified.timestamp()) if last_modified else None,
        response=response,
    )
    return conditional or response
