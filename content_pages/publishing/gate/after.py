"""After-publish work, run from Wagtail's ``published`` and ``unpublished`` signals and
from deletions, inside the transaction of the change.

Those signals carry the object exactly as it went live. ``post_save`` is not used: it
also fires when a draft is saved, with the draft's values in memory, and a draft must
change nothing that patients or translators' records see.

Each change writes its outbox event here, in its own transaction; rendering and
delivery follow after commit (``complete_event_task``), and the worker's sweep finishes
any that a crash interrupted.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from wagtail.models import Page

from content_pages.foundations.translated_fields import is_translated
from content_pages.models import OutboxEvent
from content_pages.publishing import renditions
from content_pages.publishing.gate.one_language import language_scope
from content_pages.publishing.outbox.record import record_event
from content_pages.publishing.tasks import complete_event_task
from content_pages.publishing.translations.records import record_page, record_snippet


def _complete_after_commit(event: OutboxEvent) -> None:
    # After commit, so that a worker sees the published revision and every inline child.
    event_id = str(event.pk)
    transaction.on_commit(lambda: complete_event_task.enqueue(event_id))


def _kind(instance: Any) -> str:
    return "page" if isinstance(instance, Page) else "snippet"


def after_publish(instance: Any) -> None:
    if isinstance(instance, Page):
        record_page(instance)
    elif is_translated(instance):  # a snippet with translated fields (modeltranslation's registry)
        record_snippet(instance)
    pages = renditions.dependent_page_ids(instance)
    if isinstance(instance, Page):
        pages.append(instance.pk)
        renditions.mark_listings_stale(instance)
    scope = language_scope()
    event = record_event(
        f"{_kind(instance)}.published",
        instance,
        page_ids=pages,
        languages=[scope] if scope else None,
        revision_id=getattr(instance, "live_revision_id", None),
    )
    _complete_after_commit(event)


def after_unpublish(instance: Any) -> None:
    if isinstance(instance, Page):
        renditions.drop_page(instance.pk)
        renditions.mark_listings_stale(instance)
    event = record_event(f"{_kind(instance)}.unpublished", instance, page_ids=renditions.dependent_page_ids(instance))
    _complete_after_commit(event)


def after_delete(instance: Any) -> None:
    """A deletion of something that was ever published (a draft nobody saw sends nothing).
    Wagtail unpublishes a live page before deleting it, so that ``page.unpublished``
    comes first."""
    if not getattr(instance, "first_published_at", None):
        return
    if isinstance(instance, Page):
        renditions.mark_listings_stale(instance)
    event = record_event(f"{_kind(instance)}.deleted", instance, page_ids=renditions.dependent_page_ids(instance))
    _complete_after_commit(event)


def after_privacy_change(page: Page) -> None:
    """A view restriction added, changed or removed: which renditions may be served, in
    the same transaction, and the listings that show the page."""
    renditions.update_privacy(page)
    renditions.mark_listings_stale(page)


def after_move(page: Page, path_before: str) -> None:
    """A page moved: its own and its descendants' addresses changed (every rendition
    holds links, the stored web page its path), its privacy may have, and the listings
    it left and joined changed."""
    renditions.update_privacy(page)
    renditions.mark_stale_with_descendants(page)
    renditions.mark_listings_stale(page, path_before)
