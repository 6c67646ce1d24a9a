"""Reads behind the pages API: live, public pages and their stored renditions."""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

from content_pages.foundations.languages import localized_field_name, source_language
from content_pages.models import ChannelRendition
from content_pages.reads.rendition_sql import StoredRendition, fetch

WEB = "web"


def visible_pages() -> QuerySet[Page]:
    """What anyone may see: live, not behind a view restriction, not the tree root."""
    return Page.objects.live().public().filter(depth__gt=1)


def rendition(page_id: int, language: str, channel: str = WEB) -> StoredRendition | None:
    """The stored rendition, with ``live_revision_id`` of its page alongside: one indexed
    query. Privacy is the row's own ``public`` flag (kept current when view restrictions
    change), so no restriction query is built per request; ``renditions.is_stale`` tells
    a row older than what is live."""
    rows = fetch(_BY_PAGE, [page_id, language, channel, True, True])
    return rows[0] if rows else None


_BY_PAGE = "r.page_id = %s AND r.language = %s AND r.channel = %s AND r.public = %s AND p.live = %s"


def renditions_for(page_ids: list[int], language: str, channel: str = WEB) -> dict[int, ChannelRendition]:
    rows = ChannelRendition.objects.filter(page_id__in=page_ids, language=language, channel=channel).annotate(
        live_revision_id=F("page__live_revision_id")
    )
    return {row.page_id: row for row in rows}


def ordered(pages: QuerySet[Page], order: str | None, language: str) -> QuerySet[Page]:
    if order is None:
        return pages.order_by("path")
    descending = order.startswith("-")
    name = order.lstrip("-")
    if name == "title":
        title = Coalesce(
            F(localized_field_name("title", language)), F(localized_field_name("title", source_language()))
        )
        pages = pages.annotate(localized_title=title)
        name = "localized_title"
    return pages.order_by(f"-{name}" if descending else name, "id")


def search_page_ids(terms: list[str], language: str, channel: str = WEB) -> list[int]:
    """Pages whose text in ``language`` has every term, best first.

    The terms are plain words (``api.params.parse_search``); they are passed as a plain
    text query, which each database backend quotes itself.
    """
    candidates = ChannelRendition.objects.filter(language=language, channel=channel)
    results = get_search_backend().search(PlainText(" ".join(terms), operator="and"), candidates)
    return [row.page_id for row in results]
