"""Which languages a publish changes, by comparing the new revision with what was live.

Translated fields carry their language (``button_label_ms`` is Malay, as
modeltranslation's registry says); a change to any other field (a phone number, a
block's order, a chosen image) changes what every language shows, and is reported as
shared. Derived fields (a page's ``url_path``) are not compared.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from content_pages.foundations.languages import content_languages
from content_pages.foundations.translated_fields import column_language, is_derived

# Bookkeeping that changes on every revision, or is derived from fields compared anyway.
_IGNORED = {
    "pk",
    "id",
    "path",
    "depth",
    "numchild",
    "draft_title",
    "live",
    "has_unpublished_changes",
    "first_published_at",
    "last_published_at",
    "latest_revision_created_at",
    "live_revision",
    "latest_revision",
    "locked",
    "locked_at",
    "locked_by",
    "owner",
    "content_type",
    "expired",
    "updated_at",
    "citation_apa_text",
    "citation_apa_html",
    "translation_key",
    "locale",
    "alias_of",
    "wagtail_admin_comments",
    "sort_order",
}


@dataclass
class LanguageChanges:
    languages: set[str] = field(default_factory=set)
    shared: bool = False

    def as_data(self) -> dict[str, Any]:
        ordered = [code for code in content_languages() if code in self.languages]
        return {"languages": ordered, "shared": self.shared}


def _language_of(model: type[models.Model] | None, name: str) -> str | None:
    """The language of a translated column, from modeltranslation's registry."""
    return column_language(model, name) if model is not None else None


def _related_model(model: type[models.Model] | None, name: str) -> type[models.Model] | None:
    if model is None:
        return None
    try:
        return model._meta.get_field(name).related_model
    except FieldDoesNotExist:
        return None


def _compare(
    model: type[models.Model] | None, before: dict[str, Any], after: dict[str, Any], out: LanguageChanges
) -> None:
    for name in before.keys() | after.keys():
        if name in _IGNORED or (model is not None and is_derived(model, name)):
            continue
        old, new = before.get(name), after.get(name)
        if old == new or (old in (None, "") and new in (None, "")):
            continue
        if isinstance(old, list) and isinstance(new, list) and all(isinstance(x, dict) for x in [*old, *new]):
            if len(old) != len(new):
                out.shared = True
                continue
            child_model = _related_model(model, name)
            for old_child, new_child in zip(old, new, strict=True):
                _compare(child_model, old_child, new_child, out)
            continue
        language = _language_of(model, name)
        if language:
            out.languages.add(language)
        else:
            out.shared = True


def language_changes(before: models.Model | dict[str, Any] | None, after: models.Model) -> LanguageChanges:
    """What a publish of ``after`` changes compared with ``before`` (None: nothing was
    live), given as an object or as its serialized data (a revision's stored content)."""
    if before is None:
        return LanguageChanges(languages=set(content_languages()), shared=True)
    after_data = after.serializable_data()  # type: ignore[attr-defined]
    if isinstance(before, dict):
        # Stored content went through JSON (dates as text): compare like with like.
        after_data = json.loads(json.dumps(after_data, cls=DjangoJSONEncoder))
        before_data = before
    else:
        before_data = before.serializable_data()  # type: ignore[attr-defined]
    changes = LanguageChanges()
    _compare(type(after), before_data, after_data, changes)
    return changes
