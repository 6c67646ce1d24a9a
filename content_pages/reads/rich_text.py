"""Rich text with Wagtail's internal links made into URLs, remembered for one rendering.

Every channel and mode of a publish expands the same paragraphs (seven renderings per
language), each expansion resolving the pages and documents it links to. Inside
``remembered()`` (entered by ``article_view.shared_views``) each paragraph is expanded
once per language; outside it nothing is kept, so a later request sees links as they
are then.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils.translation import get_language
from wagtail.rich_text import expand_db_html

_expanded: contextvars.ContextVar[dict[tuple[str, str], str] | None] = contextvars.ContextVar(
    "expanded_rich_text", default=None
)


@contextmanager
def remembered() -> Iterator[None]:
    token = _expanded.set({})
    try:
        yield
    finally:
        _expanded.reset(token)


def expand(html: str) -> str:
    """``expand_db_html(html)`` in the active language (a link's URL depends on it)."""
    cache = _expanded.get()
    if cache is None:
        expanded: str = expand_db_html(html)
        return expanded
    key = (get_language() or "", html)
    if key not in cache:
        cache[key] = expand_db_html(html)
    return cache[key]
