"""Storing the short links a rendition uses, so /l/<code> can redirect.

Codes come from ``rendering.short_links``: derived from the URL alone, so two renditions
that link to the same URL share a code and rendering never writes.
"""

from __future__ import annotations

from content_pages.models import ShortLink


def remember(links: dict[str, str]) -> None:
    """Store code -> URL pairs; a code already taken by another URL is a hard error.

    One read for the codes already stored and one insert for the rest, however many
    links an article has; a concurrent publish storing the same pair is ignored."""
    if not links:
        return
    stored = dict(ShortLink.objects.filter(code__in=links).values_list("code", "url"))
    for code, url in stored.items():
        if links[code] != url:
            raise ValueError(f"Short link {code} already points to {url}, not {links[code]}.")
    ShortLink.objects.bulk_create(
        [ShortLink(code=code, url=url) for code, url in links.items() if code not in stored], ignore_conflicts=True
    )
