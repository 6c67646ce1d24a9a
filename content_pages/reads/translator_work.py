"""What a translator has to do: pages and snippets with missing or stale texts in a language.

Read for the translator's dashboard. Pages are counted as the translation report counts
them (the live source plus a pending draft's new texts, and the snippets each page
shows); snippets are listed on their own as well, since a snippet no page shows yet is
still published through the API and the chat channels.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from wagtail.models import Page

from content_pages.foundations.translated_fields import translated_models
from content_pages.reads.segments import snippet_segments, translatable_segments
from content_pages.reads.translation_status import MISSING, STALE, page_status, segment_states


@dataclass(frozen=True)
class WorkItem:
    title: str
    language: str
    missing: int
    stale: int
    page_id: int | None = None  # a page, or else a snippet:
    model_label: str = ""  # "content_pages.calltoaction"
    pk: int | None = None

    @property
    def to_do(self) -> int:
        return self.missing + self.stale


def _page_work(language: str) -> list[WorkItem]:
    items = []
    for page in Page.objects.filter(depth__gt=1).order_by("path").specific():
        status = page_status(page, language, translatable_segments(page, language))
        if status.missing or status.stale:
            items.append(WorkItem(page.title, language, status.missing, status.stale, page_id=page.pk))
    return items


def _snippet_models() -> list[type[models.Model]]:
    return [model for model in translated_models() if not issubclass(model, Page) and hasattr(model, "snippet_viewset")]


def _snippet_work(language: str) -> list[WorkItem]:
    items = []
    for model in _snippet_models():
        for obj in model._default_manager.order_by("pk"):
            latest = obj.get_latest_revision_as_object() if hasattr(obj, "get_latest_revision_as_object") else obj
            segments = snippet_segments(latest, language)
            states = list(segment_states(segments, language).values())
            missing, stale = states.count(MISSING), states.count(STALE)
            if missing or stale:
                items.append(
                    WorkItem(str(obj), language, missing, stale, model_label=model._meta.label_lower, pk=obj.pk)
                )
    return items


def work_for(languages: list[str]) -> list[WorkItem]:
    """Everything with something to translate in ``languages``: pages first, then snippets."""
    items: list[WorkItem] = []
    for language in languages:
        items += _page_work(language)
    for language in languages:
        items += _snippet_work(language)
    return items


__all__ = ["WorkItem", "work_for"]
