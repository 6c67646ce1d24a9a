"""Extract: every translatable text of a page, and of the snippets it shows, as segments
with stable ids.

A segment id (the PO ``msgctxt``) names the object, the field and, inside a StreamField,
the block id and child or list item id: ``page:6:body:<block id>:items:<item id>``,
``cta:3:button_label``. Ids survive edits, reordering and re-exports.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import override
from wagtail import blocks
from wagtail.models import Page

from content_pages.foundations.languages import localized_field_name, source_language
from content_pages.foundations.limits import BUTTON_LABEL_MAX
from content_pages.foundations.localized import is_empty
from content_pages.models import ArticlePage, CallToAction, EnquiryFormPage, Reference, Topic
from content_pages.reads.placeholders import Markup, to_translator_text
from content_pages.reads.streams import is_translatable_text

STREAMS = ("body", "aside")
RICH_NOTE = (
    "Rich text. Keep every <a1>…</a1>, <b1>…</b1> placeholder (links and formatting); blank lines separate paragraphs."
)


@dataclass
class Segment:
    id: str
    source: str
    translation: str
    note: str
    max_length: int | None
    markup: Markup | None  # rich text only
    owner: models.Model  # the page or snippet the text belongs to
    field: str  # model field (without language suffix)
    stream_path: tuple[str, ...] = ()  # (block id, child, [item id]) inside a StreamField
    url: str = ""
    # The source exists only in a draft that is not published yet: it may still change.
    unpublished: bool = False

    @property
    def source_hash(self) -> str:
        return text_hash(self.source)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _plain_or_rich(value: Any) -> tuple[str, Markup | None]:
    source = getattr(value, "source", None)
    if isinstance(source, str):
        markup = to_translator_text(source)
        return markup.text, markup
    return ("" if value is None else str(value)).strip(), None


def _model_field_segments(
    obj: models.Model, prefix: str, fields: dict[str, str], language: str, url: str
) -> Iterator[Segment]:
    for name, note in fields.items():
        source_value = getattr(obj, localized_field_name(name, source_language()), None)
        source, markup = _plain_or_rich(source_value)
        if not source:
            continue
        translation, _ = _plain_or_rich(getattr(obj, localized_field_name(name, language), None))
        field = obj._meta.get_field(localized_field_name(name, source_language()))
        max_length = BUTTON_LABEL_MAX if name == "button_label" else getattr(field, "max_length", None)
        yield Segment(
            id=f"{prefix}:{name}",
            source=source,
            translation=translation,
            note=note + (f" At most {max_length} characters." if max_length else ""),
            max_length=max_length,
            markup=markup,
            owner=obj,
            field=name,
            url=url,
        )


def _leaves(
    block: blocks.Block, value: Any, path: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], blocks.Block, Any]]:
    if isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            yield from _leaves(child, value.get(name) if value is not None else None, (*path, name))
    elif isinstance(block, blocks.ListBlock):
        for item in value.bound_blocks if value is not None else []:
            yield from _leaves(block.child_block, item.value, (*path, item.id))
    elif is_translatable_text(block):
        yield path, block, value


def _find(block: blocks.Block, value: Any, path: tuple[str, ...]) -> Any:
    for step in path:
        if value is None:
            return None
        if isinstance(block, blocks.StructBlock):
            block, value = block.child_blocks[step], value.get(step)
        elif isinstance(block, blocks.ListBlock):
            value = next((item.value for item in value.bound_blocks if item.id == step), None)
            block = block.child_block
    return value


def _stream_note(block_type: str, path: tuple[str, ...], max_length: int | None, rich: bool) -> str:
    """What the translator is looking at, and its limit: "Call to action (button label override)..."."""
    note = block_type.replace("_", " ").capitalize()
    if path and path[0] != "items":
        note += f" ({path[0].replace('_', ' ')})"
    note += "."
    if max_length:
        note += f" At most {max_length} characters"
        note += " (WhatsApp and Telegram buttons)." if path and path[-1] == "button_label_override" else "."
    return f"{note} {RICH_NOTE}" if rich else note


def _stream_segments(page: Page, name: str, language: str, url: str) -> Iterator[Segment]:
    translated = {child.id: child for child in getattr(page, localized_field_name(name, language)) or []}
    for child in getattr(page, localized_field_name(name, source_language())) or []:
        match = translated.get(child.id)
        for path, block, value in _leaves(child.block, child.value, ()):
            source, markup = _plain_or_rich(value)
            if not source:
                continue
            current = _find(child.block, match.value, path) if match and match.block_type == child.block_type else None
            translation, _ = _plain_or_rich(current)
            max_length = (
                BUTTON_LABEL_MAX
                if path and path[-1] == "button_label_override"
                else getattr(getattr(block, "field", None), "max_length", None)
            )
            yield Segment(
                id=":".join(["page", str(page.pk), name, child.id, *path]),
                source=source,
                translation=translation,
                note=_stream_note(child.block_type, path, max_length, markup is not None),
                max_length=max_length,
                markup=markup,
                owner=page,
                field=name,
                stream_path=(child.id, *path),
                url=url,
            )


PAGE_FIELDS = {
    "title": "Page title.",
    "seo_title": "Title for search engines.",
    "search_description": "Summary for search results.",
}
TYPE_FIELDS: dict[type[Page], dict[str, str]] = {
    ArticlePage: {"standfirst": "Standfirst: one or two sentences under the title."},
    EnquiryFormPage: {"intro": "Introduction. " + RICH_NOTE, "thank_you_text": "Shown after sending. " + RICH_NOTE},
}
CTA_FIELDS = {
    "heading": "Call to action heading.",
    "body": "Call to action text.",
    "button_label": "Button label (WhatsApp and Telegram buttons).",
    "whatsapp_message": "Message prefilled in the reader's WhatsApp when they tap the button.",
}


def _snippets_shown(page: ArticlePage) -> tuple[list[CallToAction], list[Reference], list[Topic]]:
    ctas: dict[int, CallToAction] = {}
    for name in STREAMS:
        for child in getattr(page, localized_field_name(name, source_language())) or []:
            if child.block_type == "cta" and child.value.get("cta") is not None:
                ctas.setdefault(child.value["cta"].pk, child.value["cta"])
    references = [link.reference for link in page.references.select_related("reference")]
    return list(ctas.values()), references, list(page.topics.all())


def page_segments(page: Page, language: str) -> list[Segment]:
    """Every segment of ``page`` (its latest revision) and the snippets it shows."""
    page = page.specific
    with override(language):
        # A path, not a full URL: PO references are "file:line", and a scheme's colon
        # would make tools misread them.
        url = page.get_url() or ""
    segments = list(_model_field_segments(page, f"page:{page.pk}", PAGE_FIELDS, language, url))
    fields = dict(TYPE_FIELDS.get(type(page), {}))
    if hasattr(page, "intro") and "intro" not in fields:
        fields["intro"] = "Introduction. " + RICH_NOTE
    segments += _model_field_segments(page, f"page:{page.pk}", fields, language, url)
    if isinstance(page, ArticlePage):
        for name in STREAMS:
            segments += _stream_segments(page, name, language, url)
        ctas, references, topics = _snippets_shown(page)
        for cta in ctas:
            segments += _model_field_segments(cta, f"cta:{cta.pk}", CTA_FIELDS, language, url)
        for reference in references:
            segments += _model_field_segments(
                reference,
                f"reference:{reference.pk}",
                {"lay_summary": "Plain-language summary of a study."},
                language,
                url,
            )
        for topic in topics:
            segments += _model_field_segments(topic, f"topic:{topic.pk}", {"name": "Topic name."}, language, url)
    if isinstance(page, EnquiryFormPage):
        for form_field in page.form_fields.all():
            segments += _model_field_segments(
                form_field,
                f"formfield:{form_field.pk}",
                {
                    "label": "Form field label.",
                    "help_text": "Help text under a form field.",
                    "choices": "Choices, one per line; keep the same number of lines.",
                },
                language,
                url,
            )
    return _deduplicated(segments)


def _deduplicated(segments: list[Segment]) -> list[Segment]:
    seen: dict[str, Segment] = {}
    for segment in segments:
        seen.setdefault(segment.id, segment)
    return list(seen.values())


def is_translated(segment: Segment) -> bool:
    return not is_empty(segment.translation)


SNIPPET_FIELDS: dict[type[models.Model], tuple[str, dict[str, str]]] = {
    CallToAction: ("cta", CTA_FIELDS),
    Reference: ("reference", {"lay_summary": "Plain-language summary of a study."}),
    Topic: ("topic", {"name": "Topic name."}),
}


def snippet_segments(obj: models.Model, language: str) -> list[Segment]:
    prefix, fields = SNIPPET_FIELDS[type(obj)]
    return list(_model_field_segments(obj, f"{prefix}:{obj.pk}", fields, language, ""))


UNPUBLISHED_NOTE = "Not yet published: this English text is in a draft that may still change in review."


def translatable_segments(page: Page, language: str) -> list[Segment]:
    """What a translator translates: the **live** source text, with the latest draft's
    translations; texts that exist only in a pending draft come last, marked unpublished.

    The live source is what readers see and what reviewers have signed off; a pending
    English draft may still change, but translators can start on its new texts early.
    """
    page = Page.objects.get(pk=page.pk).specific  # its live and latest revisions as stored now
    draft = page.get_latest_revision_as_object()
    drafted = page_segments(draft, language)
    if not page.live or page.live_revision_id is None:
        return [_marked_unpublished(segment) for segment in drafted]
    if page.latest_revision_id == page.live_revision_id and not page.has_unpublished_changes:
        return drafted
    live = {segment.id: segment for segment in page_segments(page.live_revision.as_object(), language)}
    in_draft = {segment.id: segment for segment in drafted}
    result = []
    for segment_id, segment in live.items():
        latest = in_draft.get(segment_id)
        if latest is not None:
            segment.translation = latest.translation
            segment.owner = latest.owner
        result.append(segment)
    result += [_marked_unpublished(segment) for segment_id, segment in in_draft.items() if segment_id not in live]
    return result


def _marked_unpublished(segment: Segment) -> Segment:
    segment.unpublished = True
    segment.note = f"{UNPUBLISHED_NOTE} {segment.note}".strip()
    return segment
