"""Translation status of every page, for ``manage.py translation_status``."""

from __future__ import annotations

from typing import Any

from content_pages.publishing.translation_counts import count_all
from content_pages.reads.translation_counts import count_rows, current_counts


def status_rows(languages: list[str], state: str = "") -> list[dict[str, Any]]:
    """One row per page and language; ``state`` keeps only missing, stale or complete rows.

    A command has the time to count whatever is outdated first, so every page is listed."""
    count_all(languages)
    return [row.as_dict() for row in count_rows(current_counts(languages, state))]
