"""The review of a translation: submitting one language of a page or snippet, and a
reviewer of that language approving or rejecting it.

Approving publishes that language only, from the live version (``publish_language``),
so a pending English draft stays a draft; the publish gate records the approval, and
the translator's review workflow, if one is in progress, is closed with it. Rejecting
keeps the text in the draft and tells the translator why.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Page

from content_pages.foundations.languages import english_name
from content_pages.foundations.roles import reviewer_languages, translator_languages
from content_pages.models import TranslationReview
from content_pages.publishing.gate import PublishRefused, ReviewNeeded, publish_language
from content_pages.publishing.gate.language_review import approval_refusal, submit
from content_pages.publishing.tasks import refresh_page_renditions
from content_pages.reads.translation_reviews import (
    latest_approval,
    open_submission,
    review_content_type,
    shown_snippet_changes,
)

SUBMITTED = "content_pages.translation_submitted"
APPROVED = "content_pages.translation_approved"
REJECTED = "content_pages.translation_rejected"


def _announce_waiting(obj: Any) -> None:
    """A live page's API payload says which of its texts await review
    (``meta.translation.awaiting_review``): render it again once the submission is stored."""
    if isinstance(obj, Page) and obj.live:
        page_id = obj.pk
        transaction.on_commit(lambda: refresh_page_renditions.enqueue(page_id))


def _submit_with_snippets(obj: Any, language: str, user: Any) -> TranslationReview:
    """A page's translation is one unit: the texts of the snippets it shows that wait in
    their drafts (a CTA's label, a reference's lay summary) are submitted with it."""
    review = submit(obj, language, obj.get_latest_revision(), user)
    if isinstance(obj, Page):
        for shown in shown_snippet_changes(obj, language):
            submit(shown.snippet, language, shown.snippet.get_latest_revision(), user)
            log(
                instance=shown.snippet,
                action=SUBMITTED,
                user=user,
                data={"language": language, "language_name": english_name(language), "with_page": obj.pk},
                content_changed=False,
            )
    return review


def submit_language(obj: Any, language: str, user: Any) -> TranslationReview:
    """Submit the latest draft's ``language`` text of ``obj`` (and of the snippets a page
    shows) for review in that language."""
    with transaction.atomic():
        review = _submit_with_snippets(obj, language, user)
        log(
            instance=obj,
            action=SUBMITTED,
            user=user,
            data={"language": language, "language_name": english_name(language)},
            content_changed=False,
        )
        _announce_waiting(obj)
    return review


def submit_translators_work(workflow_state: Any, _user: Any) -> None:
    """A translator's submission of a page or snippet (a Wagtail workflow) submits their
    languages' text for review in each; anyone else's is the English (medical) review."""
    languages = translator_languages(workflow_state.requested_by)
    if not languages:
        return
    obj = workflow_state.content_object
    obj = getattr(obj, "specific", obj)
    for language in sorted(languages):
        _submit_with_snippets(obj, language, workflow_state.requested_by)
    _announce_waiting(obj)


def approve_language(obj: Any, language: str, reviewer: Any, comment: str = "") -> Any:
    """Publish ``language`` of ``obj`` from the live version, approved by ``reviewer``,
    with (for a page) the texts of that language waiting in the snippets it shows, each
    of which ``reviewer`` may approve (one they wrote stays submitted for another
    reviewer). Raises ``ReviewNeeded`` when they may not approve the object's own text
    (not a reviewer of the language, or its author)."""
    refusal = approval_refusal(obj, language, reviewer)
    if refusal is not None:
        raise ReviewNeeded(obj, [refusal], language)
    snippets = shown_snippet_changes(obj, language) if isinstance(obj, Page) else []
    with transaction.atomic():
        revision = _approve_one(obj, language, reviewer, comment)
        for shown in snippets:
            snippet = type(shown.snippet)._default_manager.get(pk=shown.snippet.pk)
            if approval_refusal(snippet, language, reviewer) is not None:
                submit(snippet, language, snippet.get_latest_revision(), None)
                continue
            try:
                with transaction.atomic():
                    _approve_one(snippet, language, reviewer, comment)
            except PublishRefused:
                continue  # it breaks a publish rule: it stays in its draft, submitted
    return revision


def _approve_one(obj: Any, language: str, reviewer: Any, comment: str) -> Any:
    revision = publish_language(obj, language, user=reviewer)
    review = open_submission(obj, language)
    if review is None and revision is None:
        # Nothing to publish and nothing submitted: the reviewer read what is live (the
        # seed's text, approved only at set-up, say), and that reading is the approval.
        review = TranslationReview(content_type=review_content_type(obj), object_id=str(obj.pk), language=language)
    if review is not None:  # nothing had changed: the submission is closed all the same
        review.state = TranslationReview.State.APPROVED
        review.reviewer = reviewer
        review.reviewed_at = timezone.now()
        review.revision = revision or type(obj)._default_manager.get(pk=obj.pk).live_revision
        review.save()
    approval = latest_approval(obj, language)
    if comment and approval is not None:
        approval.comment = comment
        approval.save(update_fields=["comment"])
    _close_translator_workflow(obj, language, reviewer)
    _log_review(obj, APPROVED, reviewer, language, comment, revision=revision)
    return revision


def reject_language(obj: Any, language: str, reviewer: Any, comment: str) -> TranslationReview:
    if language not in reviewer_languages(reviewer):
        raise ReviewNeeded(
            obj, [f"Only a reviewer of {english_name(language)} translations can reject them."], language
        )
    with transaction.atomic():
        review = open_submission(obj, language) or submit(obj, language, obj.get_latest_revision(), None)
        review.state = TranslationReview.State.REJECTED
        review.reviewer = reviewer
        review.reviewed_at = timezone.now()
        review.comment = comment
        review.save()
        _close_translator_workflow(obj, language, reviewer)
        _announce_waiting(obj)
        _log_review(obj, REJECTED, reviewer, language, comment)
    return review


def _log_review(obj: Any, action: str, reviewer: Any, language: str, comment: str, *, revision: Any = None) -> None:
    """The history entry of an approval or rejection: its language, reviewer and comment."""
    data = {"language": language, "language_name": english_name(language), "comment": comment}
    log(instance=obj, action=action, user=reviewer, data=data, revision=revision, content_changed=False)


def _close_translator_workflow(obj: Any, language: str, user: Any) -> None:
    """A translator's submission of this language, as a Wagtail workflow, ends with the
    language's review (the English medical review, anyone else's, goes on)."""
    stored = type(obj)._default_manager.get(pk=obj.pk)
    state = getattr(stored, "current_workflow_state", None)
    if state is None:
        return
    languages = translator_languages(state.requested_by)
    if languages is not None and language in languages:
        state.cancel(user=user)
