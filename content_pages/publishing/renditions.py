"""Render and store every (channel x language) payload of a published page.

This is the publish-time half of the pages API: requests only read the stored rows.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from wagtail.models import Page

from content_pages.foundations.languages import content_languages
from content_pages.models import ChannelRendition, RenditionDependency
from content_pages.publishing.short_links import remember as remember_short_links
from content_pages.rendering.channels import CHANNELS, Rendering, rendition_key

logger = logging.getLogger(__name__)


def serialize(payload: object) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder)


def strong_etag(body: str) -> str:
    return '"' + hashlib.sha256(body.encode("utf-8")).hexdigest()[:40] + '"'


@transaction.atomic
def refresh_page(page_id: int) -> list[ChannelRendition]:
    """Render the page's live version for every channel and language, and store it.

    Renditions whose content did not change keep their ETag and Last-Modified, so
    caches stay valid when, say, an unrelated CTA is saved.
    """
    page = Page.objects.filter(pk=page_id).first()
    if page is None or not page.live:
        drop_page(page_id)
        return []
    page = page.specific
    existing = {(r.channel, r.language): r for r in ChannelRendition.objects.filter(page_id=page_id)}
    dependencies: set[tuple[type[models.Model], str]] = set()
    stored = []
    now = timezone.now()
    for channel in CHANNELS.values():
        for mode in channel.modes:
            key = rendition_key(channel.name, mode)
            for language in content_languages():
                rendering = channel.render(page, language, mode)
                dependencies |= rendering.dependencies
                remember_short_links(rendering.short_links)
                stored.append(_store(existing.get((key, language)), page, key, language, rendering, now))
    _replace_dependencies(page_id, dependencies)
    return stored


def _store(
    rendition: ChannelRendition | None, page: Page, key: str, language: str, rendering: Rendering, now: datetime
) -> ChannelRendition:
    body = serialize(rendering.payload)
    etag = strong_etag(body)
    rendition = rendition or ChannelRendition(page_id=page.pk, channel=key, language=language)
    if rendition.pk is None or rendition.etag != etag:
        rendition.last_modified = now
    rendition.revision_id = page.live_revision_id
    rendition.body = body
    rendition.etag = etag
    rendition.summary = rendering.summary
    rendition.review_due = rendering.review_due
    rendition.search_text = rendering.search_text
    rendition.save()
    return rendition


def _replace_dependencies(page_id: int, dependencies: set[tuple[type[models.Model], str]]) -> None:
    RenditionDependency.objects.filter(page_id=page_id).delete()
    RenditionDependency.objects.bulk_create(
        [
            RenditionDependency(page_id=page_id, content_type=ContentType.objects.get_for_model(model), object_id=pk)
            for model, pk in sorted(dependencies, key=lambda item: (item[0]._meta.label, item[1]))
        ]
    )


def drop_page(page_id: int) -> None:
    ChannelRendition.objects.filter(page_id=page_id).delete()
    RenditionDependency.objects.filter(page_id=page_id).delete()


def dependent_page_ids(obj: models.Model) -> list[int]:
    model = Page if isinstance(obj, Page) else (type(obj)._meta.concrete_model or type(obj))
    content_type = ContentType.objects.get_for_model(model)
    return list(
        RenditionDependency.objects.filter(content_type=content_type, object_id=str(obj.pk))
        .values_list("page_id", flat=True)
        .distinct()
    )


def refresh_all() -> int:
    """Re-render every live page, e.g. after a deployment changed how pages render."""
    count = 0
    for page_id in Page.objects.live().filter(depth__gt=1).values_list("pk", flat=True):
        refresh_page(page_id)
        count += 1
    return count
