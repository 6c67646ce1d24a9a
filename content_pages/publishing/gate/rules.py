"""Publish rules: what must hold before a revision may reach patients.

The admin forms run the same checks while editing; these run again at the moment of
publishing because not every path has a form (workflow approval, bulk publish,
scheduled publishing, PO import), and a snippet may have changed since the form was
checked.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError

from content_pages.models import ArticlePage, CallToAction
from content_pages.publishing.article_structure import prepare_article_for_save
from content_pages.publishing.channel_validation import channel_limit_errors
from content_pages.publishing.cta_validation import validate_call_to_action
from content_pages.publishing.gate.actions import in_gate
from content_pages.publishing.medical_review import review_problems
from content_pages.publishing.reference_rules import article_reference_errors
from content_pages.publishing.text_bounds import oversized


def _messages(error: ValidationError) -> list[str]:
    block_errors = getattr(error, "block_errors", None)
    if block_errors:
        children = block_errors.values() if isinstance(block_errors, dict) else block_errors
        return [message for child in children for message in _messages(child)]
    if hasattr(error, "error_dict"):
        return [message for errors in error.error_dict.values() for e in errors for message in _messages(e)]
    return list(error.messages)


def publish_problems(candidate: Any) -> list[str]:
    """Every rule the object about to go live breaks; empty when it may be published."""
    if isinstance(candidate, ArticlePage):
        too_large = oversized(candidate)
        if too_large:
            return [message for messages in too_large.values() for message in messages]
        limits = [message for error in channel_limit_errors(candidate).values() for message in _messages(error)]
        repeated = [message for messages in article_reference_errors(candidate).values() for message in messages]
        return review_problems(candidate) + repeated + limits
    if isinstance(candidate, CallToAction):
        return [message for messages in validate_call_to_action(candidate).values() for message in messages]
    return []


def article_save_errors(page: ArticlePage, languages: Iterable[str] | None = None) -> dict[str, Any]:
    """What the editor must fix before an article saves: a reference chosen twice, the
    structure (anchors, source texts, translation slots), then, on a sound structure,
    every channel's limits: in every language, or in ``languages`` only when the change
    being saved touches nothing else (a translation import).

    A text or a stream over its bound (``text_bounds``) is reported alone, before any of
    that: the rules after it take time that grows with what they read."""
    too_large = oversized(page, tuple(languages) if languages is not None else None)
    if too_large:
        return dict(too_large)
    errors: dict[str, Any] = {**article_reference_errors(page)}
    structure = prepare_article_for_save(page)
    if structure:
        errors.update(structure)
    elif not in_gate():
        # Inside the gate, ``publish_problems`` has just rendered every channel of this
        # revision; Wagtail's save during the publish would render them all again.
        errors.update(channel_limit_errors(page, languages))
    return errors
