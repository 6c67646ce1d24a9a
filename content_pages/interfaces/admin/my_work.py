"""The translator's dashboard panel: "My work", what is left to translate in their languages.

Shown only to translators (members of translator groups and nothing else): an editor's
dashboard is about pages, not about languages.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from typing_extensions import override
from wagtail.admin.ui.components import Component

from content_pages.foundations.languages import english_name
from content_pages.foundations.roles import translator_languages
from content_pages.publishing.translation_counts import count_some
from content_pages.reads.translator_work import WorkItem, work_for


def editor_url(item: WorkItem) -> str:
    if item.page_id is not None:
        return reverse("content_pages_translate_page", args=[item.page_id, item.language])
    return reverse("content_pages_translate_snippet", args=[item.model_label, item.pk, item.language])


class MyTranslationWorkPanel(Component):
    name = "my_translation_work"
    template_name = "content_pages/admin/home/my_work.html"
    order = 50  # above Wagtail's own panels: it is why a translator opens the admin

    def __init__(self, languages: list[str]) -> None:
        self.languages = languages

    @override
    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        # The translator's own latest saves show at once; a larger backlog is the worker's.
        still_counting = count_some(self.languages) > 0
        work = work_for(self.languages)
        rows = [
            {"item": item, "url": editor_url(item), "language_name": english_name(item.language)} for item in work.items
        ]
        return {
            "rows": rows,
            "languages": ", ".join(english_name(code) for code in self.languages),
            "more_pages": work.more_pages,
            "report_url": reverse("content_pages_translations_report") + "?state=to_do",
            "still_counting": still_counting,
        }


def add_my_work_panel(request: Any, panels: list[Any]) -> None:
    languages = translator_languages(request.user)
    if languages:
        panels.append(MyTranslationWorkPanel(sorted(languages)))


__all__ = ["MyTranslationWorkPanel", "add_my_work_panel", "editor_url"]
