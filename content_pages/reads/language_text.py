"""One language's text of a stored version, by reader-facing path, so that two versions
compare equal exactly when a reader of that language would be shown the same words.

The review of a translation asks of revisions: has this language's text changed since it
was last approved, who changed it, and where does the draft's text differ from what is
live (the API's ``meta.translation.awaiting_review``). Comparing the stored columns
answers wrongly: a translated StreamField holds a mirror of the English structure
(levels, anchors, empty texts, block ids), so an English edit, or the same text saved
again under new block ids, would look like a new translation, and whoever publishes it
like its author. So the translator-text columns are read as texts (a page's slug, part of
its address, is the editors' and not reviewed as wording), keyed like fallback paths:
``standfirst``, ``body.<block id>.items.<item id>``, ``fields.<pk>.label`` for inline
children (form field labels); empty texts are left out.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from modelcluster.models import get_all_child_relations
from wagtail.fields import StreamField

from content_pages.blocks.tree import stored_text_leaves
from content_pages.foundations.languages import localized_field_name
from content_pages.foundations.translated_fields import is_translated, language_columns, translator_fields

LanguageText = dict[str, Any]


def _field_texts(model: type[models.Model], name: str, value: Any) -> dict[str, Any]:
    field = model._meta.get_field(name)
    if isinstance(field, StreamField):
        raw = json.loads(value) if isinstance(value, str) and value.strip() else value
        return {".".join(path): text for path, text in stored_text_leaves(field.stream_block, raw)}
    if value is None or (isinstance(value, str) and not value.strip()):
        return {}
    return {"": value}


def _children(model: type[models.Model]) -> list[tuple[str, type[models.Model]]]:
    return [
        (relation.get_accessor_name(), relation.related_model)
        for relation in get_all_child_relations(model)
        if is_translated(relation.related_model)
    ]


def language_text(model: type[models.Model], content: dict[str, Any], language: str) -> LanguageText:
    """``language``'s texts in ``content`` (a revision's stored content, or an object's
    ``serializable_data()`` through JSON) of a ``model``, by path."""
    columns = set(language_columns(model, language))
    texts: LanguageText = {}
    for name in translator_fields(model):
        column = localized_field_name(name, language)
        if column not in columns:
            continue
        for path, text in _field_texts(model, column, content.get(column)).items():
            texts[f"{name}.{path}" if path else name] = text
    for accessor, child_model in _children(model):
        for child in content.get(accessor) or []:
            if isinstance(child, dict):
                for path, text in language_text(child_model, child, language).items():
                    texts[f"{accessor}.{child.get('pk')}.{path}"] = text
    return texts


def object_text(obj: models.Model, language: str) -> LanguageText:
    """``language``'s texts of an object in memory (the version about to go live)."""
    data = json.loads(json.dumps(obj.serializable_data(), cls=DjangoJSONEncoder))  # type: ignore[attr-defined]
    return language_text(type(obj), data, language)


def changed_paths(before: LanguageText, after: LanguageText) -> list[str]:
    """Where ``after`` holds a text that ``before`` does not (new or reworded)."""
    return [path for path, text in after.items() if before.get(path) != text]
