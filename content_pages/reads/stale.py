"""Stale translations: what a reader gets for a text whose source changed after it was
translated.

The site chooses (``CMS_STALE_TRANSLATIONS``): ``mark`` serves the translation, marked as
possibly out of date; ``source`` serves the source text, as for a missing translation.
A callout marked as safety information (a dose, a warning, what to do in an emergency)
always gets the source when its translation is stale: an out-of-date dose is worse than
one in another language.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from content_pages.foundations.languages import localized_field_name, source_language
from content_pages.models import ArticlePage
from content_pages.reads.translation_status import stale_paths

MARK, SOURCE = "mark", "source"
POLICIES = (MARK, SOURCE)
STREAMS = ("body", "aside")


def stale_policy() -> str:
    policy = str(settings.CMS_STALE_TRANSLATIONS)
    if policy not in POLICIES:
        raise ImproperlyConfigured(f"CMS_STALE_TRANSLATIONS is {policy!r}; use one of: {', '.join(POLICIES)}.")
    return policy


@dataclass(frozen=True)
class StaleTexts:
    shown: frozenset[str] = frozenset()  # served, marked as possibly out of date
    replaced: frozenset[str] = frozenset()  # served from the source language instead


def _inside(path: str, prefixes: set[str]) -> bool:
    return any(path == prefix or path.startswith(prefix + ".") for prefix in prefixes)


def safety_blocks(page: ArticlePage) -> set[str]:
    """The paths of the article's callouts marked as safety information."""
    source = source_language()
    return {
        f"{name}.{child.id}"
        for name in STREAMS
        for child in getattr(page, localized_field_name(name, source)) or []
        if child.block_type == "callout" and child.value.get("safety")
    }


def stale_texts(page: ArticlePage, language: str) -> StaleTexts:
    if language == source_language():
        return StaleTexts()
    stale = set(stale_paths(page, language))
    if not stale:
        return StaleTexts()
    if stale_policy() == SOURCE:
        return StaleTexts(replaced=frozenset(stale))
    safety = safety_blocks(page)
    replaced = {path for path in stale if _inside(path, safety)}
    return StaleTexts(shown=frozenset(stale - replaced), replaced=frozenset(replaced))


def block_paths(paths: frozenset[str], field_name: str, block_id: str) -> list[str]:
    return sorted(path for path in paths if _inside(path, {f"{field_name}.{block_id}"}))
