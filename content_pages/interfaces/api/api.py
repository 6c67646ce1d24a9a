"""The /api/v2/ application: routers, errors and the OpenAPI document."""

from __future__ import annotations

from content_pages.interfaces.api.errors import register_exception_handlers
from content_pages.interfaces.api.rate_limits import RateLimitedNinjaAPI
from content_pages.interfaces.api.routers import (
    changes,
    feedback,
    feedback_summary,
    forms,
    media,
    pages,
    reach,
    snippets,
)

api = RateLimitedNinjaAPI(
    title="Health content API",
    version="2.3.0",
    description=(
        "Published health articles and their snippets for website and bot frontends, in every content language. "
        "Language: `?lang=` wins, then `Accept-Language`, then English. Every GET has a strong ETag and "
        "Last-Modified and answers 304 to a matching `If-None-Match` / `If-Modified-Since`. Errors are JSON: "
        '`{"message", "code"}`. '
        "Every request counts against a per-minute limit: an API key's own (`Authorization: Bearer <key>`) or, "
        "without a key, one per client address; each response says where it stands in `RateLimit-Limit`, "
        "`RateLimit-Remaining` and `RateLimit-Reset`, and one over the limit gets 429 with `Retry-After`."
    ),
    urls_namespace="api_v2",
    openapi_url="/openapi.json",
    docs_url="/docs/",
)

register_exception_handlers(api)

api.add_router("/pages/", pages.router)
api.add_router("/pages/", feedback.router)
api.add_router("/pages/", feedback_summary.router)
api.add_router("/pages/", reach.router)
api.add_router("/snippets/", snippets.router)
api.add_router("/images/", media.images)
api.add_router("/documents/", media.documents)
api.add_router("/forms/", forms.router)
api.add_router("/changes/", changes.router)
