"""After-publish work, run from Wagtail's ``published`` and ``unpublished`` signals, from
deletions, view restrictions and moves, inside the transaction of the change.

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
from django.db.models import QuerySet
from wagtail.models import Collection, Page, PageViewRestriction

from content_pages.foundations.translated_fields import is_translated
from content_pages.models import OutboxEvent
from content_pages.publishing import media, renditions, sitemaps, visibility
from content_pages.publishing.frontend_cache import purge
from content_pages.publishing.frontend_cache import urls as purge_list
from content_pages.publishing.gate.one_language import language_scope
from content_pages.publishing.outbox.record import mark_stale, pending_tombstone, record_event
from content_pages.publishing.tasks import complete_event_task, make_image_renditions, refresh_page_renditions
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
        if not renditions.is_public(instance):
            # Behind a view restriction: no reader can fetch it, so no event; its
            # renditions are still rendered, ready for when the restriction is lifted.
            mark_stale(pages)
            page_id = instance.pk
            transaction.on_commit(lambda: refresh_page_renditions.enqueue(page_id))
            return
    else:
        purge.schedule(purge_list.snippet_urls(instance))
    scope = language_scope()
    event = record_event(
        f"{_kind(instance)}.published",
        instance,
        page_ids=pages,
        languages=[scope] if scope else None,
        revision_id=getattr(instance, "live_revision_id", None),
    )
    _complete_after_commit(event)
    if isinstance(instance, Page) and visibility.stored_address_changed(instance):
        # Renamed: every descendant's address changed too. After the page's own event,
        # whose rendering marks the descendants stale, so theirs render them afresh.
        visibility.address_changed(instance)


def after_unpublish(instance: Any) -> None:
    """Unpublished by an editor, by expiry (``publish_scheduled``) or as it is deleted.
    A tombstone for a page only if readers could see it: one behind a view restriction
    had its tombstone when the restriction came."""
    if isinstance(instance, Page):
        public = renditions.is_public(instance)
        renditions.drop_page(instance.pk, instance)
        renditions.mark_listings_stale(instance)
        if not public:
            return
    else:
        purge.schedule(purge_list.snippet_urls(instance))
    event = record_event(f"{_kind(instance)}.unpublished", instance, page_ids=renditions.dependent_page_ids(instance))
    _complete_after_commit(event)


def after_delete(instance: Any) -> None:
    """A deletion of something readers could see.

    A page: only one that was public as it was deleted. Wagtail unpublishes a live page
    before deleting it, in the same transaction, and that wrote its tombstone
    (``after_unpublish``), so ``page.deleted`` follows a tombstone still pending; a
    draft, a never-published copy (which may carry its original's
    ``first_published_at``), an unpublished or a private page sends nothing. A snippet:
    one that was ever published."""
    if isinstance(instance, Page):
        if instance.live:
            # Its rows, and its descendants', went with it.
            sitemaps.changed()
        if instance.live and purge.enabled():
            # Its rows went with it (a descendant of a deleted page is not withdrawn first).
            purge.schedule(purge_list.withdrawn_page_urls(instance, []))
        if not pending_tombstone(instance.pk):
            return
        renditions.mark_listings_stale(instance)
    elif not getattr(instance, "first_published_at", None):
        return
    else:
        purge.schedule(purge_list.snippet_urls(instance))
    event = record_event(f"{_kind(instance)}.deleted", instance, page_ids=renditions.dependent_page_ids(instance))
    _complete_after_commit(event)


def after_restriction_saved(restriction: PageViewRestriction, created: bool) -> None:
    """A view restriction added: tombstones for the pages it took out of the public set.
    A change of an existing one (a new password, login instead of groups) leaves the
    pages private, and changes nothing readers see."""
    if created:
        visibility.restriction_added(restriction)
        _listings_stale(restriction.page_id)


def after_restriction_deleted(restriction: PageViewRestriction, origin: Any) -> None:
    """A view restriction lifted: publishes for the pages that became public. Not when it
    goes because its page is being deleted (``origin``, what ``delete()`` was called on,
    is then a page): that deletion sends the pages' events."""
    model = origin.model if isinstance(origin, QuerySet) else type(origin)
    if origin is None or issubclass(model, PageViewRestriction):
        visibility.restriction_removed(restriction)
        _listings_stale(restriction.page_id)


def _listings_stale(page_id: int) -> None:
    page = Page.objects.filter(pk=page_id).first()
    if page is not None:
        renditions.mark_listings_stale(page)


def after_move(page: Page, parent_before: Page, parent_after: Page, url_path_before: str, url_path_after: str) -> None:
    """A page moved: its own and its descendants' addresses changed (every rendition
    holds links, the stored web page its path), its privacy may have, and the listings
    it left and joined changed."""
    moved = parent_before.pk != parent_after.pk or url_path_before != url_path_after
    visibility.page_moved(page, parent_before, parent_after, address_changed=moved)
    if moved:
        renditions.mark_stale_with_descendants(page)
    renditions.mark_listings_stale(page, parent_before.path + page.path[-Page.steplen :])


# What Wagtail saves on its own (a file's size or hash filled in later) changes no file.
BOOKKEEPING_FIELDS = frozenset({"file_size", "file_hash"})


def after_image_saved(image: Any, update_fields: frozenset[str] | None = None) -> None:
    """The image's renditions are made by the worker once the save is committed
    (``publishing/media.image_saved``), not in the editor's request."""
    if update_fields is not None and update_fields <= BOOKKEEPING_FIELDS:
        return
    image_id = image.pk
    transaction.on_commit(lambda: make_image_renditions.enqueue(image_id))


def after_collection_restriction_changed(restriction: Any) -> None:
    """A collection's view restriction was added or lifted: each of its images' files
    follow, in the worker, after commit."""
    # By id: when a collection is deleted, its restrictions' rows go in the same delete.
    collection = Collection.objects.filter(pk=restriction.collection_id).first()
    if collection is None:
        return
    path = collection.path

    def enqueue() -> None:
        for image_id in media.images_in(path):
            make_image_renditions.enqueue(image_id)

    transaction.on_commit(enqueue)
