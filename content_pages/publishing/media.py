"""An image was saved: its renditions are made, and the pages that show it re-rendered.

The same runs for every image of a collection whose view restriction was added or lifted:
an image that became private loses its public files, one that became public gets them.

Runs in the task worker (``tasks.make_image_renditions``, enqueued after the save
commits), so an upload or an edit in the admin never waits for image processing and a
reader's request never makes a file. A new file (Wagtail deletes the old one's renditions)
or a new focal point changes the files the stored payloads and web pages name, so every
page that shows the image (``RenditionDependency``) is marked stale and rendered again,
as a privacy notice's change is (no webhook event: the content is the same).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from wagtail.images import get_image_model

from content_pages.foundations.media_access import is_public_name
from content_pages.publishing import renditions
from content_pages.publishing.outbox.record import mark_stale
from content_pages.publishing.write_turns import WriteTurns
from content_pages.reads.media import is_public_image
from content_pages.rendering import images


def image_saved(image_id: int) -> int:
    """Make the image's renditions and refresh the pages showing it; how many pages."""
    image = get_image_model().objects.filter(pk=image_id).select_related("collection").first()
    if image is None:  # deleted before the worker got to it
        return 0
    if is_public_image(image):
        _make_public(image)
    else:
        # Moved into a view-restricted collection, or one became restricted: its public
        # files go (Wagtail deletes a rendition's file with its row).
        for rendition in image.renditions.all():
            if is_public_name(rendition.file.name):
                rendition.delete()
    page_ids = sorted(set(renditions.dependent_page_ids(image)))
    with transaction.atomic():
        mark_stale(page_ids)
    turns = WriteTurns()
    for page_id in page_ids:
        turns.between_pages()
        renditions.refresh_page(page_id)
    return len(page_ids)


def images_in(collection_path: str) -> list[int]:
    """The images of a collection and its descendants, whose files' visibility follows a
    view restriction added to or lifted from it."""
    return list(
        get_image_model()
        .objects.filter(collection__path__startswith=collection_path)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def make_every_image_renditions() -> int:
    """Every public image's renditions (``manage.py refresh_renditions``): images uploaded
    before renditions were offered, or before the widths changed, get theirs without
    being saved again. Images already complete cost one query each."""
    count = 0
    for image in get_image_model().objects.select_related("collection").order_by("pk").iterator():
        if is_public_image(image):
            _make_public(image)
            count += 1
    return count


def _make_public(image: Any) -> None:
    """Make the image's renditions; on a storage where files are private unless written
    as public (S3), one of them written private first (the image was restricted, or the
    files were copied from a disk) is made again, public, so no payload names a signed
    URL that expires."""
    if getattr(image.file.storage, "private_by_default", False):
        for rendition in image.renditions.filter(filter_spec__in=images.ALL_SPECS):
            if not is_public_name(rendition.file.name):
                rendition.delete()
    images.make_all(image)
