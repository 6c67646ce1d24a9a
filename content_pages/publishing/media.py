"""An image was saved: its renditions are made, and the pages that show it re-rendered.

Runs in the task worker (``tasks.make_image_renditions``, enqueued after the save
commits), so an upload or an edit in the admin never waits for image processing and a
reader's request never makes a file. A new file (Wagtail deletes the old one's renditions)
or a new focal point changes the files the stored payloads and web pages name, so every
page that shows the image (``RenditionDependency``) is marked stale and rendered again,
as a privacy notice's change is (no webhook event: the content is the same).
"""

from __future__ import annotations

from django.db import transaction
from wagtail.images import get_image_model

from content_pages.publishing import renditions
from content_pages.publishing.outbox.record import mark_stale
from content_pages.rendering import images


def image_saved(image_id: int) -> int:
    """Make the image's renditions and refresh the pages showing it; how many pages."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:  # deleted before the worker got to it
        return 0
    images.make_all(image)
    page_ids = sorted(set(renditions.dependent_page_ids(image)))
    with transaction.atomic():
        mark_stale(page_ids)
    for page_id in page_ids:
        renditions.refresh_page(page_id)
    return len(page_ids)
