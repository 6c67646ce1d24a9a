"""The HTTP purge for Varnish (``CMS_FRONTEND_CACHE=varnish``).

Wagtail's ``HTTPBackend`` sends one ``PURGE`` per URL to the cache with the URL's host,
but waits without a time limit and only logs a failure; this one gives up after
``TIMEOUT`` seconds and raises, so that ``purge.py`` tries the batch again later instead
of a reader getting the old text until the cache's own lifetime ends.
"""

from __future__ import annotations

from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from wagtail.contrib.frontend_cache.backends.http import HTTPBackend, PurgeRequest

TIMEOUT = 5.0


class PurgeFailed(Exception):
    """The cache did not confirm a purge; the message names the status or error kind."""


class VarnishBackend(HTTPBackend):
    def purge(self, url: str) -> None:
        parts = urlsplit(url)
        target = urlunsplit((self.cache_scheme, self.cache_netloc, parts.path, parts.query, ""))
        request = PurgeRequest(url=target, headers={"Host": parts.netloc, "User-Agent": "cms-purge"})
        try:
            with urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - the configured cache's address
                response.read()
        except HTTPError as error:
            raise PurgeFailed(f"HTTP {error.code}") from error
        except (URLError, OSError) as error:
            raise PurgeFailed(type(error).__name__) from error

    def purge_batch(self, urls: Any) -> None:
        for url in urls:
            self.purge(url)
