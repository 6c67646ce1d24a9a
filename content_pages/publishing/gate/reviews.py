"""Reviews end in a publish of what was reviewed, and nothing more.

A page or snippet has one review workflow. What its approval publishes depends on who
asked for the review: a translator's submission is a translation review, and approving
it publishes only the translator's language, from the live version, so a pending English
draft (under medical review, say) stays a draft; anyone else's submission is a review of
the whole draft, and approving it publishes the latest revision, as Wagtail does by
default; approving an article's medical review first records the review dates in a new
revision (``medical_review.record_review``) and publishes that. An approved translation
of a page or snippet that is not live stays in its draft: a translation never makes
anything live. Whichever the review, a translation goes live only where the approver is
a reviewer of its language (``language_review``); otherwise it stays submitted.
"""

from __future__ import annotations

from typing import Any

from content_pages.foundations.roles import translator_languages
from content_pages.models import ArticlePage
from content_pages.publishing.gate.language_review import approval_refusal, publish_language, submit
from content_pages.publishing.medical_review import is_medical_review, record_review


def publish_approved(workflow_state: Any, user: Any = None) -> None:
    obj = workflow_state.content_object
    obj = getattr(obj, "specific", obj)  # pages come as Page
    languages = translator_languages(workflow_state.requested_by)
    if languages is None:
        if isinstance(obj, ArticlePage) and is_medical_review(workflow_state.workflow):
            reviewed = obj.get_latest_revision_as_object()
            record_review(reviewed)
            reviewed.save_revision(user=user, clean=False).publish(user=user)
            return
        obj.get_latest_revision().publish(user=user)
        return
    if not getattr(obj, "live", False):
        return  # an approved translation of something not live stays a draft until it is published
    draft = obj.get_latest_revision_as_object()
    for language in sorted(languages):
        stored = type(obj)._default_manager.get(pk=obj.pk)
        if approval_refusal(stored, language, user) is not None:
            # The workflow's approver is not a reviewer of this language (or wrote it):
            # the text stays submitted, for a reviewer of the language to approve.
            submit(stored, language, obj.get_latest_revision(), workflow_state.requested_by)
            continue
        publish_language(stored, language, user=user, draft=draft)
