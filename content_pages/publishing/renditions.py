"""Render and store every (channel x language) payload of a published page.

This is the publish-time half of the pages API: requests only read the stored rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any, cast

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from content_pages.foundations.etags import strong_etag
from content_pages.foundations.languages import content_languages, localized_field_name, source_language
from content_pages.foundations.lookups import shared_lookups
from content_pages.foundations.urls import base_url
from content_pages.models import ChannelRendition, RenditionDependency, SitemapEntry
from content_pages.models.publishing import LISTING_COLUMNS
from content_pages.publishing import fingerprint, page_html, sitemaps
from content_pages.publishing.frontend_cache import purge
from content_pages.publishing.frontend_cache import urls as purge_list
from content_pages.publishing.short_links import remember as remember_short_links
from content_pages.publishing.write_turns import WriteTurns
from content_pages.reads.article_view import shared_views
from content_pages.reads.rendition_sql import StoredRendition
from content_pages.rendering import images
from content_pages.rendering.channels import CHANNELS, Rendering, rendition_key


def serialize(payload: object) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder)


@transaction.atomic
def refresh_page(page_id: int) -> list[ChannelRendition]:
    """Render the page's live version for every channel and language, and store it.

    Renditions whose content did not change keep their ETag and Last-Modified, so
    caches stay valid when, say, an unrelated CTA is saved.
    """
    # The page's row lock makes refreshes of one page (the task, the worker's sweep, a
    # reader who found it stale) take turns on PostgreSQL instead of colliding on inserts;
    # a publish of the page waits too. Then generations, then content: a snippet publish
    # committed in between leaves the rows stale.
    page = Page.objects.select_for_update().filter(pk=page_id).first()
    existing = {(r.channel, r.language): r for r in ChannelRendition.objects.filter(page_id=page_id)}
    if page is None or not page.live:
        drop_page(page_id, page)
        return []
    # What caches in front hold: compared with what is stored below, for the purge list.
    before = {key: (row.etag, row.path) for key, row in existing.items()}
    listed_before = _listed(existing.values())
    page = page.specific
    public = is_public(page)
    dependencies: set[tuple[type[models.Model], str]] = set()
    stored = []
    now = timezone.now()
    paths = {language: page_html.request_path(page, language) for language in content_languages()}
    site_root = page_html.site_root_id(page)
    moved = _moved(existing.values(), paths, site_root)
    listed_as = _listing_columns(page)
    # Publishing makes the image renditions the pages show, in the worker; a reader's
    # on-the-spot rendering (``render_one``) only reads those that exist.
    with shared_views(), shared_lookups(), images.making():
        renderings = [
            (rendition_key(channel.name, mode), language, channel.render(page, language, mode))
            for channel in CHANNELS.values()
            for mode in channel.modes
            for language in content_languages()
        ]
        web_pages = (
            {language: page_html.render_page(page, language) for language in content_languages()}
            # A page no Site routes to has no web address to serve it at.
            if page_html.storable(page) and site_root is not None
            else {}
        )
    short_links: dict[str, str] = {}
    for key, language, rendering in renderings:
        dependencies |= rendering.dependencies
        short_links |= rendering.short_links
        stored.append(
            _fill(
                existing.get((key, language)),
                page,
                (key, language, paths[language]),
                serialize(rendering.payload),
                rendering=rendering,
                now=now,
                public=public,
                site_root=site_root,
                listed_as=listed_as[language],
            )
        )
    for language, html in web_pages.items():
        where = (page_html.HTML, language, paths[language])
        stored.append(
            _fill(
                existing.get((page_html.HTML, language)),
                page,
                where,
                html,
                rendering=None,
                now=now,
                public=public,
                site_root=site_root,
                listed_as=listed_as[language],
            )
        )
    remember_short_links(short_links)
    _save_all(stored)
    sitemaps.store_entries(page, stored)
    _replace_dependencies(page_id, dependencies)
    if _listed(stored) != listed_before:
        sitemaps.changed()
    if moved:
        mark_descendants_stale(page)
    _purge_changed(page, before, stored)
    return stored


def _listed(rows: Iterable[ChannelRendition]) -> dict[str, tuple[str, bool, int | None, str]]:
    """What the sitemaps show of the page, by language: where, whether, which publish
    (its date) and on which base URL."""
    return {row.language: (row.path, row.public, row.revision_id, row.base_url) for row in rows if row.channel == "web"}


def _purge_changed(page: Page, before: dict[tuple[str, str], tuple[str, str]], stored: list[ChannelRendition]) -> None:
    """Purge, after commit, what this rendering changed: each row whose ETag or path is
    new, and each web path the page left; an unchanged rendition stays cached."""
    if not purge.enabled():
        return
    missing = ("", "")
    changed = [
        purge_list.of_row(row)
        for row in stored
        if before.get((row.channel, row.language), missing) != (row.etag, row.path)
    ]
    new_paths = {row.path for row in stored if row.channel == page_html.HTML}
    gone = [
        path for (key, _language), (_etag, path) in before.items() if key == page_html.HTML and path not in new_paths
    ]
    purge.schedule(purge_list.page_urls(page, changed, gone))


def _fill(
    rendition: ChannelRendition | None,
    page: Page,
    where: tuple[str, str, str],
    body: str,
    *,
    rendering: Rendering | None,
    now: datetime,
    public: bool,
    site_root: int | None,
    listed_as: dict[str, Any],
) -> ChannelRendition:
    key, language, path = where
    etag = strong_etag(body)
    rendition = rendition or ChannelRendition(page_id=page.pk, channel=key, language=language)
    if rendition.pk is None or rendition.etag != etag:
        rendition.last_modified = now
    rendition.revision_id = page.live_revision_id
    rendition.path = path
    rendition.site_root_id = site_root
    rendition.body = body
    rendition.etag = etag
    rendition.summary = rendering.summary if rendering else {}
    rendition.review_due = rendering.review_due if rendering else None
    rendition.search_text = rendering.search_text if rendering else ""
    rendition.public = public
    rendition.fingerprint = fingerprint.current()
    rendition.base_url = base_url()
    # The generation read before rendering: a publish committed meanwhile has raised
    # ``generation`` in the database, which this save leaves alone, so the row stays stale.
    rendition.rendered_generation = rendition.generation
    for name, value in listed_as.items():
        setattr(rendition, name, value)
    return rendition


def _listing_columns(page: Page) -> dict[str, dict[str, Any]]:
    """What the pages API's list sorts and filters this page by, in each language."""
    parent_path = page.path[: -page.steplen]
    common = {
        "page_type_id": page.content_type_id,
        "parent_page_id": Page.objects.filter(path=parent_path).values_list("pk", flat=True).first()
        if parent_path
        else None,
        "tree_path": page.path,
        "first_published_at": page.first_published_at,
        "last_published_at": page.last_published_at,
    }

    def title(language: str) -> str:
        return str(getattr(page, localized_field_name("title", language), None) or "")

    fallback = title(source_language()) or page.title
    return {language: common | {"sort_title": (title(language) or fallback)[:255]} for language in content_languages()}


