"""Storing the short links a rendition uses, so /l/<code> can redirect.

Codes come from ``rendering.short_links``: derived from the URL alone, so two renditions
that link to the same URL share a code and rendering never writes.
"""

from __future__ import annotations

from content_pages.models import ShortLink


def remember(links: dict[str, str]) -> None:
    """Store code -> URL pairs; a code already taken by another URL is a hard error."""
    for code, url in links.items():
        link, _created = ShortLink.objects.get_or_create(code=code, defaults={"url": url})
        if link.url != url:
            raise ValueError(f"Short link {code} already points to {link.url}, not {url}.")
