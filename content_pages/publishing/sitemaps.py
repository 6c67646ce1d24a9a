"""Keeping the stored sitemaps (``models/sitemaps.py``) current.

Whatever changes which pages are listed or where (a publish, a withdrawal, a deletion, a
view restriction, a move) calls ``changed``. After its transaction commits, that counts
one more change, which makes every stored part stale at once (readers then get a part
built on the spot, never an outdated list), and enqueues ``refresh_sitemaps_task``; the
worker builds every language from one query over the stored web rows and stores it. The
worker's sweep rebuilds what a lost task left stale (``refresh_if_stale``).

A build reads the count before the pages, so a change committed while it runs leaves
what it stores stale rather than wrongly current.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task
from wagtail.models import Page

from content_pages.foundations.etags import strong_etag
from content_pages.foundations.languages import content_languages
from content_pages.foundations.urls import absolute_url, base_url
from content_pages.models import ChannelRendition, SitemapEntry, SitemapState, StoredSitemap
from content_pages.publishing.frontend_cache import purge
from content_pages.reads.sitemap import (
    WEB,
    SitemapPage,
    current_generation,
    listed_path,
    sitemap_pages,
    stored_listing,
)
from content_pages.rendering.sitemap_xml import Part, all_parts, page_entries, sitemap_path

logger = logging.getLogger(__name__)


def changed() -> None:
    """The listed pages changed in the current transaction (now, outside one): counted
    and enqueued once per transaction, however many pages it changed."""
    if connection.in_atomic_block and any(getattr(entry[1], "pending", False) for entry in connection.run_on_commit):
        return

    def after_commit() -> None:
        after_commit.pending = False  # type: ignore[attr-defined]
        _after_commit()

    after_commit.pending = True  # type: ignore[attr-defined]
    transaction.on_commit(after_commit)


def _after_commit() -> None:
    if not SitemapState.objects.filter(pk=1).update(generation=F("generation") + 1):
        SitemapState.objects.get_or_create(pk=1, defaults={"generation": 1})
    try:
        refresh_sitemaps_task.enqueue()
    except Exception as error:
        # The parts are stale already, so readers get them built; the sweep stores them.
        logger.warning("Sitemap refresh not enqueued (%s); the worker's sweep will do it", type(error).__name__)


def store_entries(page: Page, rows: list[ChannelRendition]) -> None:
    """The page's ``<url>`` elements, from the web rows its rendering just stored: one
    statement. A page whose rows do not give every language's address keeps none, and
    builds read its paths as before."""
    languages = content_languages()
    base = base_url()
    web = {row.language: row for row in rows if row.channel == WEB and row.pk is not None}
    listed = SitemapPage(page.pk, page.last_published_at)
    for language, row in web.items():
        path = listed_path(row.summary.get("meta", {}).get("html_url"), base)
        if path is not None:
            listed.paths[language] = path
    if not set(languages) <= set(listed.paths):
        SitemapEntry.objects.filter(page_id=page.pk).delete()
        return
    entries = page_entries(listed, languages, default=settings.LANGUAGE_CODE, base=base)
    SitemapEntry.objects.bulk_create(
        [
            SitemapEntry(
                page_id=page.pk,
                rendition=web[language],
                language=language,
                base_url=base,
                public=web[language].public,
                xml=entries.get(language, ""),
            )
            for language in languages
        ],
        update_conflicts=True,
        unique_fields=["page", "language"],
        update_fields=["rendition", "base_url", "public", "xml"],
    )


@task()
def refresh_sitemaps_task() -> None:
    refresh_if_stale()


def build(language: str) -> list[Part]:
    """``language``'s parts as they would be stored now."""
    return _build_all(only=language)[language]


def _build_all(only: str | None = None) -> dict[str, list[Part]]:
    languages = content_languages()
    return all_parts(
        sitemap_pages(languages),
        languages,
        default=settings.LANGUAGE_CODE,
        base=base_url(),
        max_urls=settings.CMS_SITEMAP_URLS_MAX,
        only=only,
    )


def refresh_sitemaps() -> int:
    """Build and store every language's sitemap; how many parts were stored."""
    generation = current_generation()
    built = _build_all()
    stored = _store(built, generation)
    # Shared caches were told at the change; a part past the first is only known now.
    purge.schedule(absolute_url(path) for path in ["/sitemap.xml", *stored])
    return len(stored)


def refresh_if_stale() -> bool:
    """Rebuild when a part is stale or a language has none (a lost task, a new language,
    a new base URL); whether it did."""
    listing = stored_listing()
    if listing and all(part.current for part in listing) and {p.language for p in listing} >= set(content_languages()):
        return False
    refresh_sitemaps()
    return True


@transaction.atomic
def _store(built: dict[str, list[Part]], generation: int) -> list[str]:
    """Store the parts, one statement per part (parts are few: one per language up to
    the protocol's 50,000 URLs); the paths stored. An older build finishing after a
    newer one stores nothing (and had it stored, its generation would leave it stale,
    never wrongly current).

    Each part is updated in place and only a part that does not exist yet is inserted:
    Django's bulk insert on PostgreSQL sends the values as arrays, and escaping a
    document of megabytes into an array literal took more than a second at 10,000
    articles, where one document as one parameter takes milliseconds."""
    if StoredSitemap.objects.filter(built_generation__gt=generation).exists():
        return []
    now = timezone.now()
    rows = [
        StoredSitemap(
            language=language,
            part=number,
            xml=part.xml,
            etag=strong_etag(part.xml),
            urls=part.urls,
            lastmod=part.lastmod,
            base_url=base_url(),
            built_generation=generation,
            built_at=now,
        )
        for language, parts in built.items()
        for number, part in enumerate(parts, start=1)
    ]
    # Parts no longer needed, and languages no longer offered, are no longer listed.
    kept = Q()
    for language, parts in built.items():
        kept |= Q(language=language, part__lte=len(parts))
    StoredSitemap.objects.exclude(kept).delete()
    missing = [
        row
        for row in rows
        if not StoredSitemap.objects.filter(language=row.language, part=row.part).update(
            **{name: getattr(row, name) for name in _STORED}
        )
    ]
    for row in missing:
        # A concurrent first build may have inserted it meanwhile: then this one's wins.
        StoredSitemap.objects.update_or_create(
            language=row.language, part=row.part, defaults={name: getattr(row, name) for name in _STORED}
        )
    return [sitemap_path(row.language, row.part) for row in rows]


_STORED = ("xml", "etag", "urls", "lastmod", "base_url", "built_generation", "built_at")
