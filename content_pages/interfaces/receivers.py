"""Signal receivers: each only hands over to the publishing service's after-publish work.

Wagtail's ``published`` and ``unpublished`` signals fire for pages and snippets alike,
with the object as it went live (pages are taken from ``page_published``, which also
covers a copy made live); ``post_save`` is deliberately not used, because it
also fires for draft saves. View restrictions (added or lifted) and moves change which
pages readers may see, so they are handed over too (``publishing/visibility``). Wagtail's
``page_slug_changed`` is not used: it is sent after commit, and only for the active
language's slug; a renamed page is found when it is published instead.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_delete, post_save
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction, Revision
from wagtail.signals import page_published, post_page_move, published, unpublished, workflow_submitted

from content_pages.interfaces.web import editor_marker
from content_pages.models import CallToAction, Contributor, EnquiryPrivacyNotice, Reference, Topic
from content_pages.publishing import privacy_notices, translation_counts, translation_review
from content_pages.publishing.gate import after

SNIPPETS_SHOWN_ON_PAGES = (CallToAction, Reference, Topic, Contributor)


def on_published(sender: Any, instance: Any, **kwargs: Any) -> None:
    if not isinstance(instance, Page):  # pages: ``on_page_published``
        after.after_publish(instance)


def on_page_published(sender: Any, instance: Page, **kwargs: Any) -> None:
    # Sent for every page publish, just before ``published``, and alone for a copy made
    # live ("Publish copies"), which would otherwise reach readers with no event.
    # Aliases follow their original and keep no renditions of their own.
    if not kwargs.get("alias"):
        after.after_publish(instance)


def on_unpublished(sender: Any, instance: Any, **kwargs: Any) -> None:
    after.after_unpublish(instance)


def on_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    after.after_delete(instance)


def on_restriction_saved(sender: Any, instance: PageViewRestriction, created: bool, **kwargs: Any) -> None:
    after.after_restriction_saved(instance, created)


def on_restriction_deleted(sender: Any, instance: PageViewRestriction, **kwargs: Any) -> None:
    after.after_restriction_deleted(instance, kwargs.get("origin"))


def on_privacy_notice_saved(sender: Any, instance: EnquiryPrivacyNotice, **kwargs: Any) -> None:
    # A site setting has no drafts: saving (or deleting) it is what changes what readers see.
    privacy_notices.notice_saved(instance)


def on_image_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    # An image has no drafts either: its file and focal point are what pages show.
    fields = kwargs.get("update_fields")
    after.after_image_saved(instance, frozenset(fields) if fields is not None else None)


def on_collection_restriction_changed(sender: Any, instance: CollectionViewRestriction, **kwargs: Any) -> None:
    after.after_collection_restriction_changed(instance)


def on_page_moved(sender: Any, instance: Page, **kwargs: Any) -> None:
    after.after_move(
        instance,
        kwargs["parent_page_before"],
        kwargs["parent_page_after"],
        kwargs["url_path_before"],
        kwargs["url_path_after"],
    )


# What saving a revision writes on the snippet's own row (Wagtail's
# ``_update_from_revision``): the revision's receiver below has seen that change.
_REVISION_BOOKKEEPING = frozenset({"latest_revision", "has_unpublished_changes"})


def on_snippet_saved(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    # Drafts too: a page's counts include the latest text of each snippet it shows.
    if update_fields is not None and set(update_fields) <= _REVISION_BOOKKEEPING:
        return
    translation_counts.snippet_changed(instance)


def on_revision_saved(sender: Any, instance: Revision, **kwargs: Any) -> None:
    # A page's own revisions outdate its counts by themselves (the rows name them).
    model = instance.content_type.model_class()
    if model is not None and issubclass(model, SNIPPETS_SHOWN_ON_PAGES):
        obj = model._default_manager.filter(pk=instance.object_id).first()
        if obj is not None:
            translation_counts.snippet_changed(obj)


def on_workflow_submitted(sender: Any, instance: Any, user: Any = None, **kwargs: Any) -> None:
    """A translator's "Submit for review" is a review of their languages' text."""
    translation_review.submit_translators_work(instance, user)


def connect() -> None:
    user_logged_in.connect(editor_marker.on_logged_in, dispatch_uid="content_pages.editor_marker.login")
    user_logged_out.connect(editor_marker.on_logged_out, dispatch_uid="content_pages.editor_marker.logout")
    post_save.connect(on_restriction_saved, sender=PageViewRestriction, dispatch_uid="content_pages.privacy.saved")
    post_delete.connect(
        on_restriction_deleted, sender=PageViewRestriction, dispatch_uid="content_pages.privacy.deleted"
    )
    post_page_move.connect(on_page_moved, dispatch_uid="content_pages.privacy.moved")
    post_save.connect(
        on_privacy_notice_saved, sender=EnquiryPrivacyNotice, dispatch_uid="content_pages.enquiry_privacy_notice.saved"
    )
    post_delete.connect(
        on_privacy_notice_saved,
        sender=EnquiryPrivacyNotice,
        dispatch_uid="content_pages.enquiry_privacy_notice.deleted",
    )
    post_save.connect(on_image_saved, sender=get_image_model(), dispatch_uid="content_pages.images.saved")
    for signal in (post_save, post_delete):
        signal.connect(
            on_collection_restriction_changed,
            sender=CollectionViewRestriction,
            dispatch_uid=f"content_pages.images.restriction.{signal is post_save}",
        )
    published.connect(on_published, dispatch_uid="content_pages.publishing.published")
    page_published.connect(on_page_published, dispatch_uid="content_pages.publishing.page_published")
    workflow_submitted.connect(on_workflow_submitted, dispatch_uid="content_pages.translation_review.submitted")
    unpublished.connect(on_unpublished, dispatch_uid="content_pages.publishing.unpublished")
    # Every page type's row is a ``wagtailcore.Page`` row too: one receiver sees them all.
    post_delete.connect(on_deleted, sender=Page, dispatch_uid="content_pages.publishing.page.deleted")
    for model in SNIPPETS_SHOWN_ON_PAGES:
        post_delete.connect(on_deleted, sender=model, dispatch_uid=f"content_pages.publishing.{model.__name__}.deleted")
        for signal in (post_save, post_delete):
            signal.connect(
                on_snippet_saved,
                sender=model,
                dispatch_uid=f"content_pages.translation_counts.{model.__name__}.{signal is post_save}",
            )
    post_save.connect(on_revision_saved, sender=Revision, dispatch_uid="content_pages.translation_counts.revision")
