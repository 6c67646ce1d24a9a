"""Signal receivers: each only hands over to the publishing service's after-publish work.

Wagtail's ``published`` and ``unpublished`` signals fire for pages and snippets alike,
with the object as it went live; ``post_save`` is deliberately not used, because it
also fires for draft saves. View restrictions and moves change which renditions the
API may serve, so they are handed over too.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import post_page_move, published, unpublished

from content_pages.interfaces.web import editor_marker
from content_pages.models import CallToAction, Contributor, Reference, Topic
from content_pages.publishing.gate import after

SNIPPETS_SHOWN_ON_PAGES = (CallToAction, Reference, Topic, Contributor)


def on_published(sender: Any, instance: Any, **kwargs: Any) -> None:
    after.after_publish(instance)


def on_unpublished(sender: Any, instance: Any, **kwargs: Any) -> None:
    after.after_unpublish(instance)


def on_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    after.after_delete(instance)


def on_restriction_changed(sender: Any, instance: PageViewRestriction, **kwargs: Any) -> None:
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        after.after_privacy_change(page)


def on_page_moved(sender: Any, instance: Page, **kwargs: Any) -> None:
    parent_before = kwargs.get("parent_page_before")
    path_before = (parent_before.path + instance.path[-Page.steplen :]) if parent_before is not None else ""
    after.after_move(instance, path_before)


def connect() -> None:
    user_logged_in.connect(editor_marker.on_logged_in, dispatch_uid="content_pages.editor_marker.login")
    user_logged_out.connect(editor_marker.on_logged_out, dispatch_uid="content_pages.editor_marker.logout")
    post_save.connect(on_restriction_changed, sender=PageViewRestriction, dispatch_uid="content_pages.privacy.saved")
    post_delete.connect(
        on_restriction_changed, sender=PageViewRestriction, dispatch_uid="content_pages.privacy.deleted"
    )
    post_page_move.connect(on_page_moved, dispatch_uid="content_pages.privacy.moved")
    published.connect(on_published, dispatch_uid="content_pages.publishing.published")
    unpublished.connect(on_unpublished, dispatch_uid="content_pages.publishing.unpublished")
    # Every page type's row is a ``wagtailcore.Page`` row too: one receiver sees them all.
    post_delete.connect(on_deleted, sender=Page, dispatch_uid="content_pages.publishing.page.deleted")
    for model in SNIPPETS_SHOWN_ON_PAGES:
        post_delete.connect(on_deleted, sender=model, dispatch_uid=f"content_pages.publishing.{model.__name__}.deleted")
