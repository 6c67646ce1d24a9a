"""The stored web page for a request's path: one indexed read."""

from __future__ import annotations

from content_pages.reads.rendition_sql import StoredRendition, fetch

_BY_PATH = "r.path = %s AND r.channel = %s AND r.public = %s AND p.live = %s"


def stored_page(path: str, channel: str) -> StoredRendition | None:
    """The public, live page's stored ``channel`` row found by ``path``, with its page's
    ``live_revision_id`` alongside for ``renditions.is_stale``.

    Two rows can share a path for a moment (a page renamed and another given its old
    slug, before the first is refreshed); the one made from its page's live revision wins.
    """
    rows = fetch(_BY_PATH, [path, channel, True, True])
    current = [row for row in rows if row.revision_id == row.live_revision_id]
    return next(iter(current or rows), None)
