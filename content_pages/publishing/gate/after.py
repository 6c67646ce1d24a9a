"""After-publish work, run from Wagtail's ``published`` and ``unpublished`` signals.

Those signals carry the object exactly as it went live. ``post_save`` is not used: it
also fires when a draft is saved, with the draft's values in memory, and a draft must
change nothing that patients or translators' records see.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from wagtail.models import Page

from content_pages.foundations.translated_fields import is_translated
from content_pages.publishing import renditions
from content_pages.publishing.tasks import refresh_page_renditions
from content_pages.publishing.translations.records import record_page, record_snippet


def _enqueue(page_id: int) -> None:
    # After commit, so that a worker sees the published revision and every inline child.
    transaction.on_commit(lambda: refresh_page_renditions.enqueue(page_id))


def _refresh_dependants(obj: Any) -> None:
    for page_id in renditions.dependent_page_ids(obj):
        _enqueue(page_id)


def after_publish(instance: Any) -> None:
    if isinstance(instance, Page):
        record_page(instance)
        _enqueue(instance.pk)
    elif is_translated(instance):  # a snippet with translated fields (modeltranslation's registry)
        record_snippet(instance)
    _refresh_dependants(instance)


def after_unpublish(instance: Any) -> None:
    if isinstance(instance, Page):
        renditions.drop_page(instance.pk)
    _refresh_dependants(instance)


def after_delete(instance: Any) -> None:
    _refresh_dependants(instance)
