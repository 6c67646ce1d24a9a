"""Reads behind the pages API: live, public pages and their stored renditions.

Delivery requests read stored rows with SQL written here rather than built by the ORM
per request: building those queries cost more than running them (docs/performance.md).
Privacy is each row's own ``public`` flag, kept current when view restrictions change or
a page moves, so no restriction query is built per request either. Only names from the
models' own metadata go into the SQL text; every value is a parameter.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F, QuerySet
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

from content_pages.foundations.languages import localized_field_name, source_language
from content_pages.models import ArticlePage, ChannelRendition
from content_pages.reads.rendition_sql import StoredRendition, fetch

WEB = "web"

Param = int | str | bool


def visible_pages() -> QuerySet[Page]:
    """What anyone may see: live, not behind a view restriction, not the tree root."""
    pages: QuerySet[Page] = Page.objects.live().public().filter(depth__gt=1)
    return pages


def rendition(page_id: int, language: str, channel: str = WEB) -> StoredRendition | None:
    """The stored rendition, with ``live_revision_id`` of its page alongside: one indexed
    query. Privacy is the row's own ``public`` flag (kept current when view restrictions
    change), so no restriction query is built per request; ``renditions.is_stale`` tells
    a row older than what is live."""
    rows = fetch(_BY_PAGE, [page_id, language, channel, True, True])
    return rows[0] if rows else None


_BY_PAGE = "r.page_id = %s AND r.language = %s AND r.channel = %s AND r.public = %s AND p.live = %s"


def _quote(name: str) -> str:
    return str(connection.ops.quote_name(name))


def _rendition_columns(*left_out: str) -> str:
    """The row's columns but ``left_out``: what a request never reads stays in the
    database (the search text always; the body, the largest column, for most listings)."""
    return ", ".join(
        f"r.{_quote(str(field.column))}"
        for field in ChannelRendition._meta.concrete_fields
        if field.name not in left_out
    )


def renditions_for(page_ids: list[int], language: str, channel: str = WEB) -> dict[int, ChannelRendition]:
    rows = ChannelRendition.objects.filter(page_id__in=page_ids, language=language, channel=channel).annotate(
        live_revision_id=F("page__live_revision_id")
    )
    return {row.page_id: row for row in rows}


# --- Listings ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PageFilter:
    """Which live, public pages (not the tree root) a listing covers, and in which language."""

    language: str
    content_type_ids: tuple[int, ...] | None = None
    # Direct children of this page, if it is the root or live (a restricted parent's
    # children are restricted too, so their rows are not public).
    parent_id: int | None = None
    page_ids: tuple[int, ...] | None = None


@dataclass
class Listing:
    """One page of a listing: the pages in order, the stored web row of each (a page
    published before its rows were rendered has none) and how many pages match in all."""

    page_ids: list[int]
    renditions: dict[int, ChannelRendition]
    total: int


def page_type_ids(model: type[Page] | None = None) -> tuple[int, ...]:
    """The content types of ``model`` (any page without one) and its subclasses, as Wagtail's
    ``PageQuerySet.type`` finds them: from ContentType's per-process cache, so no query once
    warm. Only the site's own page types: a plain Wagtail ``Page`` (the welcome page every
    new database starts with) has no representation in the API, so it is never listed."""
    own = ArticlePage._meta.app_label
    subclasses = [
        candidate
        for candidate in apps.get_models()
        if issubclass(candidate, model or Page) and candidate._meta.app_label == own
    ]
    return tuple(sorted(content_type.pk for content_type in ContentType.objects.get_for_models(*subclasses).values()))


def _in(column: str, values: tuple[int, ...]) -> str:
    return f"{column} IN ({', '.join(['%s'] * len(values))})" if values else "1 = 0"


def _from_where(selection: PageFilter) -> tuple[str, list[Param]]:
    """Pages joined to their web row in the language: a page is listed when live and its
    row is public, or when it has no row yet (rendered on request, as before)."""
    page_table = _quote(Page._meta.db_table)
    rendition_table = _quote(ChannelRendition._meta.db_table)
    sql = [f"FROM {page_table} p"]
    params: list[Param] = []
    if selection.parent_id is not None:
        sql.append(
            f"INNER JOIN {page_table} parent ON parent.id = %s AND (parent.depth = 1 OR parent.live = %s) "
            "AND p.depth = parent.depth + 1 AND p.path LIKE parent.path || '%%'"
        )
        params += [selection.parent_id, True]
    sql.append(f"LEFT JOIN {rendition_table} r ON r.page_id = p.id AND r.channel = %s AND r.language = %s")
    params += [WEB, selection.language]
    where = ["p.live = %s", "p.depth > 1", "(r.public = %s OR r.id IS NULL)"]
    params += [True, True]
    for column, values in (("p.content_type_id", selection.content_type_ids), ("p.id", selection.page_ids)):
        if values is not None:
            where.append(_in(column, values))
            params += list(values)
    sql.append("WHERE " + " AND ".join(where))
    return " ".join(sql), params


def _order_by(order: str | None, language: str) -> tuple[str, str]:
    """``order`` (one of the API's orderings, ``-`` for descending) as an SQL expression
    and direction; the tree order without one. Pages that tie are ordered by id, so that
    none ever swaps places between two pages of a list."""
    if order is None:
        return "p.path", "ASC"
    direction = "DESC" if order.startswith("-") else "ASC"
    name = order.lstrip("-")
    if name == "title":
        # The title in the language, or the source language's where it has none.
        columns = [localized_field_name("title", code) for code in (language, source_language())]
        return "COALESCE(" + ", ".join(f"p.{_quote(Page._meta.get_field(c).column)}" for c in columns) + ")", direction
    return f"p.{_quote(Page._meta.get_field(name).column)}", direction


def listing(selection: PageFilter, order: str | None, limit: int, offset: int, *, body: bool = False) -> Listing:
    """One page of the listing and its total in one query: the matching pages are sorted
    and counted (a window function) as narrow rows, and only the ``limit`` chosen are
    joined to their stored columns (``body`` only when asked for). A second query counts
    only when ``offset`` lies beyond the last page."""
    if selection.page_ids == () or selection.content_type_ids == ():
        return Listing([], {}, 0)
    from_where, params = _from_where(selection)
    rendition_table = _quote(ChannelRendition._meta.db_table)
    left_out = ("search_text",) if body else ("search_text", "body")
    sort_key, direction = _order_by(order, selection.language)
    listed = (
        "SELECT p.id AS listed_page_id, p.live_revision_id AS live_revision_id, r.id AS rendition_id, "
        f"COUNT(*) OVER () AS total_count, {sort_key} AS sort_key {from_where} "
        f"ORDER BY {sort_key} {direction}, p.id ASC LIMIT %s OFFSET %s"
    )
    sql = (
        f"SELECT {_rendition_columns(*left_out)}, listed.listed_page_id, listed.live_revision_id, "  # noqa: S608
        f"listed.total_count FROM ({listed}) listed LEFT JOIN {rendition_table} r ON r.id = listed.rendition_id "
        f"ORDER BY listed.sort_key {direction}, listed.listed_page_id ASC"
    )
    rows = list(ChannelRendition.objects.raw(sql, [*params, limit, offset]))
    if rows:
        total = int(rows[0].total_count)
    else:
        total = count(selection) if offset else 0
    return Listing(
        page_ids=[row.listed_page_id for row in rows],
        renditions={row.listed_page_id: row for row in rows if row.pk is not None},
        total=total,
    )


def ranked_listing(selection: PageFilter, ranked: list[int], limit: int, offset: int, *, body: bool = False) -> Listing:
    """A search's matches in its own order, best first: which of them are listed (their
    ids only), then the stored rows of the ``limit`` chosen."""
    listed = listed_ids(replace(selection, page_ids=tuple(ranked))) if ranked else set()
    matching = [page_id for page_id in ranked if page_id in listed]
    chosen = matching[offset : offset + limit]
    found = listing(replace(selection, page_ids=tuple(chosen)), None, limit, 0, body=body)
    return Listing(chosen, found.renditions, len(matching))


def count(selection: PageFilter) -> int:
    from_where, params = _from_where(selection)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) {from_where}", params)
        return int(cursor.fetchone()[0])


def listed_ids(selection: PageFilter) -> set[int]:
    """Every page the selection lists, ids only (a search ranks them itself)."""
    from_where, params = _from_where(selection)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT p.id {from_where}", params)
        return {row[0] for row in cursor.fetchall()}


def is_listable_parent(page_id: int) -> bool:
    """``child_of`` names a page anyone may see, or the tree root."""
    return visible_pages().filter(pk=page_id).exists() or Page.objects.filter(pk=page_id, depth=1).exists()


def search_page_ids(terms: list[str], language: str, channel: str = WEB) -> list[int]:
    """Pages whose text in ``language`` has every term, best first.

    The terms are plain words (``api.params.parse_search``); they are passed as a plain
    text query, which each database backend quotes itself.
    """
    candidates = ChannelRendition.objects.filter(language=language, channel=channel)
    results = get_search_backend().search(PlainText(" ".join(terms), operator="and"), candidates)
    return [row.page_id for row in results]
