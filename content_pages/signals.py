"""Signal receivers: each only hands over to the publishing pipeline."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from .models import CallToAction, Contributor, Reference, Topic
from .pipeline import renditions
from .pipeline.tasks import refresh_page_renditions
from .pipeline.translations.segments import SNIPPET_FIELDS
from .pipeline.translations.status import record_snippet

SNIPPETS_SHOWN_ON_PAGES = (CallToAction, Reference, Topic, Contributor)
TRANSLATED_SNIPPETS = tuple(SNIPPET_FIELDS)


def _enqueue(page_id: int) -> None:
    # After commit, so that a worker sees the published revision and every inline child.
    transaction.on_commit(lambda: refresh_page_renditions.enqueue(page_id))


def on_page_published(sender: Any, instance: Any, **kwargs: Any) -> None:
    _enqueue(instance.pk)
    for page_id in renditions.dependent_page_ids(instance):
        _enqueue(page_id)


def on_page_unpublished(sender: Any, instance: Any, **kwargs: Any) -> None:
    renditions.drop_page(instance.pk)


def on_snippet_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    for page_id in renditions.dependent_page_ids(instance):
        _enqueue(page_id)


def on_snippet_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    record_snippet(instance)


def connect() -> None:
    page_published.connect(on_page_published, dispatch_uid="content_pages.renditions.published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="content_pages.renditions.unpublished")
    for model in SNIPPETS_SHOWN_ON_PAGES:
        post_save.connect(on_snippet_changed, sender=model, dispatch_uid=f"content_pages.renditions.{model.__name__}")
        if model in TRANSLATED_SNIPPETS:
            post_save.connect(
                on_snippet_saved, sender=model, dispatch_uid=f"content_pages.translations.{model.__name__}"
            )
        post_delete.connect(
            on_snippet_changed, sender=model, dispatch_uid=f"content_pages.renditions.{model.__name__}.deleted"
        )
