"""Each language reaches readers only as a reviewer of that language approved it.

Whatever publishes a revision (the Publish button, a workflow's approval, a scheduled
go-live, a revert, a bulk action, a snippet's own publish, a PO import, "Publish Malay
only"), the gate asks here, for every target language whose text in the revision
differs from the text last approved in that language:

- may the person publishing approve it? They must be a reviewer of the language
  (``roles.reviewer_languages``) and must not have written that text themselves (any
  revision since the last approval that changed the language's columns is theirs). If
  so, the language goes live and the approval is recorded, closing the submission.
- otherwise the language's fields of what goes live are those last approved (the
  approved revision's, else the live version's, else empty: a reader then gets the
  reviewed English, marked as a fallback as everywhere), and the new text stays in the
  draft, submitted for review in that language.

The English text and the structure are not this module's concern: the publish rules
and the medical review hold them.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from wagtail.models import Revision

from content_pages.foundations.languages import english_name, target_languages
from content_pages.foundations.roles import reviewer_languages
from content_pages.models import TranslationReview
from content_pages.publishing.gate.errors import ReviewNeeded
from content_pages.publishing.gate.one_language import copy_language, publish_from_live, refuse_unless_live
from content_pages.publishing.review_notices import notify_reviewers
from content_pages.reads.language_text import LanguageText, language_text, object_text
from content_pages.reads.translation_reviews import (
    latest_approval,
    open_submission,
    review_content_type,
)

# Who approves, when it is not the user the publish is made by: a PO import publishes
# as the command (no user) for a reviewer named on its command line, and the seed is
# approved by the local administrator at set-up.
_approver: contextvars.ContextVar[tuple[Any, bool] | None] = contextvars.ContextVar(
    "translation_approver", default=None
)


@contextmanager
def approving_as(user: Any, *, at_setup: bool = False) -> Iterator[None]:
    token = _approver.set((user, at_setup))
    try:
        yield
    finally:
        _approver.reset(token)


def _acting(user: Any) -> tuple[Any, bool]:
    override = _approver.get()
    return override if override is not None else (user, False)


def _baseline(obj: Any, language: str) -> Revision | None:
    """The revision holding the last approved text of ``language``: the newest
    approval's, else what is live (published before reviews were kept), else None (the
    language is empty until approved)."""
    approval = latest_approval(obj, language)
    if approval is not None and approval.revision is not None:
        return approval.revision
    live_id = type(obj)._default_manager.filter(pk=obj.pk, live=True).values_list("live_revision_id", flat=True).first()
    return Revision.objects.filter(pk=live_id).first() if live_id else None


def _baseline_text(obj: Any, language: str, baseline: Revision | None) -> LanguageText:
    content = baseline.content if baseline is not None and isinstance(baseline.content, dict) else {}
    return language_text(type(obj), content, language)


def authors(obj: Any, language: str, baseline: Revision | None) -> list[Any]:
    """The users (ids, in order; None for a command) who wrote ``language`` text into a
    revision saved after ``baseline``: whose revision holds that language's text in a
    wording no earlier revision since the baseline held. Saving again what someone else
    wrote (a one-language publish copies it; the gate sets it back) is not writing."""
    revisions = Revision.objects.for_instance(obj).order_by("pk")
    if baseline is not None:
        revisions = revisions.filter(pk__gt=baseline.pk)
    seen = [_baseline_text(obj, language, baseline)]
    found: list[Any] = []
    for user_id, content in revisions.values_list("user_id", "content"):
        text = language_text(type(obj), content if isinstance(content, dict) else {}, language)
        if text not in seen:
            seen.append(text)
            if user_id not in found:
                found.append(user_id)
    return found


def approval_refusal(obj: Any, language: str, user: Any) -> str | None:
    """Why ``user`` may not approve ``obj``'s pending ``language`` text; None if they may."""
    approver, at_setup = _acting(user)
    if at_setup:
        return None  # the seed, approved at set-up and listed until a reviewer reads it
    name = english_name(language)
    if language not in reviewer_languages(approver):
        return f"Only a reviewer of {name} translations can approve {name} text."
    if approver.pk in authors(obj, language, _baseline(obj, language)):
        return f"Nobody approves their own translation: another reviewer of {name} must approve this {name} text."
    return None


@dataclass
class LanguageDecision:
    approved: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)


def hold_unapproved(obj: Any, candidate: Any, user: Any) -> LanguageDecision:
    """Set back, in ``candidate`` (the object about to go live), every language whose
    text no reviewer of that language approved; say which languages go live approved now."""
    decision = LanguageDecision()
    for language in target_languages():
        baseline = _baseline(obj, language)
        if object_text(candidate, language) == _baseline_text(obj, language, baseline):
            continue
        if approval_refusal(obj, language, user) is None:
            decision.approved.append(language)
        else:
            source = baseline.as_object() if baseline is not None else type(candidate)()
            copy_language(source, candidate, language, text_only=True)
            decision.held.append(language)
    return decision


def record_decision(obj: Any, decision: LanguageDecision, published: Any, draft: Any, user: Any) -> None:
    """Write what the gate decided: approvals (closing each open submission) and, for
    each held language, a submission of the draft's text unless one is open already."""
    approver, at_setup = _acting(user)
    now = timezone.now()
    for language in decision.approved:
        review = open_submission(obj, language) or TranslationReview(
            content_type=review_content_type(obj), object_id=str(obj.pk), language=language
        )
        review.state = TranslationReview.State.APPROVED
        review.reviewer = approver if getattr(approver, "pk", None) else None
        review.reviewed_at = now
        review.revision = published
        review.at_setup = at_setup
        review.save()
    for language in decision.held:
        submit(obj, language, draft, user)


def submit(obj: Any, language: str, revision: Any, user: Any) -> TranslationReview:
    """Open (or refresh) the submission of ``obj``'s ``language`` text for review."""
    review = open_submission(obj, language)
    submitter = user if getattr(user, "pk", None) else None
    if review is None:
        writers = [pk for pk in authors(obj, language, _baseline(obj, language)) if pk is not None]
        review = TranslationReview(
            content_type=review_content_type(obj),
            object_id=str(obj.pk),
            language=language,
            submitted_at=timezone.now(),
            submitted_by_id=writers[-1] if writers else getattr(submitter, "pk", None),
        )
        review.revision = revision
        review.save()
        notify_reviewers(obj, review)
        return review
    review.revision = revision
    review.save()
    return review


def publish_language(obj: Any, language: str, *, user: Any = None, draft: Any = None) -> Any:
    """Publish ``language`` of ``obj`` (a live page or snippet) from ``draft`` (default:
    its latest draft), approved by ``user``. Returns the published revision, or None when
    that language has no unpublished change. Raises ``PublishRefused`` for an object that
    is not live, and ``ReviewNeeded`` when ``user`` may not approve ``language``'s text
    (the caller then submits it for review: ``submit``)."""
    refuse_unless_live(obj, language)
    refusal = approval_refusal(obj, language, user)
    if refusal is not None:
        raise ReviewNeeded(obj, [refusal], language)
    return publish_from_live(obj, language, user=user, draft=draft)
