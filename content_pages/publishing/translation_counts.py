"""Stored translation counts: each page's status per target language, kept current.

Why stored: counting a page reads its live and draft revisions, the snippets it shows
and their translation records, tens of milliseconds a page; the status report, *My work*
and ``manage.py translation_status`` read ``TranslationCount`` rows instead
(``reads/translation_counts``), the same few queries at 10 or 10,000 pages.

A row names the revisions it counted, so a draft save or a publish outdates it without
a write here (a publish stays as fast as it was). A changed snippet outdates the pages
showing it, by deleting their rows (``snippet_changed``). Outdated and missing rows are
counted again by the worker's sweep (``count_outdated``) and, a few at a time, by the
admin views before they read (``count_some``), so an editor's own change shows at once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import IntegerField, Model, Q
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import Page, ReferenceIndex

from content_pages.foundations.languages import target_languages
from content_pages.models import RenditionDependency, TranslationCount
from content_pages.reads.page_versions import load_versions
from content_pages.reads.segments import versioned_segments
from content_pages.reads.translation_counts import outdated_page_ids
from content_pages.reads.translation_status import page_status

logger = logging.getLogger(__name__)

# Pages an admin view counts before it reads; the rest is the worker's (``count_outdated``).
INLINE = 20
# Pages one sweep counts: a few seconds of the worker's time.
SWEEP_BATCH = 200

_COUNTED = ["total", "translated", "missing", "stale", "stale_paths", "latest_revision_id", "live_revision_id"]


def count_pages(page_ids: Iterable[int], languages: list[str] | None = None) -> int:
    """Count ``page_ids`` in ``languages`` (every target language by default) and store
    the rows; how many pages were counted (a page that cannot be read is logged and left).

    The page row is read before its revisions (``load_versions``): a revision saved
    meanwhile leaves a row under the older key, which is counted again, never a row
    that claims a revision it did not count."""
    languages = list(target_languages()) if languages is None else languages
    versions = load_versions(page_ids)
    now = timezone.now()
    rows = []
    for page_id, version in versions.items():
        page = version.stored
        try:
            statuses = [page_status(page, language, versioned_segments(version, language)) for language in languages]
        except Exception:
            # One page whose content cannot be read must not keep every other page from
            # being counted; it stays outdated (left out of the report) and is logged.
            logger.exception("Could not count the translations of page %s", page_id)
            continue
        for language, status in zip(languages, statuses, strict=True):
            rows.append(
                TranslationCount(
                    page_id=page_id,
                    language=language,
                    total=status.total,
                    translated=status.translated,
                    missing=status.missing,
                    stale=status.stale,
                    stale_paths=list(status.stale_paths),
                    latest_revision_id=page.latest_revision_id or 0,
                    live_revision_id=page.live_revision_id or 0,
                    counted_at=now,
                )
            )
    TranslationCount.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["language", "page"],
        update_fields=[*_COUNTED, "counted_at"],
    )
    return len({row.page_id for row in rows})


def count_some(languages: list[str], limit: int | None = None) -> int:
    """Count up to ``limit`` (``INLINE``) outdated pages of ``languages``; how many are
    left after (at most one more is looked for: the figure says whether any are)."""
    limit = INLINE if limit is None else limit
    page_ids = outdated_page_ids(languages, limit + 1)
    if page_ids:
        count_pages(page_ids[:limit], languages)
    return max(0, len(page_ids) - limit)


def count_all(languages: list[str], batch: int = SWEEP_BATCH) -> int:
    """Every outdated page of ``languages``, now, in batches (a command's way)."""
    page_ids = outdated_page_ids(languages, None)
    for start in range(0, len(page_ids), batch):
        count_pages(page_ids[start : start + batch], languages)
    return len(page_ids)


def count_outdated(limit: int | None = None) -> int:
    """The worker's share: up to ``limit`` (``SWEEP_BATCH``) outdated pages, in every
    target language."""
    limit = SWEEP_BATCH if limit is None else limit
    page_ids = outdated_page_ids(list(target_languages()), limit)
    return count_pages(page_ids) if page_ids else 0


def showing_pages(obj: Model) -> Q:
    """Pages whose counts include ``obj``'s texts, as a condition on their ``page_id``: the
    live pages rendered with it, and every page whose stored content refers to it (drafts
    included). Subqueries, not a list of ids: a call to action shown by 10,000 pages
    stays one statement."""
    rendered = RenditionDependency.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)._meta.concrete_model or type(obj)),
        object_id=str(obj.pk),
    ).values("page_id")
    referring = (
        ReferenceIndex.get_references_to(obj)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .annotate(page_id=Cast("object_id", IntegerField()))
        .values("page_id")
    )
    return Q(page_id__in=rendered) | Q(page_id__in=referring)


def snippet_changed(obj: Model) -> int:
    """A snippet's texts or translations changed: the pages showing it are counted again
    (by the worker: a snippet many pages show is many pages to count)."""
    deleted, _kinds = TranslationCount.objects.filter(showing_pages(obj)).delete()
    return deleted


__all__ = ["count_all", "count_outdated", "count_pages", "count_some", "showing_pages", "snippet_changed"]