def _save_all(rows: list[ChannelRendition]) -> None:
    """Two statements for every row of the page. The database's triggers index the listed
    web rows' words for search= as they are written (migration 0035)."""
    ChannelRendition.objects.bulk_create([row for row in rows if row.pk is None])
    _update_rows([row for row in rows if row.pk is not None], [*STORED_FIELDS, "rendered_generation"])


def _update_rows(rows: list[ChannelRendition], names: list[str]) -> None:
    """One ``UPDATE ... WHERE id = %s`` run for every row (``executemany``). Django's
    ``bulk_update`` writes the same values in one statement of a ``CASE`` per column, whose
    expressions it builds and resolves one by one: half of a page's rendering time, which a
    snippet shown by thousands of pages pays for each of them."""
    if not rows:
        return
    meta = ChannelRendition._meta
    fields = [cast("models.Field[Any, Any]", meta.get_field(name)) for name in names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(str(field.column))} = %s" for field in fields)
    table, key = quote(meta.db_table), quote(str(meta.pk.column if meta.pk else "id"))
    sql = f"UPDATE {table} SET {assignments} WHERE {key} = %s"  # noqa: S608 - quoted model names
    params = [
        [field.get_db_prep_save(getattr(row, field.attname), connection) for field in fields] + [row.pk] for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


STORED_FIELDS = [
    "last_modified",
    "revision_id",
    "path",
    "site_root",
    "body",
    "etag",
    "summary",
    "review_due",
    "search_text",
    "public",
    "fingerprint",
    "base_url",
    *LISTING_COLUMNS,
]


def _moved(rows: Iterable[ChannelRendition], paths: dict[str, str], site_root: int | None) -> bool:
    """The page's path changed in a language since its last rendering, or it is now
    under another Site: its descendants' paths changed with it, and their renditions
    (links, the stored web page and the path and Site it is found by) are out of date."""
    return any(row.path and (row.path != paths.get(row.language) or row.site_root_id != site_root) for row in rows)


def mark_descendants_stale(page: Page) -> None:
    """The descendants' renditions are stale from now on: readers get them rendered on
    the spot (or, for the web page, by Wagtail) until the worker's sweep refreshes them."""
    descendants = Page.objects.filter(path__startswith=page.path, depth__gt=page.depth)
    ChannelRendition.objects.filter(page__in=descendants).update(generation=F("generation") + 1)
    sitemaps.changed()


def mark_stale_with_descendants(page: Page) -> None:
    pages = Page.objects.filter(path__startswith=page.path)
    ChannelRendition.objects.filter(page__in=pages).update(generation=F("generation") + 1)


def mark_listings_stale(page: Page, path: str | None = None) -> None:
    """The stored web pages that list ``page`` (its ancestors: the home page shows the
    latest articles, an index its own) are stale once it is published, withdrawn,
    restricted or moved; ``path`` is where it was, for a move."""
    ancestors = {*ancestor_paths(page.path)[:-1], *(ancestor_paths(path)[:-1] if path else [])}
    ChannelRendition.objects.filter(page__path__in=ancestors, channel=page_html.HTML).update(
        generation=F("generation") + 1
    )


def is_public(page: Page) -> bool:
    """No view restriction (login, password, groups) on the page or any ancestor."""
    return not PageViewRestriction.objects.filter(page__path__in=ancestor_paths(page.path)).exists()


def ancestor_paths(path: str) -> list[str]:
    return [path[:end] for end in range(Page.steplen, len(path) + 1, Page.steplen)]


def set_public(page_ids: list[int], *, public: bool) -> int:
    """The privacy flag of the pages' renditions, which the API and the stored web pages
    read instead of the restrictions, and of their sitemap entries: two statements for a
    batch of pages (and one read of what changes, for caches in front to drop: a cached
    public copy of a page made private, a cached refusal of one made public)."""
    if not page_ids:
        return 0
    changing = ChannelRendition.objects.filter(page_id__in=page_ids).exclude(public=public)
    if purge.enabled():
        purge.schedule(purge_list.page_urls(None, [purge_list.of_row(row) for row in changing.only(*PURGE_FIELDS)]))
    updated = changing.update(public=public)
    if updated:
        # The entries were written from the rows: they change only where the rows did.
        SitemapEntry.objects.filter(page_id__in=page_ids).exclude(public=public).update(public=public)
        sitemaps.changed()
    return updated


PURGE_FIELDS = ("page_id", "channel", "language", "path")


def is_stale(rendition: ChannelRendition | StoredRendition, live_revision_id: int | None) -> bool:
    """Older than what is live: made from an earlier revision, or before a publish of the
    page or of a snippet it shows (which raised its generation), or linking to another
    base URL than the configured one (a deployment moved the site: its old address may
    not answer). Other deployment changes (a template, the rendering code) leave the row
    current for readers: its text is, and the worker re-renders it in the background
    (``publishing.rerender``). An empty ``base_url`` was not recorded (a row stored before
    it was) and is served as stored too."""
    return (
        rendition.rendered_generation < rendition.generation
        or rendition.revision_id != live_revision_id
        or (bool(rendition.base_url) and rendition.base_url != base_url())
    )


def render_one(page_id: int, key: str, language: str) -> ChannelRendition | None:
    """One rendition rendered now and not stored, for a request that found the stored
    one stale or missing. A reader's request never writes (on SQLite a write waits for
    every other writer): the publish's task, or the worker's sweep, stores the rows and
    the short links they use (an SMS short link in this answer redirects once they ran)."""
    page = Page.objects.filter(pk=page_id, live=True).first()
    if page is None:
        return None
    page = page.specific
    if page._meta.app_label != ChannelRendition._meta.app_label:
        # A plain Wagtail page (the welcome page of a new database) has no rendering.
        return None
    channel_name, _sep, mode = key.partition(":")
    rendering = CHANNELS[channel_name].render(page, language, mode)
    body = serialize(rendering.payload)
    return ChannelRendition(
        page_id=page_id,
        channel=key,
        language=language,
        revision_id=page.live_revision_id,
        body=body,
        etag=strong_etag(body),
        last_modified=page.last_published_at or timezone.now(),
        summary=rendering.summary,
        review_due=rendering.review_due,
        search_text=rendering.search_text,
        public=is_public(page),
    )


def _replace_dependencies(page_id: int, dependencies: set[tuple[type[models.Model], str]]) -> None:
    RenditionDependency.objects.filter(page_id=page_id).delete()
    RenditionDependency.objects.bulk_create(
        [
            RenditionDependency(page_id=page_id, content_type=ContentType.objects.get_for_model(model), object_id=pk)
            for model, pk in sorted(dependencies, key=lambda item: (item[0]._meta.label, item[1]))
        ]
    )


def drop_page(page_id: int, page: Page | None = None) -> None:
    """The page is gone from readers (withdrawn, deleted): its rows go, and caches in front
    drop every URL they were served at (``page``, if given, for its listings)."""
    if purge.enabled():
        rows = purge_list.stored_rows([page_id])
        purge.schedule(purge_list.page_urls(page, rows) if rows else set())
    deleted, _kinds = ChannelRendition.objects.filter(page_id=page_id).delete()
    RenditionDependency.objects.filter(page_id=page_id).delete()
    if deleted:
        sitemaps.changed()


def dependent_page_ids(obj: models.Model) -> list[int]:
    model = Page if isinstance(obj, Page) else (type(obj)._meta.concrete_model or type(obj))
    content_type = ContentType.objects.get_for_model(model)
    return list(
        RenditionDependency.objects.filter(content_type=content_type, object_id=str(obj.pk))
        .values_list("page_id", flat=True)
        .distinct()
    )


def refresh_all() -> int:
    """Re-render every live page now (``refresh_renditions``): a forced rebuild; after a
    deployment the worker does it by itself, at a bounded rate (``publishing.rerender``)."""
    count = 0
    turns = WriteTurns()
    for page_id in Page.objects.live().filter(depth__gt=1).values_list("pk", flat=True):
        turns.between_pages()
        refresh_page(page_id)
        count += 1
    return count
