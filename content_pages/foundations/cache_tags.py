"""Names of the cache tags that responses carry and purges name.

Tag-purging caches (Cloudflare's ``Cache-Tag``, Fastly's ``Surrogate-Key``, the shipped
Varnish configuration's ``BAN``) can drop every response of a page at once, whatever its
query string (``?lang=``, ``?mode=``, a conversation's ``?section=``); the responses that
carry a tag and the purge list must spell it the same way, so it is spelt here once.
"""

from __future__ import annotations

# Every response listing pages: the API's page lists and the sitemap.
PAGE_LISTS = "pages"
SITEMAP = "sitemap"


def page_tag(page_id: int) -> str:
    """Every response showing one page: its web pages, API detail and channels."""
    return f"page-{page_id}"


def snippet_tag(kind: str, snippet_id: int | str) -> str:
    """A snippet's API detail (``kind``: ``cta``, ``reference``)."""
    return f"{kind}-{snippet_id}"


def snippet_list_tag(kind: str) -> str:
    return f"{kind}-list"


# The snippet kinds the API serves (``/api/v2/snippets/ctas/``, ``/references/``).
CTA = "cta"
REFERENCE = "reference"
