"""Reads behind the pages API: live, public pages and their stored renditions.

Delivery requests read stored rows with SQL written here rather than built by the ORM
per request: building those queries cost more than running them (docs/performance.md).
Privacy is each row's own ``public`` flag, kept current when view restrictions change or
a page moves, so no restriction query is built per request either. Only names from the
models' own metadata go into the SQL text; every value is a parameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.db.models import F, Field, QuerySet
from wagtail.models import Page

from content_pages.models import ArticlePage, ChannelRendition, SitemapState
from content_pages.models.publishing import LISTING_ORDERS
from content_pages.reads.rendition_sql import ListedRendition, StoredRendition, fetch, listed_columns, read_listed

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


def quote_name(name: str) -> str:
    return str(connection.ops.quote_name(name))


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
    # Rows whose id the query ``rows_in`` selects (its SQL and parameters): a search's
    # matches (``reads.search``), which the list then orders as it orders any list.
    rows_in: tuple[str, tuple[Param, ...]] | None = None


@dataclass(frozen=True)
class Position:
    """A place in a list's order: just after the page ``page_id``, whose value in the
    order's column (None in the order by id) is ``value``. Where the next page of a list
    starts, however many pages were published or withdrawn before it meanwhile."""

    value: str | datetime | None
    page_id: int


@dataclass
class Listing:
    """One page of a listing: the pages in order, the stored web row of each, how many
    pages match in all, and where the next page starts if there is one."""

    page_ids: list[int]
    renditions: dict[int, ListedRendition]
    total: int
    next: Position | None = None


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


def _from_where(selection: PageFilter, *, pages: bool = True) -> tuple[str, list[Param]]:
    """The listed pages' web rows in the language: public, of a live page. The channel is
    written into the SQL rather than passed, so that both databases see the list indexes'
    own condition (``ChannelRendition.Meta``) in the query and use them.

    Without ``pages``, the rows alone: a page's rows are removed in the transaction that
    unpublishes it, so a count need not look each page up."""
    page_table = quote_name(Page._meta.db_table)
    rendition_table = quote_name(ChannelRendition._meta.db_table)
    sql = [f"FROM {rendition_table} r"]
    params: list[Param] = []
    where = [f"r.channel = '{WEB}'", "r.language = %s", "r.public = %s"]
    if pages:
        sql.append(f"INNER JOIN {page_table} p ON p.id = r.page_id")
        where.append("p.live = %s")
    if selection.parent_id is not None:
        # A restricted parent's children are restricted too, so their rows are not public.
        sql.append(f"INNER JOIN {page_table} parent ON parent.id = %s AND (parent.depth = 1 OR parent.live = %s)")
        params += [selection.parent_id, True]
        where.append("r.parent_page_id = parent.id")
    params += [selection.language, True]
    if pages:
        params.append(True)
    if selection.content_type_ids is not None:
        where.append(_in("r.page_type_id", selection.content_type_ids))
        params += list(selection.content_type_ids)
    if selection.rows_in is not None:
        rows_sql, rows_params = selection.rows_in
        where.append(f"r.id IN ({rows_sql})")
        params += list(rows_params)
    sql.append("WHERE " + " AND ".join(where))
    return " ".join(sql), params


def _order_by(order: str | None) -> tuple[str | None, str]:
    """``order`` (one of the API's orderings, ``-`` for descending) as the stored column
    it sorts by (None: by id alone) and its direction; the tree order without one. Pages
    that tie are ordered by id in the same direction, so that none ever swaps places
    between two pages of a list and the index gives the whole order."""
    columns = LISTING_ORDERS[(order or "tree").lstrip("-")]
    return (columns[0] if columns else None), "DESC" if order and order.startswith("-") else "ASC"


def _column(name: str) -> str:
    return "r." + quote_name(str(cast("Field[object, object]", ChannelRendition._meta.get_field(name)).column))


def listing(
    selection: PageFilter,
    order: str | None,
    limit: int,
    offset: int,
    *,
    body: bool = False,
    after: Position | None = None,
    total: int | None = None,
) -> Listing:
    """One page of the listing: the first ``limit`` rows after ``offset`` (or after the
    position ``after``) in the order of one of the list indexes, joined to their pages by
    id (``body`` only when asked for). One row more is read to tell whether another page
    follows. The total is ``total`` if the caller counted it (a search, its matches),
    else counted once for each change of what is listed (``count``)."""
    if selection.content_type_ids == ():
        return Listing([], {}, 0)
    from_where, params = _from_where(selection)
    name, direction = _order_by(order)
    keys = [_column(name), "r.page_id"] if name else ["r.page_id"]
    if after is not None:
        comparison = "<" if direction == "DESC" else ">"
        from_where += f" AND ({', '.join(keys)}) {comparison} ({', '.join(['%s'] * len(keys))})"
        params += [_value(after.value), after.page_id] if name else [after.page_id]
    sql = (
        f"SELECT {listed_columns(body=body)}, ({_generation_sql()}) {from_where} "
        f"ORDER BY {', '.join(f'{key} {direction}' for key in keys)} LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit + 1, offset])
        found = cursor.fetchall()
    more, found = len(found) > limit, found[:limit]
    rows = read_listed(found)
    if total is None:
        # The generation of what is listed, read by the same query (its last column).
        total = count(selection, found[0][-1] if found else None) if rows or offset or after else 0
    last = rows[-1] if more else None
    return Listing(
        page_ids=[row.page_id for row in rows],
        renditions={row.page_id: row for row in rows},
        total=total,
        next=Position(getattr(last, name) if name else None, last.page_id) if last is not None else None,
    )


def _value(value: str | datetime | None) -> Param:
    """A position's value as the database compares it with the column (SQLite keeps
    date-times as text, in UTC)."""
    if isinstance(value, datetime):
        return cast(Param, connection.ops.adapt_datetimefield_value(value))
    return cast(Param, value)


# A count is kept for each generation of what is listed (``publishing.sitemaps.changed``
# raises it after every change of what a list shows). Kept this long at most, in case a
# crash lost the raise.
COUNT_SECONDS = 300


def count(selection: PageFilter, generation: int | None = None) -> int:
    """How many pages the selection lists: counted once per generation and kept in the
    cache, so the list's first pages do not grow with the site. Without a generation (an
    empty page of results) or for a search's own pages, counted now."""
    from_where, params = _from_where(selection, pages=False)
    key = None
    if generation is not None and selection.rows_in is None:
        types = ",".join(map(str, selection.content_type_ids or ()))
        key = f"list-count:{generation}:{selection.language}:{selection.parent_id}:{types}"
        cached = cache.get(key)
        if cached is not None:
            return int(cached)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) {from_where}", params)
        total = int(cursor.fetchone()[0])
    if key is not None:
        cache.set(key, total, COUNT_SECONDS)
    return total


def _generation_sql() -> str:
    table = quote_name(SitemapState._meta.db_table)
    return f"SELECT s.generation FROM {table} s WHERE s.id = 1"  # noqa: S608


def is_listable_parent(page_id: int) -> bool:
    """``child_of`` names a page anyone may see, or the tree root."""
    return visible_pages().filter(pk=page_id).exists() or Page.objects.filter(pk=page_id, depth=1).exists()
