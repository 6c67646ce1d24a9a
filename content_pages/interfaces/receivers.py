"""Signal receivers: each only hands over to the publishing service's after-publish work.

Wagtail's ``published`` and ``unpublished`` signals fire for pages and snippets alike,
with the object as it went live; ``post_save`` is deliberately not used, because it
also fires for draft saves.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete
from wagtail.signals import published, unpublished

from content_pages.models import CallToAction, Contributor, Reference, Topic
from content_pages.publishing.gate import after

SNIPPETS_SHOWN_ON_PAGES = (CallToAction, Reference, Topic, Contributor)


def on_published(sender: Any, instance: Any, **kwargs: Any) -> None:
    after.after_publish(instance)


def on_unpublished(sender: Any, instance: Any, **kwargs: Any) -> None:
    after.after_unpublish(instance)


def on_snippet_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    after.after_delete(instance)


def connect() -> None:
    published.connect(on_published, dispatch_uid="content_pages.publishing.published")
    unpublished.connect(on_unpublished, dispatch_uid="content_pages.publishing.unpublished")
    for model in SNIPPETS_SHOWN_ON_PAGES:
        post_delete.connect(
            on_snippet_deleted, sender=model, dispatch_uid=f"content_pages.publishing.{model.__name__}.deleted"
        )
