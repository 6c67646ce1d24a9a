"""Publishing one language: the live version plus that language's text, nothing else.

A translation must be able to go live while an English draft waits for medical review,
and an editor must be able to publish the Malay changes of a page without its pending
English ones. So a language-only publish starts from the **live** revision, copies in
only the target language's fields (modeltranslation's registry says which, for the
object and for its inline children, such as form field labels), publishes that through
the gate, and then saves the pending draft again, now holding the new translation too,
as the newest revision: nothing is lost and Wagtail still shows the draft as
unpublished changes.

A language-only publish never makes anything live that is not live already.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

from django.db import models, transaction
from modelcluster.models import get_all_child_relations

from content_pages.foundations.languages import english_name, localized_field_name
from content_pages.foundations.translated_fields import is_translated, language_columns, translator_fields
from content_pages.publishing.gate.errors import PublishRefused

# Set while a language-only publish runs: the gate then leaves workflows in progress
# (an English medical review goes on while a translation is published).
_scope: contextvars.ContextVar[str | None] = contextvars.ContextVar("publish_language_scope", default=None)


def language_scope() -> str | None:
    return _scope.get()


@contextmanager
def _scoped(language: str) -> Iterator[None]:
    token = _scope.set(language)
    try:
        yield
    finally:
        _scope.reset(token)


def _translated_children(obj: models.Model) -> Iterator[str]:
    """Inline child relations whose model has translated fields (form fields' labels)."""
    for relation in get_all_child_relations(obj):
        if is_translated(relation.related_model):
            yield relation.get_accessor_name()


def copy_language(source: models.Model, target: models.Model, language: str, *, text_only: bool = False) -> bool:
    """Copy ``language``'s fields from ``source`` to ``target``; True when anything changed.

    Which fields: that language's columns in modeltranslation's registry
    (``translated_fields.language_columns``), derived ones such as ``url_path`` left out;
    with ``text_only``, only translator text (a page's slug left as it is)."""
    changed = False
    columns = language_columns(target, language)
    if text_only:
        texts = {localized_field_name(name, language) for name in translator_fields(target)}
        columns = tuple(column for column in columns if column in texts)
    for name in columns:
        value = getattr(source, name)
        if _prep(target, name, getattr(target, name)) != _prep(target, name, value):
            setattr(target, name, value)
            changed = True
    for accessor in _translated_children(target):
        if not hasattr(source, accessor):
            continue
        by_pk = {child.pk: child for child in getattr(source, accessor).all() if child.pk}
        for child in getattr(target, accessor).all():
            match = by_pk.get(child.pk)
            if match is not None and copy_language(match, child, language, text_only=text_only):
                changed = True
    return changed


def _prep(obj: models.Model, name: str, value: Any) -> Any:
    field = cast(models.Field[Any, Any], obj._meta.get_field(name))  # a concrete column, never a relation
    prepared = field.get_prep_value(value)
    return "" if prepared is None or prepared == "[]" else prepared  # an empty stream is empty


def refuse_unless_live(obj: Any, language: str) -> None:
    if not getattr(obj, "live", False) or not getattr(obj, "live_revision_id", None):
        raise PublishRefused(
            obj, [f"It is not live, so there is nothing to publish {english_name(language)} text into."]
        )


def publish_from_live(obj: Any, language: str, *, user: Any = None, draft: Any = None) -> Any:
    """Publish ``language`` of ``obj`` (a live page or snippet) from ``draft`` (default:
    its latest draft), on the live version. Returns the published revision, or None when
    that language has no unpublished change. Whether ``user`` may approve the language is
    asked first by ``language_review.publish_language``; the gate holds the language back
    all the same if they may not."""
    refuse_unless_live(obj, language)
    draft = draft if draft is not None else obj.get_latest_revision_as_object()
    live = obj.live_revision.as_object()
    if not copy_language(draft, live, language):
        return None
    with transaction.atomic(), _scoped(language):
        revision = live.save_revision(user=user, log_action=True)
        # The approval of a reviewer of the language is the permission (``language_review``),
        # not Wagtail's publish permission, which a translation reviewer does not have.
        revision.publish(user=user, skip_permission_checks=True)
        if _differs_from_live(draft, live):
            # A pending draft (English awaiting review, say) stays the newest revision,
            # holding the translation too; it was checked when it was saved.
            draft.save_revision(user=user, log_action=False, clean=False)
    return revision


def _differs_from_live(draft: Any, live: Any) -> bool:
    from content_pages.publishing.gate.changes import language_changes

    changes = language_changes(live, draft)
    return bool(changes.languages or changes.shared)
