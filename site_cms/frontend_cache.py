"""Which cache in front of the site a publish purges, read from the environment.

``CMS_FRONTEND_CACHE`` names it (``varnish``, ``cloudflare`` or ``cloudfront``; unset or
empty: none, nothing is purged) and becomes Wagtail's ``WAGTAILFRONTENDCACHE`` backend
settings, which ``content_pages/publishing/frontend_cache`` hands the purge list to.
Wagtail's frontend-cache *app* is not installed: its signal handlers purge
``page.url`` only, which misses every translated slug and every API URL.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

VARNISH, CLOUDFLARE, CLOUDFRONT = "varnish", "cloudflare", "cloudfront"
CACHES = (VARNISH, CLOUDFLARE, CLOUDFRONT)

VARNISH_BACKEND = "content_pages.publishing.frontend_cache.backends.VarnishBackend"
CLOUDFLARE_BACKEND = "wagtail.contrib.frontend_cache.backends.CloudflareBackend"
CLOUDFRONT_BACKEND = "wagtail.contrib.frontend_cache.backends.CloudfrontBackend"


def frontend_cache_settings(environ: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """``WAGTAILFRONTENDCACHE`` for the configured cache; {} for none."""
    cache = environ.get("CMS_FRONTEND_CACHE", "").strip().lower()
    if not cache:
        return {}
    if cache == VARNISH:
        return {VARNISH: {"BACKEND": VARNISH_BACKEND, "LOCATION": _purge_url(environ)}}
    if cache == CLOUDFLARE:
        return {
            CLOUDFLARE: {
                "BACKEND": CLOUDFLARE_BACKEND,
                "BEARER_TOKEN": _required(environ, "CMS_CLOUDFLARE_API_TOKEN", cache),
                "ZONEID": _required(environ, "CMS_CLOUDFLARE_ZONE_ID", cache),
            }
        }
    if cache == CLOUDFRONT:
        # AWS credentials come from boto3's own chain (AWS_ACCESS_KEY_ID and
        # AWS_SECRET_ACCESS_KEY, a profile, or the instance's role).
        return {
            CLOUDFRONT: {
                "BACKEND": CLOUDFRONT_BACKEND,
                "DISTRIBUTION_ID": _required(environ, "CMS_CLOUDFRONT_DISTRIBUTION_ID", cache),
            }
        }
    raise ImproperlyConfigured(f"CMS_FRONTEND_CACHE must be one of {', '.join(CACHES)} (or unset), not {cache!r}.")


def _purge_url(environ: Mapping[str, str]) -> str:
    url = _required(environ, "CMS_FRONTEND_CACHE_URL", VARNISH)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ImproperlyConfigured(
            f"CMS_FRONTEND_CACHE_URL must be the cache's http(s) address, e.g. http://127.0.0.1:6081, not {url!r}."
        )
    return url.rstrip("/")


def _required(environ: Mapping[str, str], name: str, cache: str) -> str:
    value = environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"CMS_FRONTEND_CACHE={cache} needs {name}.")
    return value
