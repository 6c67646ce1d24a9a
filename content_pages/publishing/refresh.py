"""Asking for a page's renditions to be refreshed, from a request that found them stale."""

from __future__ import annotations

from django.core.cache import cache

from content_pages.publishing.tasks import refresh_page_renditions

# Many readers may find the same stale page at once; one task per page per this many
# seconds and process is enough (the worker's sweep catches any left).
REFRESH_DEBOUNCE_SECONDS = 30


def request_refresh(page_id: int) -> None:
    if cache.add(f"rendition-refresh:{page_id}", 1, timeout=REFRESH_DEBOUNCE_SECONDS):
        refresh_page_renditions.enqueue(page_id)
