"""Writing events: called from inside the transaction of the change they describe.

Also marks the renditions the change makes stale, in that same transaction: the API
compares generations on every read, so once the change is committed no reader gets the
old text, whether or not a worker has rendered the new one yet.
"""

from __future__ import annotations

from collections.abc import Iterable
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


def mark_stale(page_ids: list[int]) -> None:
    if page_ids:
        ChannelRendition.objects.filter(page_id__in=page_ids).update(generation=F("generation") + 1)
