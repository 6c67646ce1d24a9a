"""Completing events after commit: render what they changed, list the renditions, give
them their place in the change feed, and hand them to webhook delivery.

Runs in the task worker (``complete_event_task``) and again from the worker's sweep for
any event a crash left incomplete, so every step is safe to repeat.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.encoding import iri_to_uri

from content_pages.foundations.urls import absolute_url, base_url
from content_pages.models import ChannelRendition, OutboxEvent, OutboxSequence
from content_pages.publishing import page_html, renditions
from content_pages.publishing.webhooks.delivery import fan_out
from content_pages.rendering.channels.conversation import CONVERSATION
from content_pages.rendering.channels.whatsapp_template import TEMPLATE

logger = logging.getLogger(__name__)

PUBLISHED = ("page.published", "snippet.published")


def complete_event(event_id: str) -> OutboxEvent | None:
    """Render, then complete ``event_id``; None when it was completed already."""
    event = OutboxEvent.objects.filter(pk=event_id, completed_at__isnull=True).first()
    if event is None:
        return None
    if event.type in PUBLISHED or event.type.startswith("snippet."):
        for page_id in event.page_ids:
            _render_if_stale(page_id)
    return _complete(event.pk)


def _render_if_stale(page_id: int) -> None:
    """Render unless every stored rendition is current, by the rule the API reads with."""
    rows = ChannelRendition.objects.filter(page_id=page_id).annotate(live_revision_id=F("page__live_revision_id"))
    if not rows or any(renditions.is_stale(row, row.live_revision_id) for row in rows):
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
