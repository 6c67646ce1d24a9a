"""The seed article with some of its texts untranslated again, for tests about fallbacks.

The seed is loaded fully translated into every target language (``locale/content/``). A test
about what readers get for a missing translation (fallbacks, the notice, translation
status, PO round trips that fill missing entries) starts from
``leave_untranslated(article)``: the article's paragraphs and list items emptied in that
language and published, with the renditions the API serves refreshed, as the seed was
before its translations were complete.
"""

from __future__ import annotations

from typing import Any

from django.test import TestCase

from content_pages.foundations.languages import localized_field_name
from content_pages.models import ArticlePage
from tests.reviewing import approved_translations

TEXT_BLOCKS = ("paragraph", "bullet_list")


def leave_untranslated(
    article: ArticlePage, language: str = "ms", block_types: tuple[str, ...] = TEXT_BLOCKS
) -> ArticlePage:
    """Empty the article's ``block_types`` texts in ``language`` (body stream) and publish
    it; ``article`` itself is refreshed, so a test's ``seeded`` sees the change."""
    article.refresh_from_db()
    name = localized_field_name("body", language)
    stream: list[dict[str, Any]] = getattr(article, name).get_prep_value()
    for block in stream:
        if block["type"] not in block_types:
            continue
        if block["type"] == "bullet_list":
            for item in block["value"]["items"]:
                item["value"] = ""
        elif isinstance(block["value"], dict):
            block["value"] = {key: "" if isinstance(value, str) else value for key, value in block["value"].items()}
        else:
            block["value"] = ""
    setattr(article, name, stream)
    # Emptying a language is a change of that language: approved by a reviewer of it.
    with TestCase.captureOnCommitCallbacks(execute=True), approved_translations():
        article.save_revision().publish()
    article.refresh_from_db()
    return article
