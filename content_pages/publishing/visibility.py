"""Events for changes of who may see a page: view restrictions, moves and renamed parents.

Frontends keep copies of the public pages: live, with no view restriction (password,
login or groups) on the page or any ancestor. A change that takes pages out of that set
sends each a tombstone (``page.unpublished``); one that brings pages in, or changes their
address, sends each a ``page.published``. A restriction or a move acts on a whole
subtree, so the subtree is walked in batches of ``BATCH`` pages, each with a fixed number
of queries (the pages, one insert of their events, the rows' privacy flags), inside the
transaction of the change; rendering and delivery follow after commit, one task per batch.

Which pages were public before the change is worked out from the change itself (the
restriction added or removed, the parent left), not from stored state, so a page whose
renditions were never rendered is treated like any other.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from wagtail.models import Page, PageViewRestriction

from content_pages.models import ChannelRendition
from content_pages.publishing import page_html
from content_pages.publishing.outbox.record import record_page_events
from content_pages.publishing.renditions import ancestor_paths, set_public
from content_pages.publishing.tasks import complete_events_task

# Pages per batch of a subtree walk: a few hundred keeps each statement's parameter list
# well under SQLite's limit and each batch's memory small.
BATCH = 200

PUBLISHED, UNPUBLISHED = "page.published", "page.unpublished"


@dataclass(frozen=True)
class Privacy:
    """The view restrictions that decide whether a page of one subtree is public."""

    restricted_above: bool  # a restriction on an ancestor of the subtree's root
    restricted_within: frozenset[str]  # paths of restricted pages inside the subtree

    def public(self, path: str) -> bool:
        return not self.restricted_above and self.restricted_within.isdisjoint(ancestor_paths(path))


@dataclass(frozen=True)
class SubtreeChange:
    root: Page
    before: Privacy
    after: Privacy
    address_changed: bool = False
    include_root: bool = True

    def changes_anything(self) -> bool:
        return self.address_changed or self.before != self.after


def _restricted_at_or_above(path: str) -> bool:
    restricted: bool = PageViewRestriction.objects.filter(page__path__in=ancestor_paths(path)).exists()
    return restricted


def _restrictions_within(root: Page) -> Counter[str]:
    """How many restrictions each restricted page of the subtree has (the admin sets one,
    the model allows several)."""
    return Counter(
        PageViewRestriction.objects.filter(page__path__startswith=root.path).values_list("page__path", flat=True)
    )


def restriction_added(restriction: PageViewRestriction) -> None:
    root = Page.objects.filter(pk=restriction.page_id).first()
    if root is None:
        return
    within = _restrictions_within(root)
    before = within.copy()
    before[root.path] -= 1
    above = _restricted_at_or_above(root.path[: -Page.steplen]) if root.depth > 1 else False
    apply(SubtreeChange(root, Privacy(above, frozenset(+before)), Privacy(above, frozenset(+within))))


def restriction_removed(restriction: PageViewRestriction) -> None:
    root = Page.objects.filter(pk=restriction.page_id).first()
    if root is None:
        return
    within = _restrictions_within(root)
    above = _restricted_at_or_above(root.path[: -Page.steplen]) if root.depth > 1 else False
    before = within + Counter({root.path: 1})
    apply(SubtreeChange(root, Privacy(above, frozenset(before)), Privacy(above, frozenset(+within))))


def page_moved(page: Page, parent_before: Page, parent_after: Page, address_changed: bool) -> None:
    """``page`` as it is now, under ``parent_after``; the restrictions inside the moved
    subtree moved with it, only those above it changed."""
    root = Page.objects.filter(pk=page.pk).first()
    if root is None:
        return
    # Read again: a move among siblings can shift the old parent's path, never its ancestors.
    parents = dict(Page.objects.filter(pk__in=[parent_before.pk, parent_after.pk]).values_list("pk", "path"))
    within = frozenset(_restrictions_within(root))
    before = Privacy(_restricted_at_or_above(parents[parent_before.pk]), within)
    after = Privacy(_restricted_at_or_above(parents[parent_after.pk]), within)
    apply(SubtreeChange(root, before, after, address_changed=address_changed))


def address_changed(page: Page) -> None:
    """``page``'s address changed (a slug renamed in some language): every live, public
    descendant's address changed with it. The page itself has its own publish event."""
    within = frozenset(_restrictions_within(page))
    above = _restricted_at_or_above(page.path[: -Page.steplen]) if page.depth > 1 else False
    privacy = Privacy(above, within)
    apply(SubtreeChange(page, privacy, privacy, address_changed=True, include_root=False))


def stored_address_changed(page: Page) -> bool:
    """The page's address in some language differs from the one its stored renditions
    were rendered at: it was renamed since its last rendering."""
    stored = set(ChannelRendition.objects.filter(page_id=page.pk).exclude(path="").values_list("language", "path"))
    return any(path != page_html.request_path(page, language) for language, path in stored)


@transaction.atomic
def apply(change: SubtreeChange) -> None:
    """The events and privacy flags for every page of the changed subtree, batch by batch."""
    if not change.changes_anything():
        return
    pages = Page.objects.filter(path__startswith=change.root.path, depth__gt=1)
    if not change.include_root:
        pages = pages.exclude(pk=change.root.pk)
    last = ""
    while True:
        batch = list(
            pages.filter(path__gt=last).order_by("path").values_list("pk", "path", "live", "live_revision_id")[:BATCH]
        )
        if not batch:
            return
        last = batch[-1][1]
        _apply_batch(change, batch)


def _apply_batch(change: SubtreeChange, batch: Sequence[tuple[int, str, bool, int | None]]) -> None:
    public_now = {pk for pk, path, _live, _revision in batch if change.after.public(path)}
    set_public([pk for pk, *_rest in batch if pk in public_now], public=True)
    set_public([pk for pk, *_rest in batch if pk not in public_now], public=False)
    left, entered = [], []
    for pk, path, live, revision in batch:
        if not live:
            continue
        was_public = change.before.public(path)
        if was_public and pk not in public_now:
            left.append((pk, None))
        elif pk in public_now and (change.address_changed or not was_public):
            entered.append((pk, revision))
    events = record_page_events(UNPUBLISHED, left) + record_page_events(PUBLISHED, entered)
    if events:
        event_ids = [str(event.pk) for event in events]
        transaction.on_commit(lambda: complete_events_task.enqueue(event_ids))
