"""Completing events after commit: render what they changed, list the renditions, give
them their place in the change feed, and hand them to webhook delivery.

Runs in the task worker (``complete_event_task``) and again from the worker's sweep for
any event a crash left incomplete, so every step is safe to repeat.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.encoding import iri_to_uri

from content_pages.foundations.urls import absolute_url, base_url
from content_pages.models import ChannelRendition, OutboxEvent, OutboxSequence
from content_pages.publishing import page_html, renditions
from content_pages.publishing.webhooks.delivery import fan_out
from content_pages.publishing.write_turns import WriteTurns
from content_pages.rendering.channels.conversation import CONVERSATION
from content_pages.rendering.channels.whatsapp_template import TEMPLATE

logger = logging.getLogger(__name__)

PUBLISHED = ("page.published", "snippet.published")


# Pages whose rows one query reads to tell which of them are stale.
_STALE_CHECK_CHUNK = 500


@dataclass(frozen=True)
class Step:
    """What one call of ``complete_event`` did: the event it completed, or where in the
    event's pages the next call starts (None once nothing is left)."""

    event: OutboxEvent | None = None
    next_start: int | None = None


def pages_per_task() -> int:
    """Pages of one event that one task renders before it passes the rest on to the next
    (``CMS_EVENT_PAGES_PER_TASK``). A snippet shown by thousands of pages would otherwise
    hold one task for many minutes: past its lease, after which another worker starts it
    again, and with every editor's publish queued behind it."""
    return max(1, int(settings.CMS_EVENT_PAGES_PER_TASK))


def complete_event(event_id: str, start: int = 0, pages: int | None = None) -> Step:
    """Render the stale ones among ``pages`` of the pages ``event_id`` changed, from the
    ``start``-th (all of them when None), then complete the event once its last page is
    reached. Readers meanwhile get each stale page rendered live (``renditions.is_stale``)."""
    event = OutboxEvent.objects.filter(pk=event_id, completed_at__isnull=True).first()
    if event is None:
        return Step()
    if event.type in PUBLISHED or event.type.startswith("snippet."):
        end = len(event.page_ids) if pages is None else min(start + pages, len(event.page_ids))
        _render_stale(event.page_ids[start:end])
        if end < len(event.page_ids):
            return Step(next_start=end)
    return Step(event=_complete(event.pk))


def _render_stale(page_ids: list[int]) -> None:
    """Render each page unless every stored rendition is current, by the rule the API
    reads with; a page with no rows yet is rendered. Between two pages, other writers get
    their turn (``write_turns``)."""
    turns = WriteTurns()
    for first in range(0, len(page_ids), _STALE_CHECK_CHUNK):
        chunk = page_ids[first : first + _STALE_CHECK_CHUNK]
        rows = (
            ChannelRendition.objects.filter(page_id__in=chunk)
            .only("page_id", "generation", "rendered_generation", "revision_id", "base_url")
            .annotate(live_revision_id=F("page__live_revision_id"))
        )
        current: dict[int, bool] = {}
        for row in rows:
            current[row.page_id] = current.get(row.page_id, True) and not renditions.is_stale(row, row.live_revision_id)
        for page_id in chunk:
            if not current.get(page_id, False):
                turns.between_pages()
                renditions.refresh_page(page_id)


@transaction.atomic
def _complete(event_id: Any) -> OutboxEvent | None:
    # The sequence row is locked until this transaction commits, so feed positions become
    # visible in the order they are given: a reader can never see 8 before 7 exists.
    counter, _created = OutboxSequence.objects.select_for_update().get_or_create(pk=1)
    event = OutboxEvent.objects.select_for_update().filter(pk=event_id, completed_at__isnull=True).first()
    if event is None:
        return None
    event.renditions = rendition_list(event)
    event.web_pages = web_page_list(event)
    counter.value += 1
    counter.save(update_fields=["value"])
    event.sequence = counter.value
    event.completed_at = timezone.now()
    event.save(update_fields=["renditions", "web_pages", "sequence", "completed_at"])
    fan_out(event)
    return event


# Modes served at a path of their own (getConversationTurn, getPageTemplate), not by ``?mode=``.
OWN_OPERATION_MODES = (CONVERSATION, TEMPLATE)


def rendition_list(event: OutboxEvent) -> list[dict[str, str]]:
    """What a receiver fetches next: each changed rendition in the event's languages."""
    if event.type not in PUBLISHED:
        return []
    rows = ChannelRendition.objects.filter(page_id__in=event.page_ids, language__in=event.languages).order_by(
        "page_id", "channel", "language"
    )
    return [
        {"channel": row.channel, "language": row.language, "etag": row.etag, "url": rendition_url(row)}
        for row in rows
        if row.channel.partition(":")[0] in event.channels
    ]


def web_page_list(event: OutboxEvent) -> list[dict[str, int | str]]:
    """The website's page in each of the event's languages, at its own path (translated
    slugs), with the ETag it is served with: what a site generator or a cache fetches."""
    if event.type not in PUBLISHED:
        return []
    rows = ChannelRendition.objects.filter(
        page_id__in=event.page_ids, language__in=event.languages, channel=page_html.HTML, public=True
    ).order_by("page_id", "language")
    return [
        {"page": row.page_id, "language": row.language, "etag": row.etag, "url": absolute_url(iri_to_uri(row.path))}
        for row in rows
        if row.path
    ]


def rendition_url(row: ChannelRendition) -> str:
    """The operation that serves the row: conversations and templates have their own."""
    channel, _sep, mode = row.channel.partition(":")
    path = f"/api/v2/pages/{row.page_id}/" if channel == "web" else f"/api/v2/pages/{row.page_id}/channels/{channel}/"
    query = {"lang": row.language}
    if mode in OWN_OPERATION_MODES:
        path += f"{mode}/"
    elif mode:
        query["mode"] = mode
    return f"{base_url()}{path}?{urlencode(query)}"


def incomplete_events(older_than: timedelta) -> list[str]:
    """Events a crash or a lost task left incomplete (given time to finish normally)."""
    cutoff = timezone.now() - older_than
    return [
        str(pk)
        for pk in OutboxEvent.objects.filter(completed_at__isnull=True, occurred_at__lt=cutoff)
        .order_by("occurred_at")
        .values_list("pk", flat=True)[:100]
    ]
