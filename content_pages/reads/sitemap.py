"""What the sitemaps list: every live, public page (not the tree root) with its path in
each language, read from the stored web renditions in one query; and the sitemaps as
stored (``models/sitemaps.py``), with whether each is current.

Each web row's summary holds the page's absolute URL in the row's language (the same
``meta.html_url`` the API lists), made on the configured base URL; the path is what
follows that base. Building the paths from Wagtail's ``get_url_parts`` instead cost a
site and routing look-up per page and language (docs/performance.md). A page whose rows
cannot give every language's path (rendered before a language was added, on another
base URL, or not rendered yet) has its paths built as before, and only those pages.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import FilteredRelation, Q, Subquery
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from wagtail.models import Page

from content_pages.foundations.urls import base_url, page_path
from content_pages.models import SitemapState, StoredSitemap

WEB = "web"


@dataclass
class SitemapPage:
    page_id: int
    last_published_at: datetime.datetime | None
    # Site-relative path by language code ("" for a page no site routes to).
    paths: dict[str, str] = field(default_factory=dict)


def sitemap_pages(languages: tuple[str, ...]) -> list[SitemapPage]:
    """Live, public pages in tree order, each with its path in every one of ``languages``."""
    rows = (
        Page.objects.filter(live=True, depth__gt=1)
        .annotate(web=FilteredRelation("channel_renditions", condition=Q(channel_renditions__channel=WEB)))
        .filter(Q(web__public=True) | Q(web__isnull=True))
        .annotate(html_url=KeyTextTransform("html_url", KeyTransform("meta", "web__summary")))
        .order_by("path")
        .values_list("pk", "last_published_at", "web__language", "html_url")
    )
    base = base_url() + "/"
    pages: dict[int, SitemapPage] = {}
    for page_id, last_published_at, language, html_url in rows:
        page = pages.setdefault(page_id, SitemapPage(page_id, last_published_at))
        if html_url == "":
            page.paths[language] = ""
        elif html_url and html_url.startswith(base):
            page.paths[language] = html_url[len(base) - 1 :]
    incomplete = [page for page in pages.values() if not set(languages) <= set(page.paths)]
    if incomplete:
        built = _build_paths(incomplete, languages)
        for page in incomplete:
            if page.page_id not in built:
                del pages[page.page_id]
    return list(pages.values())


def _build_paths(pages: list[SitemapPage], languages: tuple[str, ...]) -> set[int]:
    """Paths from Wagtail's routing, for the pages the stored rows do not cover; which
    of them it built. A page with no rows at all may be behind a view restriction, which
    only Wagtail's query tells then: such a page is not built."""
    by_id = {page.page_id: page for page in pages}
    built = set()
    for live in Page.objects.live().public().filter(pk__in=list(by_id)):
        by_id[live.pk].paths = {language: page_path(live, language) for language in languages}
        built.add(live.pk)
    return built


@dataclass(frozen=True)
class StoredPart:
    """A stored sitemap part, as it is served."""

    xml: str
    etag: str
    lastmod: datetime.datetime | None
    built_at: datetime.datetime


@dataclass(frozen=True)
class PartListing:
    language: str
    part: int
    lastmod: datetime.datetime | None
    current: bool


def current_generation() -> int:
    return SitemapState.objects.values_list("generation", flat=True).first() or 0


def _generation() -> Subquery:
    return Subquery(SitemapState.objects.values("generation")[:1])


def _is_current(built_generation: int, generation: int | None, stored_base: str) -> bool:
    return built_generation >= (generation or 0) and stored_base == base_url()


def stored_part(language: str, part: int) -> StoredPart | None:
    """The part as stored (one query), or None."""
    row = (
        StoredSitemap.objects.filter(language=language, part=part)
        .values_list("xml", "etag", "lastmod", "built_at")
        .first()
    )
    return None if row is None else StoredPart(*row)


def stored_listing() -> list[PartListing]:
    """Every stored part, without its document (one query), for the index."""
    rows = (
        StoredSitemap.objects.annotate(generation=_generation())
        .order_by("language", "part")
        .values_list("language", "part", "lastmod", "built_generation", "generation", "base_url")
    )
    return [
        PartListing(language, part, lastmod, _is_current(built, generation, stored_base))
        for language, part, lastmod, built, generation, stored_base in rows
    ]
