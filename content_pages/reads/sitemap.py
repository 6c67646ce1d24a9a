"""What the sitemaps list: every live, public page (not the tree root) in tree order,
with its ``<url>`` elements as stored or its path in each language; and the sitemaps as
stored (``models/sitemaps.py``), with whether each is current.

A page rendered on the configured base URL has its entries stored (``SitemapEntry``), so
a build is two queries, the pages and their entries, and no page's addresses are
written again. A page whose entries do not cover every language (not rendered yet,
rendered before a language was added or on another base URL) has its paths read from its
web rows' ``meta.html_url`` (the same address the API lists), and a page those rows do
not cover either from Wagtail's ``get_url_parts``, which costs a site and routing
look-up per page and language (docs/performance.md): only those pages.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import FilteredRelation, Q, Subquery
from django.db.models.expressions import Col
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from wagtail.models import Page

from content_pages.foundations.urls import base_url, page_path
from content_pages.models import SitemapEntry, SitemapState, StoredSitemap

WEB = "web"


@dataclass
class SitemapPage:
    page_id: int
    last_published_at: datetime.datetime | None
    # Site-relative path by language code ("" for a page no site routes to).
    paths: dict[str, str] = field(default_factory=dict)
    # The stored ``<url>`` elements by language ("" where it has no address), when they
    # cover every language; None: written from ``paths``.
    entries: dict[str, str] | None = None


def listed_path(html_url: str | None, base: str) -> str | None:
    """The site-relative path in a web row's ``meta.html_url``: "" for a page no site
    routes to, None when the row cannot tell (no URL, or one on another base URL)."""
    if html_url == "":
        return ""
    prefix = base + "/"
    if html_url and html_url.startswith(prefix):
        return html_url[len(prefix) - 1 :]
    return None


def sitemap_pages(languages: tuple[str, ...]) -> list[SitemapPage]:
    """Live, public pages in tree order: each with its stored entries where they cover
    every one of ``languages`` on the configured base URL, any other with its paths in
    every language. Two queries: the pages in order, and the entries (without joining
    the pages' rows, whose translated columns cost more to read than the entries)."""
    pages = {
        page_id: SitemapPage(page_id, last_published_at, entries={})
        for page_id, last_published_at in Page.objects.filter(live=True, depth__gt=1)
        .order_by("path")
        .values_list("pk", "last_published_at")
    }
    stored = SitemapEntry.objects.filter(base_url=base_url()).values_list("page_id", "language", "xml", "public")
    private = set()
    for page_id, language, xml, public in stored:
        page = pages.get(page_id)
        if page is not None:
            page.entries[language] = xml  # type: ignore[index]
            if not public:
                private.add(page_id)
    for page_id in private & pages.keys():
        del pages[page_id]
    incomplete = [page.page_id for page in pages.values() if not set(languages) <= set(page.entries or ())]
    if incomplete:
        built = _paths_of(incomplete, languages)
        for page_id in incomplete:
            if page_id in built:
                pages[page_id] = built[page_id]
            else:
                del pages[page_id]
    return list(pages.values())


_CHUNK = 500


def _paths_of(page_ids: list[int], languages: tuple[str, ...]) -> dict[int, SitemapPage]:
    """The pages' paths from their web rows (``meta.html_url``), else from Wagtail's
    routing; a page whose rows are private is left out."""
    base = base_url()
    pages: dict[int, SitemapPage] = {}
    for start in range(0, len(page_ids), _CHUNK):
        rows = (
            Page.objects.filter(pk__in=page_ids[start : start + _CHUNK])
            .annotate(web=FilteredRelation("channel_renditions", condition=Q(channel_renditions__channel=WEB)))
            .filter(Q(web__public=True) | Q(web__isnull=True))
            .annotate(html_url=KeyTextTransform("html_url", KeyTransform("meta", "web__summary")))
            .values_list("pk", "last_published_at", "web__language", "html_url")
        )
        for page_id, last_published_at, language, html_url in rows:
            page = pages.setdefault(page_id, SitemapPage(page_id, last_published_at))
            path = listed_path(html_url, base)
            if path is not None:
                page.paths[language] = path
    incomplete = [page for page in pages.values() if not set(languages) <= set(page.paths)]
    if incomplete:
        built = _build_paths(incomplete, languages)
        for page in incomplete:
            if page.page_id not in built:
                del pages[page.page_id]
    return pages


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
    """Every stored part, without its document (one query), for the index. The statement is
    written once per process: compiling the queryset at every request cost the index more
    than running it (``bench/results/2026-12-05.profile-sitemap.txt``)."""
    sql, params, (expression, converters) = _listing_statement()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    listing = []
    for language, part, stored_lastmod, built, generation, stored_base in rows:
        lastmod = stored_lastmod
        for convert in converters:
            lastmod = convert(lastmod, expression, connection)
        listing.append(PartListing(language, part, lastmod, _is_current(built, generation, stored_base)))
    return listing


Converter = Callable[[Any, Any, Any], Any]


@functools.cache
def _listing_statement() -> tuple[str, tuple[Any, ...], tuple[Col, list[Converter]]]:
    queryset = (
        StoredSitemap.objects.annotate(generation=_generation())
        .order_by("language", "part")
        .values_list("language", "part", "lastmod", "built_generation", "generation", "base_url")
    )
    sql, params = queryset.query.sql_with_params()
    lastmod = StoredSitemap._meta.get_field("lastmod")
    expression = Col(StoredSitemap._meta.db_table, lastmod)
    converters = [*connection.ops.get_db_converters(expression), *lastmod.get_db_converters(connection)]
    return sql, tuple(params), (expression, converters)
