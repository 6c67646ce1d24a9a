"""The headers that let shared caches (Varnish, a CDN) keep a public response.

One definition for the API (``interfaces/api/caching``) and the stored web pages
(``interfaces/web/stored_pages``). A response the purge list reaches
(``publishing/frontend_cache``) names what it shows in ``Cache-Tag`` (Cloudflare, the
shipped Varnish configuration) and ``Surrogate-Key`` (Fastly and others), and may stay
in a shared cache for ``CMS_SHARED_CACHE_MAX_AGE`` (``s-maxage``), since a publish purges
it; any other public response keeps the browsers' ``max-age`` alone, which shared caches
honour too, because nothing would purge it.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.http.response import HttpResponseBase


def shared_cache_headers(response: HttpResponseBase, max_age: int, tags: Sequence[str]) -> None:
    """``public`` for ``max_age`` seconds; with ``tags``, ``s-maxage`` and the tags too."""
    if not tags:
        response["Cache-Control"] = f"public, max-age={max_age}"
        return
    response["Cache-Control"] = f"public, max-age={max_age}, s-maxage={settings.CMS_SHARED_CACHE_MAX_AGE}"
    response["Cache-Tag"] = ",".join(tags)
    response["Surrogate-Key"] = " ".join(tags)
