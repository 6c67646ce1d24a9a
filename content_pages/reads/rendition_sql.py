"""The reads behind every rendition lookup on a request's path: one row (the API detail,
a channel, a stored web page) and the rows of a list.

Written as SQL once per process from the models' metadata, and read into a plain
record rather than a model instance: on these paths building a query and a model
instance cost more than running the query (docs/performance.md; half of a list of 20's
time went to Django's model instances). Values go through the same converters Django
applies, so a date is a date, a timestamp is aware and JSON is decoded on every database.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models.expressions import Col
from wagtail.models import Page

from content_pages.models import ChannelRendition


@dataclass(frozen=True, slots=True)
class StoredRendition:
    """The columns of a ``ChannelRendition`` a request serves, with its page's
    ``live_revision_id`` (for ``renditions.is_stale``)."""

    id: int
    page_id: int
    channel: str
    language: str
    path: str
    revision_id: int | None
    body: str
    etag: str
    last_modified: datetime.datetime
    public: bool
    generation: int
    rendered_generation: int
    review_due: datetime.date | None
    base_url: str
    live_revision_id: int | None


_COLUMNS = [name for name in StoredRendition.__slots__ if name != "live_revision_id"]


@dataclass(frozen=True, slots=True)
class ListedRendition:
    """The columns of a web row a list shows (its summary, its body when the fields asked
    for need it), tells stale (``renditions.is_stale``) and sorts by, with its page's
    ``live_revision_id``."""

    id: int
    page_id: int
    channel: str
    language: str
    revision_id: int | None
    summary: dict[str, Any]
    body: str | None
    last_modified: datetime.datetime
    generation: int
    rendered_generation: int
    review_due: datetime.date | None
    base_url: str
    tree_path: str
    sort_title: str
    first_published_at: datetime.datetime | None
    last_published_at: datetime.datetime | None
    live_revision_id: int | None


LISTED_COLUMNS = [name for name in ListedRendition.__slots__ if name != "live_revision_id"]


def listed_columns(*, body: bool) -> str:
    """The select list of ``read_listed``'s rows (``r`` the rendition, ``p`` its page);
    without ``body``, NULL in its place, so that the largest column stays in the database."""
    quote = connection.ops.quote_name
    fields: list[Any] = [ChannelRendition._meta.get_field(name) for name in LISTED_COLUMNS]
    columns = [f"r.{quote(str(field.column))}" if body or field.name != "body" else "NULL" for field in fields]
    return ", ".join([*columns, "p.live_revision_id"])


def read_listed(rows: Sequence[Sequence[Any]]) -> list[ListedRendition]:
    """Rows selected as ``listed_columns`` gives them (and any columns after those, left
    out), as records."""
    converters = _listed_converters()
    width = len(converters)
    return [ListedRendition(*_converted(row[:width], converters)) for row in rows]


@functools.cache
def _listed_converters() -> list[tuple[Col | None, list[Converter]]]:
    fields: list[Any] = [ChannelRendition._meta.get_field(name) for name in LISTED_COLUMNS]
    fields.append(Page._meta.get_field("live_revision"))
    return [_converters(field) for field in fields]


def _converters(field: Any) -> tuple[Col | None, list[Converter]]:
    target = field.target_field if field.is_relation else field
    expression = Col("r", target)
    return expression, [*connection.ops.get_db_converters(expression), *field.get_db_converters(connection)]


Converter = Callable[[Any, Any, Any], Any]


def fetch(where: str, params: Sequence[Any]) -> list[StoredRendition]:
    """The renditions matching ``where`` (conditions on ``r``, the rendition, and ``p``,
    its page, with ``%s`` parameters only)."""
    sql, converters = _prepared(where)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [StoredRendition(*_converted(row, converters)) for row in rows]


def _converted(row: Sequence[Any], converters: list[tuple[Col | None, list[Converter]]]) -> list[Any]:
    values = list(row)
    for position, (expression, functions) in enumerate(converters):
        for function in functions:
            values[position] = function(values[position], expression, connection)
    return values


@functools.cache
def _prepared(where: str) -> tuple[str, list[tuple[Col | None, list[Converter]]]]:
    quote = connection.ops.quote_name
    fields: list[Any] = [ChannelRendition._meta.get_field(name) for name in _COLUMNS]
    fields.append(Page._meta.get_field("live_revision"))
    columns = [f"r.{quote(str(field.column))}" for field in fields[:-1]] + ["p.live_revision_id"]
    converters = [_converters(field) for field in fields]
    rendition_table = quote(ChannelRendition._meta.db_table)
    page_table = quote(Page._meta.db_table)
    # Only names from the models' own metadata go into the text; every value is a parameter.
    select = f"SELECT {', '.join(columns)} FROM {rendition_table} r "  # noqa: S608
    return select + f"INNER JOIN {page_table} p ON p.id = r.page_id WHERE {where}", converters
