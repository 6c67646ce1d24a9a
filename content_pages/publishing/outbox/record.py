"""Writing events: called from inside the transaction of the change they describe.

Also marks the renditions the change makes stale, in that same transaction: the API
compares generations on every read, so once the change is committed no reader gets the
old text, whether or not a worker has rendered the new one yet.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import F
from django.utils import timezone
from wagtail.models import Page

from content_pages.foundations.languages import content_languages
from content_pages.models import ChannelRendition, OutboxEvent
from content_pages.rendering.channels import CHANNELS


def record_event(
    event_type: str,
    obj: Any,
    *,
    page_ids: Iterable[int],
    languages: Iterable[str] | None = None,
    revision_id: int | None = None,
) -> OutboxEvent:
    kind = "page" if isinstance(obj, Page) else "snippet"
    model = Page if kind == "page" else (type(obj)._meta.concrete_model or type(obj))
    pages = sorted(set(page_ids))
    mark_stale(pages)
    return OutboxEvent.objects.create(
        type=event_type,
        object_kind=kind,
        object_model=model._meta.label_lower,
        object_id=str(obj.pk),
        revision_id=revision_id,
        languages=list(languages) if languages is not None else list(content_languages()),
        channels=list(CHANNELS),
        page_ids=pages,
        occurred_at=timezone.now(),
    )


def record_page_events(event_type: str, pages: Sequence[tuple[int, int | None]]) -> list[OutboxEvent]:
    """One ``event_type`` event for each (page id, live revision id), in one statement:
    the pages of one batch of a subtree that a restriction or a move changed."""
    if not pages:
        return []
    page_ids = [page_id for page_id, _revision in pages]
    mark_stale(page_ids)
    now = timezone.now()
    label = Page._meta.label_lower
    events = [
        OutboxEvent(
            type=event_type,
            object_kind="page",
            object_model=label,
            object_id=str(page_id),
            revision_id=revision_id,
            languages=list(content_languages()),
            channels=list(CHANNELS),
            page_ids=[page_id],
            occurred_at=now,
        )
        for page_id, revision_id in pages
    ]
    return OutboxEvent.objects.bulk_create(events)


def mark_stale(page_ids: list[int]) -> None:
    if page_ids:
        ChannelRendition.objects.filter(page_id__in=page_ids).update(generation=F("generation") + 1)


def pending_tombstone(page_id: int) -> bool:
    """A ``page.unpublished`` for the page not yet completed: written in the current
    transaction (or moments ago). Found through the index of pending events."""
    return OutboxEvent.objects.filter(
        completed_at__isnull=True, type="page.unpublished", object_kind="page", object_id=str(page_id)
    ).exists()
