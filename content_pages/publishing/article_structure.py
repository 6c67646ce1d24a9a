"""Keep an article's streams consistent before it is saved.

Three rules, applied whenever an article is validated (admin save, seed loading,
PO import):

* every heading has an anchor, made once from the source-language text and then
  kept, so links into a section survive edits and are the same in every language;
* the source language's text blocks are not empty (an empty block in a translation
  only means "not translated yet"), and a block's required choice (the CTA snippet,
  the image, the form page) is made, on a draft or autosave too, where Wagtail would
  otherwise defer it;
* each translation stream mirrors the source stream's blocks, ids and order, and inside
  each block its list items, ids and order, so a translator sees an empty slot for every
  new source block in the admin, and a text typed for a new list item has its place.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from wagtail import blocks
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError
from wagtail.blocks.list_block import ListBlockValidationError, ListValue
from wagtail.fields import StreamField

from content_pages.blocks.tree import Leaf, is_translatable_text, map_leaves
from content_pages.foundations.languages import english_name, localized_field_name, source_language, target_languages
from content_pages.foundations.localized import is_empty
from content_pages.foundations.translated_fields import registered_fields
from content_pages.models import ArticlePage


def _translated_streams(page: ArticlePage) -> tuple[str, ...]:
    """The article's translated StreamFields, from modeltranslation's registry."""
    return tuple(name for name in registered_fields(page) if isinstance(page._meta.get_field(name), StreamField))


def prepare_article_for_save(page: ArticlePage) -> dict[str, ValidationError]:
    assign_block_ids(page)
    assign_heading_anchors(page)
    errors = {}
    for name in _translated_streams(page):
        error = validate_source_stream(page, name)
        if error is not None:
            errors[localized_field_name(name, source_language())] = error
    if not errors:
        sync_translation_streams(page)
    return errors


def assign_block_ids(page: ArticlePage) -> None:
    """Serialising gives every block added since the last save its id, even when the save
    is refused: the editor shown again (and its readability panel) tells blocks apart by id."""
    for name in _translated_streams(page):
        stream = getattr(page, localized_field_name(name, source_language()))
        if stream is not None:
            stream.get_prep_value()


def assign_heading_anchors(page: ArticlePage) -> None:
    stream = getattr(page, localized_field_name("body", source_language()))
    used: set[str] = set()
    for child in stream:
        if child.block_type != "heading":
            continue
        anchor = child.value.get("anchor") or slugify(child.value.get("text") or "") or f"section-{child.id[:8]}"
        candidate, number = anchor, 2
        while candidate in used:
            candidate, number = f"{anchor}-{number}", number + 1
        child.value["anchor"] = candidate
        used.add(candidate)


def _choose(block: blocks.Block) -> str:
    label = str(block.label or block.name).lower()
    return f"Choose {'an' if label[:1] in 'aeiou' else 'a'} {label}."


def _leaf_error(block: blocks.Block, value: Any, language: str) -> ValidationError | None:
    if isinstance(block, blocks.StructBlock):
        child_errors = {}
        for name, child in block.child_blocks.items():
            if is_translatable_text(child) and name in getattr(block, "required_text", ("text",)):
                if is_empty(value.get(name)):
                    child_errors[name] = ValidationError(f"The {english_name(language)} text is required.")
            elif isinstance(child, blocks.ChooserBlock) and child.required and value.get(name) is None:
                # Wagtail defers a required chooser when saving a draft (and on autosave);
                # a block without its choice cannot be rendered, so say so on every save.
                child_errors[name] = ValidationError(_choose(child))
            elif isinstance(child, blocks.ListBlock):
                error = _leaf_error(child, value.get(name), language)
                if error is not None:
                    child_errors[name] = error
        return StructBlockValidationError(block_errors=child_errors) if child_errors else None
    if isinstance(block, blocks.ListBlock):
        item_errors = {
            index: ValidationError(f"Remove the empty item or write its {english_name(language)} text.")
            for index, item in enumerate(value)
            if is_empty(item)
        }
        if not len(value):
            empty: ValidationError = ListBlockValidationError(
                non_block_errors=[ValidationError("Add at least one item.")]
            )
            return empty
        return ListBlockValidationError(block_errors=item_errors) if item_errors else None
    if is_translatable_text(block) and is_empty(value):
        return ValidationError(f"The {english_name(language)} text is required.")
    return None


def validate_source_stream(page: ArticlePage, name: str) -> StreamBlockValidationError | None:
    language = source_language()
    stream = getattr(page, localized_field_name(name, language))
    block_errors = {}
    for index, child in enumerate(stream):
        error = _leaf_error(child.block, child.value, language)
        if error is not None:
            block_errors[index] = error
    return StreamBlockValidationError(block_errors=block_errors) if block_errors else None


def _emptied(leaf: Leaf) -> Any:
    """A translation slot: the source's structure with every translatable text emptied."""
    return leaf.block.to_python("") if is_translatable_text(leaf.block) else leaf.value


def _mirror_items(block: blocks.Block, source: Any, stored: Any) -> Any:
    """A translation's stored value of ``block`` (``stored``, as serialised) with the list
    items of the source's value: in the source's order and with its item ids, a new item
    as an empty slot, an item the source removed left out, every kept text as it was.

    Without this a list kept the items it had when its block was first mirrored, and a
    text translated for an item added later had nowhere to go."""
    if isinstance(block, blocks.StructBlock):
        if not isinstance(stored, dict) or source is None:
            return stored
        for name, child in block.child_blocks.items():
            if name in stored and isinstance(child, (blocks.StructBlock, blocks.ListBlock)):
                stored[name] = _mirror_items(child, source.get(name), stored[name])
        return stored
    if isinstance(block, blocks.ListBlock):
        kept = {item["id"]: item for item in stored or [] if isinstance(item, dict) and item.get("id")}
        items = []
        for child in source.bound_blocks if isinstance(source, ListValue) else []:
            match = kept.get(child.id)
            if match is not None:
                items.append({**match, "value": _mirror_items(block.child_block, child.value, match.get("value"))})
            else:
                empty = map_leaves(block.child_block, child.value, _emptied)
                items.append({"type": "item", "value": block.child_block.get_prep_value(empty), "id": child.id})
        return items
    return stored


def sync_translation_streams(page: ArticlePage) -> None:
    for name in _translated_streams(page):
        source = getattr(page, localized_field_name(name, source_language()))
        # Serialising gives every block and list item added since the last save its id,
        # which each translation stream must mirror.
        source.get_prep_value()
        for language in target_languages():
            field = localized_field_name(name, language)
            existing = {child.id: child for child in (getattr(page, field) or [])}
            mirrored = []
            # Keys in the order Wagtail writes a block: a stream mirrored again but
            # unchanged then serialises to the same text, which is how the one-language
            # publish (``gate.changes``) sees that a language did not change.
            for child in source:
                match = existing.get(child.id)
                if match is not None and match.block_type == child.block_type:
                    stored = _mirror_items(child.block, child.value, match.block.get_prep_value(match.value))
                    mirrored.append({"type": child.block_type, "value": stored, "id": child.id})
                else:
                    mirrored.append(
                        {
                            "type": child.block_type,
                            "value": child.block.get_prep_value(map_leaves(child.block, child.value, _emptied)),
                            "id": child.id,
                        }
                    )
            setattr(page, field, mirrored)
