"""Read limits for /api/v2/: API keys, per-minute quotas and the RateLimit headers.

Every request under ``/api/v2/`` (reads and the enquiry POST alike; the enquiry POST
also has its own, stricter limit) is counted in a fixed one-minute window:

- with ``Authorization: Bearer <key>``, against that key's own ``rate_limit``; an unknown
  or revoked key (or another scheme) is answered 401 with ``WWW-Authenticate: Bearer``,
  and counted against the client's address, so guessing keys is limited too;
- without one, against the client's address (hashed, never stored as such) and
  ``CMS_API_ANON_RATE_LIMIT``.

Counts live in Django's cache (``cache.add`` then ``cache.incr``: atomic within a process
on the local-memory cache and across processes on Redis, ``CMS_CACHE_URL``), and key
lookups are cached (``reads.api_keys``), so a request normally adds no SQL query. With
``CMS_CACHE_URL`` every process counts in Redis and a limit of N holds across all of them;
with the default in-memory cache each web process counts on its own; the limits are a
guard against runaway clients, not an exact quota, so that is accepted (the enquiry limit,
which must be exact, is counted in the database instead).

When Redis cannot be reached the counts go to this process's own memory until it answers
again (``foundations/shared_cache.py`` logs it): the limits still stop a runaway client,
each process allowing its quota, and the API keeps answering. Refusing every request would
turn a cache outage into an API outage; counting nothing would lift the limits for as long
as the outage lasts.

Every counted response carries ``RateLimit-Limit``, ``RateLimit-Remaining`` and
``RateLimit-Reset`` (seconds until the window ends); over the limit the answer is 429
with ``Retry-After``. The OpenAPI document and the docs page are not counted and carry
no such headers: they are static, and a client reading them is not using the content.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from content_pages.foundations.shared_cache import CacheUnavailable
from content_pages.interfaces.api.errors import error_response, too_many
from content_pages.publishing.access.rate_counters import current_window
from content_pages.publishing.enquiries import client_key
from content_pages.reads.api_keys import KeyGrant, grant_for

API_PREFIX = "/api/v2/"
UNCOUNTED = ("/api/v2/openapi.json", "/api/v2/docs")
WINDOW_SECONDS = 60
SECURITY_SCHEME = "apiKey"


def counted(path: str) -> bool:
    return path.startswith(API_PREFIX) and not path.startswith(UNCOUNTED)


# Where counts go while the shared cache is unreachable: this process's memory.
_local_counts = LocMemCache("api-rate-fallback", {"OPTIONS": {"MAX_ENTRIES": 10000}})


def count_hit(subject: str) -> tuple[int, int]:
    """One more request for ``subject`` in the current window: (count so far, seconds left)."""
    start, reset_after = current_window(WINDOW_SECONDS)
    key = f"api-rate:{subject}:{start}"
    try:
        return _counted(cache, key), reset_after
    except CacheUnavailable:
        return _counted(_local_counts, key), reset_after


def _counted(counts: BaseCache, key: str) -> int:
    counts.add(key, 0, timeout=WINDOW_SECONDS + 5)
    try:
        return int(counts.incr(key))
    except CacheUnavailable:
        raise
    except ValueError:  # evicted between add and incr
        counts.set(key, 1, timeout=WINDOW_SECONDS + 5)
        return 1


def _bearer_token(request: HttpRequest) -> str | None:
    """The key of an ``Authorization: Bearer`` header; "" for any other Authorization."""
    header = str(request.META.get("HTTP_AUTHORIZATION", "")).strip()
    if not header:
        return None
    scheme, _space, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def api_key_grant(request: HttpRequest) -> KeyGrant | None:
    """The grant of the request's valid API key; None without one (the middleware has
    already refused an unknown or revoked key)."""
    token = _bearer_token(request)
    return grant_for(token) if token else None


def _with_headers(response: HttpResponse, limit: int, count: int, reset_after: int) -> HttpResponse:
    response["RateLimit-Limit"] = str(limit)
    response["RateLimit-Remaining"] = str(max(0, limit - count))
    response["RateLimit-Reset"] = str(reset_after)
    return response


def _too_many(reset_after: int) -> HttpResponse:
    return too_many(f"Too many requests; the limit resets in {reset_after} seconds.", reset_after)


def key_required_openapi() -> dict[str, Any]:
    """What a ``key_required`` operation adds to its OpenAPI description: the key is
    required there (the document's default makes it optional), and its 401 names the scheme."""
    return {
        "security": [{SECURITY_SCHEME: []}],
        "responses": {
            401: {
                "headers": {
                    "WWW-Authenticate": {"description": "Always `Bearer`.", "schema": {"type": "string"}},
                }
            }
        },
    }


def key_required(action: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """For the operations that only keyed callers may use (where the rest of the API takes
    a key optionally): a 401 naming ``action`` ("Reporting deliveries") before the
    parameters or body are read, so a caller without a key learns that first."""

    def wrap(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(run)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if api_key_grant(request) is None:
                response = error_response(
                    401, f"{action} needs an API key: send Authorization: Bearer <key>.", "api_key_required"
                )
                response["WWW-Authenticate"] = 'Bearer realm="api"'
                return response
            return run(request, *args, **kwargs)

        return checked

    return wrap


def _unauthorized() -> HttpResponse:
    response = error_response(
        401, "Unknown or revoked API key; send Authorization: Bearer <key>, or no key at all.", "invalid_api_key"
    )
    response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    return response


class ApiRateLimitMiddleware:
    """Placed before ``JsonApiErrorsMiddleware`` so that its JSON error pages get the headers too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not counted(request.path):
            return self.get_response(request)
        token = _bearer_token(request)
        grant = grant_for(token) if token else None
        if token is not None and grant is None:
            count, reset_after = count_hit(f"client:{client_key(request)}")
            limit = settings.CMS_API_ANON_RATE_LIMIT
            refusal = _too_many(reset_after) if count > limit else _unauthorized()
            return _with_headers(refusal, limit, count, reset_after)
        if grant is not None:
            subject, limit = f"key:{grant.id}", grant.rate_limit
        else:
            subject, limit = f"client:{client_key(request)}", settings.CMS_API_ANON_RATE_LIMIT
        count, reset_after = count_hit(subject)
        response = _too_many(reset_after) if count > limit else self.get_response(request)
        return _with_headers(response, limit, count, reset_after)


# --- The OpenAPI document ------------------------------------------------------------

_ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
RATE_LIMIT_HEADERS: dict[str, Any] = {
    "RateLimit-Limit": {
        "description": "Requests allowed per one-minute window (the API key's limit, or the anonymous one).",
        "schema": {"type": "integer", "minimum": 0},
    },
    "RateLimit-Remaining": {
        "description": "Requests left in the current window.",
        "schema": {"type": "integer", "minimum": 0},
    },
    "RateLimit-Reset": {
        "description": "Seconds until the current window ends and the count starts again.",
        "schema": {"type": "integer", "minimum": 1},
    },
}
RETRY_AFTER = {
    "description": "Seconds to wait before sending another request.",
    "schema": {"type": "integer", "minimum": 1},
}


class RateLimitedNinjaAPI(NinjaAPI):
    """django-ninja's API, whose OpenAPI document also states the limits every operation
    shares: the optional bearer key, 401 for a bad key, 429 over the limit, and the
    RateLimit headers of each response."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        document_rate_limits(schema)
        return schema


def _keyed_by_string(operation: dict[str, Any]) -> dict[str, Any]:
    """The operation's responses keyed by status as JSON writes it.

    django-ninja keys them by integer; a string key added beside an integer one would be
    written twice in the served document (two ``"429"`` keys, of which a parser keeps one).
    """
    responses: dict[str, Any] = {}
    for status, response in operation.get("responses", {}).items():
        if str(status) in responses:
            raise ValueError(f"{operation.get('operationId')} documents status {status} twice.")
        responses[str(status)] = response
    return responses


def document_rate_limits(schema: Any) -> None:
    components = schema.setdefault("components", {})
    components.setdefault("securitySchemes", {})[SECURITY_SCHEME] = {
        "type": "http",
        "scheme": "bearer",
        "description": (
            "Optional. An API key from an administrator (Settings → API keys) raises the per-minute "
            "limit to the key's own; without one, requests are limited per client address."
        ),
    }
    # Anonymous reads are allowed: the empty requirement makes the key optional.
    schema["security"] = [{}, {SECURITY_SCHEME: []}]
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation["responses"] = _keyed_by_string(operation)
            responses.setdefault(
                "401",
                {
                    "description": "Unknown or revoked API key.",
                    "content": copy.deepcopy(_ERROR),
                    "headers": {"WWW-Authenticate": {"description": "Always `Bearer`.", "schema": {"type": "string"}}},
                },
            )
            responses.setdefault(
                "429", {"description": "Too many requests in this window.", "content": copy.deepcopy(_ERROR)}
            )
            responses["429"].setdefault("headers", {}).setdefault("Retry-After", copy.deepcopy(RETRY_AFTER))
            for response in responses.values():
                response.setdefault("headers", {}).update(copy.deepcopy(RATE_LIMIT_HEADERS))
