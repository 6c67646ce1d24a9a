"""Bounds on what one save may ask the channel checks to do, checked first.

Channel validation renders every text for every channel, and its cost grows with the
length of each text; a text of 200,000 characters once kept a worker busy until it was
killed. So before the structure and channel rules run, an article's texts are measured
against ``TEXT_MAX`` (in the characters a reader sees: rich text without its markup, as
Wagtail's rich text ``max_length`` counts) and its streams against ``STREAM_BLOCKS_MAX``
and ``STREAM_TEXT_MAX`` (all their texts together);
anything over refuses the save at once, naming the field, the language and the limit.
Measuring is linear and needs no rendering.
"""

from __future__ import annotations

from html import unescape
from typing import Any

from django.utils.html import strip_tags
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField

from content_pages.blocks.tree import text_leaves
from content_pages.foundations import translated_fields
from content_pages.foundations.languages import content_languages, english_name, localized_field_name
from content_pages.foundations.limits import STREAM_BLOCKS_MAX, STREAM_TEXT_MAX, TEXT_MAX


def reader_length(value: Any, rich: bool) -> int:
    """Characters a reader sees: rich text (a stream's ``RichText``, or the HTML of a
    ``RichTextField``) without its tags, entities counted once; plain text as it is. A rich
    text no longer than the limit with its markup is not parsed: markup only adds."""
    source = getattr(value, "source", value)
    text = "" if source is None else str(source)
    if not rich or len(text) <= TEXT_MAX:
        return len(text)
    return len(unescape(strip_tags(text)))


def oversized(obj: Any, languages: tuple[str, ...] | None = None) -> dict[str, list[str]]:
    """Every text of ``obj`` (in ``languages``, or all) over ``TEXT_MAX`` and every stream
    over ``STREAM_BLOCKS_MAX`` blocks, as errors by field column."""
    errors: dict[str, list[str]] = {}
    for name in translated_fields.translator_fields(obj):
        for language in languages or content_languages():
            column = localized_field_name(name, language)
            value = getattr(obj, column, None)
            label = f"{name.replace('_', ' ').capitalize()} ({english_name(language)})"
            if isinstance(obj._meta.get_field(name), StreamField):
                errors.update(_stream_errors(column, label, value))
            elif value is not None:
                length = reader_length(value, isinstance(obj._meta.get_field(name), RichTextField))
                if length > TEXT_MAX:
                    errors[column] = [_too_long(label, length)]
    return errors


def _stream_errors(column: str, label: str, stream: Any) -> dict[str, list[str]]:
    if not stream:
        return {}
    if len(stream) > STREAM_BLOCKS_MAX:
        return {column: [f"{label}: {len(stream):,} blocks; at most {STREAM_BLOCKS_MAX:,} blocks in one body."]}
    messages = []
    total = 0
    for number, child in enumerate(stream, start=1):
        for leaf in text_leaves(child.block, child.value):
            length = reader_length(leaf.value, isinstance(leaf.block, blocks.RichTextBlock))
            total += length
            if length > TEXT_MAX:
                where = f"{label}, block {number} ({child.block_type.replace('_', ' ')})"
                messages.append(_too_long(where, length))
    if total > STREAM_TEXT_MAX:
        messages.append(f"{label}: {total:,} characters in all; at most {STREAM_TEXT_MAX:,} in one body.")
    return {column: messages} if messages else {}


def _too_long(where: str, length: int) -> str:
    return f"{where}: {length:,} characters; a single text may have at most {TEXT_MAX:,}."
