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
from wagtail.models import Page, PageViewRestriction

from content_pages.foundations.languages import content_languages
from content_pages.foundations.lookups import shared_lookups
from content_pages.models import ChannelRendition, RenditionDependency
from content_pages.publishing.short_links import remember as remember_short_links
from content_pages.reads.article_view import shared_views
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
    # The page's row lock makes refreshes of one page (the task, the worker's sweep, a
    # reader who found it stale) take turns on PostgreSQL instead of colliding on inserts;
    # a publish of the page waits too. Then generations, then content: a snippet publish
    # committed in between leaves the rows stale.
    page = Page.objects.select_for_update().filter(pk=page_id).first()
    existing = {(r.channel, r.language): r for r in ChannelRendition.objects.filter(page_id=page_id)}
    if page is None or not page.live:
        drop_page(page_id)
        return []
    page = page.specific
    public = is_public(page)
    dependencies: set[tuple[type[models.Model], str]] = set()
    stored = []
    now = timezone.now()
    with shared_views(), shared_lookups():
        renderings = [
            (rendition_key(channel.name, mode), language, channel.render(page, language, mode))
            for channel in CHANNELS.values()
            for mode in channel.modes
            for language in content_languages()
        ]
    for key, language, rendering in renderings:
        dependencies |= rendering.dependencies
        remember_short_links(rendering.short_links)
        stored.append(_store(existing.get((key, language)), page, key, language, rendering, now, public))
    _replace_dependencies(page_id, dependencies)
    return stored


def _store(
    rendition: ChannelRendition | None,
    page: Page,
    key: str,
    language: str,
    rendering: Rendering,
    now: datetime,
    public: bool,
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
    rendition.public = public
    # The generation read before rendering: a publish committed meanwhile has raised
    # ``generation`` in the database, which this save leaves alone, so the row stays stale.
    rendition.rendered_generation = rendition.generation
    if rendition.pk is None:
        rendition.save()
    else:
        rendition.save(update_fields=[*STORED_FIELDS, "rendered_generation"])
    return rendition


STORED_FIELDS = ["last_modified", "revision_id", "body", "etag", "summary", "review_due", "search_text", "public"]


def is_public(page: Page) -> bool:
    """No view restriction (login, password, groups) on the page or any ancestor."""
    return not PageViewRestriction.objects.filter(page__path__in=ancestor_paths(page.path)).exists()


def ancestor_paths(path: str) -> list[str]:
    return [path[:end] for end in range(Page.steplen, len(path) + 1, Page.steplen)]


def update_privacy(page: Page) -> int:
    """After a view restriction on ``page`` was added, changed or removed, or the page
    moved: the ``public`` flag of its renditions and its descendants' renditions."""
    restricted_paths = set(
        PageViewRestriction.objects.filter(page__path__startswith=page.path[: Page.steplen]).values_list(
            "page__path", flat=True
        )
    )
    changed = 0
    for page_id, path in Page.objects.filter(path__startswith=page.path).values_list("pk", "path"):
        public = not restricted_paths.intersection(ancestor_paths(path))
        changed += ChannelRendition.objects.filter(page_id=page_id).exclude(public=public).update(public=public)
    return changed


def is_stale(rendition: ChannelRendition, live_revision_id: int | None) -> bool:
    """Older than what is live: made from an earlier revision, or before a publish of the
    page or of a snippet it shows (which raised its generation)."""
    return rendition.rendered_generation < rendition.generation or rendition.revision_id != live_revision_id


def render_one(page_id: int, key: str, language: str) -> ChannelRendition | None:
    """One rendition rendered now and not stored, for a request that found the stored
    one stale; the worker's refresh stores it."""
    page = Page.objects.filter(pk=page_id, live=True).first()
    if page is None:
        return None
    page = page.specific
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
    )


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
