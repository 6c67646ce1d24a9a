"""The reviewer's dashboard panel: "Translations awaiting your review", one row per
submitted page or snippet and language ("Malay translation of …"), and per text approved
only at set-up (the seed's), which a reviewer of the language has not read yet.

Wagtail's own "Awaiting your review" panel lists workflow tasks by page title only, and
a translation's review is not a Wagtail task (the English medical review is); a
reviewer of a language needs to see which language waits, and where to approve it.
"""

from __future__ import annotations

from typing import Any

from typing_extensions import override
from wagtail.admin.ui.components import Component

from content_pages.foundations.languages import english_name
from content_pages.foundations.roles import reviewer_languages
from content_pages.reads.translation_reviews import awaiting_rows


class TranslationsAwaitingReviewPanel(Component):
    name = "translations_awaiting_review"
    template_name = "content_pages/admin/home/translations_awaiting_review.html"
    order = 60  # below a translator's "My work", above Wagtail's own panels

    def __init__(self, languages: set[str]) -> None:
        self.languages = languages

    @override
    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        return {
            # The seed's translations, approved at set-up, wait for a first reading too.
            "rows": awaiting_rows(self.languages),
            "languages": ", ".join(english_name(code) for code in sorted(self.languages)),
        }


def add_review_panel(request: Any, panels: list[Any]) -> None:
    languages = reviewer_languages(request.user)
    if languages:
        panels.append(TranslationsAwaitingReviewPanel(languages))


__all__ = ["TranslationsAwaitingReviewPanel", "add_review_panel"]
