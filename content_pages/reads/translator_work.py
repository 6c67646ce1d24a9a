"""What a translator has to do: pages and snippets with missing or stale texts in a language.

Read for the translator's dashboard. Pages are counted as the translation report counts
them (the live source plus a pending draft's new texts, and the snippets each page
shows); snippets are listed on their own as well, since a snippet no page shows yet is
still published through the API and the chat channels.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from wagtail.models import Page, Revision

from content_pages.foundations.translated_fields import translated_models
from content_pages.reads.segments import snippet_segments
from content_pages.reads.translation_counts import count_rows, current_counts
from content_pages.reads.translation_status import MISSING, STALE, segment_states

# Pages *My work* lists; the report lists them all, a page of rows at a time.
PAGES_SHOWN = 50


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


def _page_work(languages: list[str], limit: int) -> tuple[list[WorkItem], int]:
    """The first ``limit`` pages with texts left in ``languages``, from their stored counts,
    and how many there are in all."""
    rows = current_counts(languages, "to_do")
    items = [
        WorkItem(row.title, row.status.language, row.status.missing, row.status.stale, page_id=row.page_id)
        for row in count_rows(rows[:limit])
    ]
    return items, (len(items) if len(items) < limit else rows.count())


def _snippet_models() -> list[type[models.Model]]:
    return [model for model in translated_models() if not issubclass(model, Page) and hasattr(model, "snippet_viewset")]


def _latest(objects: list[models.Model]) -> dict[object, models.Model]:
    """Each snippet as its latest draft has it (``get_latest_revision_as_object``), with
    one query for all their revisions."""
    drafted = {
        obj.pk: getattr(obj, "latest_revision_id", None)
        for obj in objects
        if getattr(obj, "has_unpublished_changes", True) and getattr(obj, "latest_revision_id", None)
    }
    revisions = Revision.objects.in_bulk(list(drafted.values()))
    latest: dict[object, models.Model] = {}
    for obj in objects:
        revision = revisions.get(drafted.get(obj.pk))
        latest[obj.pk] = obj.with_content_json(revision.content) if revision is not None else obj  # type: ignore[attr-defined]
    return latest


def _snippet_work(languages: list[str]) -> list[WorkItem]:
    """Every snippet with texts left in ``languages``: a few queries per snippet model and
    language, whatever the number of snippets (they are few beside the pages, so counted here)."""
    loaded = []
    for model in _snippet_models():
        objects = list(model._default_manager.order_by("pk"))
        loaded.append((model, objects, _latest(objects)))
    items = []
    for language in languages:
        for model, objects, latest in loaded:
            segments = {obj.pk: snippet_segments(latest[obj.pk], language) for obj in objects}
            states = segment_states([segment for found in segments.values() for segment in found], language)
            for obj in objects:
                found = [states[segment.id] for segment in segments[obj.pk]]
                missing, stale = found.count(MISSING), found.count(STALE)
                if missing or stale:
                    items.append(
                        WorkItem(str(obj), language, missing, stale, model_label=model._meta.label_lower, pk=obj.pk)
                    )
    return items


@dataclass(frozen=True)
class Work:
    items: list[WorkItem]  # the first pages, then every snippet
    pages: int  # pages with work in all, listed or not

    @property
    def more_pages(self) -> int:
        return self.pages - sum(1 for item in self.items if item.page_id is not None)


def work_for(languages: list[str], pages: int | None = None) -> Work:
    """What is left to translate in ``languages``: the first ``pages`` (``PAGES_SHOWN``) pages with texts
    left (current counts only: ``publishing/translation_counts`` counts changed pages),
    then every snippet. Snippets are few and counted here; pages grow with the site."""
    page_items, page_total = _page_work(languages, PAGES_SHOWN if pages is None else pages)
    return Work([*page_items, *_snippet_work(languages)], page_total)


__all__ = ["PAGES_SHOWN", "Work", "WorkItem", "work_for"]
