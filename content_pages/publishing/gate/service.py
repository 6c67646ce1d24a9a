"""The publish gate's implementation: rules first, then Wagtail's own publish, then audit."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from wagtail.models import Revision

from content_pages.foundations.languages import content_languages
from content_pages.foundations.lookups import shared_lookups
from content_pages.publishing.gate import audit
from content_pages.publishing.gate.actions import inside_gate
from content_pages.publishing.gate.changes import language_changes
from content_pages.publishing.gate.errors import PublishRefused
from content_pages.publishing.gate.language_review import LanguageDecision, hold_unapproved, record_decision
from content_pages.publishing.gate.one_language import language_scope
from content_pages.publishing.gate.rules import publish_problems
from content_pages.reads.article_view import shared_views

logger = logging.getLogger(__name__)

# What ``publish_scheduled`` passes: nobody is there to read an exception, and one
# refusal must not stop the other scheduled items.
SCHEDULED = "wagtail.publish.scheduled"


def _live_version(obj: Any) -> dict[str, Any] | None:
    """What patients see now (None when nothing is live), as its revision stored it: read
    from the database, since the object in hand may be a revision's copy, whose
    ``live_revision`` Wagtail does not keep; the stored content, since rebuilding the
    object would look up every snippet and page it links to."""
    state = type(obj)._default_manager.filter(pk=obj.pk).values_list("live", "live_revision_id").first()
    if state is None or not state[0] or state[1] is None:
        return None
    content = Revision.objects.filter(pk=state[1]).values_list("content", flat=True).first()
    return content if isinstance(content, dict) else None


def _withdraw_if_never_published(obj: Any) -> None:
    """Wagtail's create views save a new page or snippet with ``live=True`` before they
    publish it, outside any transaction; when the publish is refused, that row must not
    be left showing content nobody published."""
    type(obj)._default_manager.filter(pk=obj.pk, live=True, live_revision__isnull=True).update(
        live=False, has_unpublished_changes=True
    )


def _decision_data(decision: LanguageDecision) -> dict[str, Any]:
    """The audit entry names the languages approved by this publish (and the approver is
    the entry's user) and those held back for their reviewer."""
    data: dict[str, Any] = {}
    if decision.approved:
        data["approved_languages"] = decision.approved
    if decision.held:
        data["held_languages"] = decision.held
    return data


def _cancel_workflow(obj: Any, user: Any) -> None:
    """Wagtail's own rule (a publish ends a review in progress), applied here so that a
    language-only publish can leave the review of the source going
    (``WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH`` is off in the settings for that reason)."""
    state = getattr(obj, "current_workflow_state", None)
    if state is not None:
        state.cancel(user=user)


def _goes_live_now(candidate: Any) -> bool:
    """False for a publish that only schedules (a go-live in the future): the languages
    are decided when it goes live."""
    go_live_at = getattr(candidate, "go_live_at", None)
    return not (go_live_at and go_live_at > timezone.now())


class PublishingService:
    def publish(self, obj: Any, revision: Any, wagtail_publish: Callable[..., Any], **options: Any) -> Any:
        candidate = revision.as_object()
        decision = LanguageDecision()
        if _goes_live_now(candidate):
            # A language no reviewer of it approved goes live as last approved.
            decision = hold_unapproved(obj, candidate, options.get("user"))
        # Every channel checks every language of the same candidate: each view is built, and
        # each chosen row read, once.
        with shared_lookups(), shared_views():
            problems = publish_problems(candidate)
        if problems:
            if options.get("log_action") == SCHEDULED:
                # Left scheduled: the next run tries again, and the history says why.
                audit.record_refusal(obj, revision, problems)
                logger.warning(
                    "Scheduled publish refused: %s pk=%s revision=%s", type(obj).__name__, obj.pk, revision.pk
                )
                return None
            _withdraw_if_never_published(obj)
            raise PublishRefused(candidate, problems)
        with shared_lookups():
            changes = language_changes(_live_version(obj), candidate)
        with transaction.atomic(), inside_gate():
            published = revision
            if decision.held:
                # What goes live is the revision with the held languages set back; the
                # draft, with their new text, is saved again after it as the newest
                # revision, so nothing typed is lost and it still shows as a draft.
                published = candidate.save_revision(user=options.get("user"), log_action=False, clean=False)
            # Scoped inside the transaction: what runs after commit (rendering) reads afresh.
            with shared_lookups():
                result = wagtail_publish(published, **options)
            if decision.held:
                revision.as_object().save_revision(user=revision.user, log_action=False, clean=False)
            if language_scope() is None:
                _cancel_workflow(obj, options.get("user"))
            record_decision(obj, decision, published, revision, options.get("user"))
            audit.record_publish(obj, published, {**changes.as_data(), **_decision_data(decision)})
        return result

    def unpublish(self, obj: Any, wagtail_unpublish: Callable[..., Any], **options: Any) -> Any:
        was_live = bool(getattr(obj, "live", False))
        with transaction.atomic():
            result = wagtail_unpublish(**options)
            if was_live:
                audit.record_unpublish(obj, {"languages": list(content_languages()), "shared": True})
        return result
