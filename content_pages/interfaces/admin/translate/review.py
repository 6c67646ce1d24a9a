"""The editor's "Submit for review": the object's review workflow, started on the draft
the save has just written."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _
from wagtail.models import Page

from content_pages.foundations.roles import AnyUser


def may_submit(user: AnyUser, obj: Any) -> bool:
    """Whether ``user`` may start a review of ``obj``; asked only when one would start (an
    object with no workflow, or one already in review, is simply saved)."""
    if isinstance(obj, Page) and obj.get_workflow() is not None and not obj.workflow_in_progress:
        return bool(obj.permissions_for_user(user).can_submit_for_moderation())
    return True


def submit_for_review(request: HttpRequest, obj: Any) -> None:
    """Start the object's review workflow on the draft just saved, unless one is already
    running (then the saved draft is simply part of it)."""
    current = type(obj)._default_manager.get(pk=obj.pk)
    current = getattr(current, "specific", current)
    if current.workflow_in_progress:
        messages.info(request, _("Already in review: the reviewers will see these translations."))
        return
    workflow = current.get_workflow()
    if workflow is None:
        messages.warning(request, _("There is no review workflow here; the translations were saved as a draft."))
        return
    workflow.start(current, request.user)
    messages.success(request, _("Submitted for review."))
