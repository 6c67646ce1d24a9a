"""Translation status of every page, for the report, the command and the API."""

from __future__ import annotations

from typing import Any

from wagtail.models import Page

from content_pages.reads.segments import translatable_segments
from content_pages.reads.translation_status import page_status


def status_rows(languages: list[str], state: str = "") -> list[dict[str, Any]]:
    """One row per page and language; ``state`` keeps only missing, stale or complete rows."""
    rows = []
    for page in Page.objects.filter(depth__gt=1).order_by("path").specific():
        for language in languages:
            status = page_status(page, language, translatable_segments(page, language))
            row = {"page_id": page.pk, "title": page.title, **status.as_dict()}
            if state == "missing" and not status.missing:
                continue
            if state == "stale" and not status.stale:
                continue
            if state == "complete" and status.translated != status.total:
                continue
            rows.append(row)
    return rows
