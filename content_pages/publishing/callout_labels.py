"""Live articles whose notes or warnings their label pushes over a channel limit.

Publishing already checks every channel with the labels included (the renderers measure
them); this finds what was published before labels existed, for
``manage.py check_callout_labels``.
"""

from __future__ import annotations

from dataclasses import dataclass

from content_pages.foundations.languages import content_languages
from content_pages.models import ArticlePage
from content_pages.rendering.channels.callout_fit import LabelOverflow, label_overflows


@dataclass(frozen=True)
class ArticleOverflow:
    page_id: int
    title: str
    language: str
    overflow: LabelOverflow


def live_label_overflows() -> list[ArticleOverflow]:
    """Per live article, language and channel: each labelled callout that needs one more
    message with its label, or breaks a limit."""
    found = []
    for page in ArticlePage.objects.live().order_by("pk"):
        for language in content_languages():
            for overflow in label_overflows(page, language):
                found.append(ArticleOverflow(page.pk, page.title, language, overflow))
    return found
