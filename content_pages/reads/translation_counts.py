"""Reads of the stored translation counts (``publishing/translation_counts`` writes them).

A row is current while the page's latest and live revisions are the ones it counted;
every read here keeps current rows only, so an outdated count is never shown as if it
were the page's status: the page is left out and counted as "still to count" instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from wagtail.models import Page

from content_pages.foundations.languages import localized_field_name, source_language
from content_pages.models import TranslationCount
from content_pages.reads.translation_status import Status

# The report's filters, as the admin's "Show" choices name them.
STATES: dict[str, Q] = {
    "missing": Q(missing__gt=0),
    "stale": Q(stale__gt=0),
    "complete": Q(translated=F("total")),
    "to_do": Q(missing__gt=0) | Q(stale__gt=0),
}


def _current(outer: str = "page__") -> dict[str, Any]:
    return {
        "latest_revision_id": Coalesce(F(f"{outer}latest_revision_id"), Value(0)),
        "live_revision_id": Coalesce(F(f"{outer}live_revision_id"), Value(0)),
    }


def current_counts(languages: list[str], state: str = "") -> QuerySet[TranslationCount]:
    """Current rows of ``languages``, in the tree's order and then the languages' order."""
    rows = TranslationCount.objects.filter(language__in=languages, page__depth__gt=1, **_current())
    if state:
        rows = rows.filter(STATES[state])
    in_order = Case(
        *(When(language=code, then=Value(i)) for i, code in enumerate(languages)), output_field=IntegerField()
    )
    return rows.order_by("page__path", in_order)


def outdated_page_ids(languages: list[str], limit: int | None) -> list[int]:
    """Pages with no current count in at least one of ``languages``, the most recently
    changed first."""
    missing = Q()
    for language in languages:
        current = TranslationCount.objects.filter(
            page_id=OuterRef("pk"),
            language=language,
            latest_revision_id=Coalesce(OuterRef("latest_revision_id"), Value(0)),
            live_revision_id=Coalesce(OuterRef("live_revision_id"), Value(0)),
        )
        missing |= Q(~Exists(current))
    # The most recently changed first: an editor's or translator's own change is counted
    # by the view they open next, even while the worker works through a backlog.
    latest_first = F("latest_revision_created_at").desc(nulls_last=True)
    pages = Page.objects.filter(depth__gt=1).filter(missing).order_by(latest_first, "path")
    ids = pages.values_list("pk", flat=True)
    return list(ids if limit is None else ids[:limit])


@dataclass(frozen=True)
class CountRow:
    page_id: int
    title: str
    status: Status

    def as_dict(self) -> dict[str, Any]:
        return {"page_id": self.page_id, "title": self.title, **self.status.as_dict()}


def _fields() -> tuple[str, ...]:
    # The title as editors wrote it: a lookup of ``title`` alone would be rewritten to
    # whichever language happens to be active.
    title = "page__" + localized_field_name("title", source_language())
    return ("page_id", title, "language", "total", "translated", "missing", "stale", "stale_paths")


def count_rows(rows: QuerySet[TranslationCount] | Any) -> list[CountRow]:
    """``rows`` (a slice of ``current_counts``, or a paginator's page of it) as the
    report shows them; one query."""
    return [
        CountRow(
            page_id,
            title,
            Status(language, total, translated, missing, stale, tuple(stale_paths or ())),
        )
        for page_id, title, language, total, translated, missing, stale, stale_paths in rows.values_list(*_fields())
    ]


__all__ = ["STATES", "CountRow", "count_rows", "current_counts", "outdated_page_ids"]
