"""Extract: every translatable text of a page, and of the snippets it shows, as segments
with stable ids.

A segment id (the PO ``msgctxt``) names the object, the field and, inside a StreamField,
the block id and child or list item id: ``page:6:body:<block id>:items:<item id>``,
``cta:3:button_label``, ``contributor:2:role``. Ids survive edits, reordering and
re-exports. The object part (``object_label``: ``page:6``, ``cta:3``) is also how the
writer's messages name a page or snippet, so a problem and the entry it is about agree.

Inside a StreamField, what is translated, its limit and whether it is a chat button are
what the blocks declare (``blocks.tree``: ``translatable = False``, ``text_parts``); the
writer sets the texts back along the same paths (``blocks.tree.StoredStream``).

Which fields are exported is not listed here: it is every translator-text field in
modeltranslation's registry (``foundations/translated_fields.py``), of the page, of its
inline children (form fields) and of the snippets it shows (calls to action, references,
topics, author and medical reviewer). This module only adds how each field is presented
to translators (``NOTES``, ``MAX_LENGTHS``); a registered field with no note is exported
with a note made from its model and label.
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import override
from modelcluster.models import get_all_child_relations
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from content_pages.blocks.cta import CallToActionBlock
from content_pages.blocks.tree import Leaf, find, text_leaves
from content_pages.foundations import translated_fields
from content_pages.foundations.languages import localized_field_name, source_language
from content_pages.foundations.limits import BUTTON_LABEL_MAX
from content_pages.foundations.localized import is_empty
from content_pages.foundations.lookups import remembered
from content_pages.foundations.translator_text import Markup, to_translator_text
from content_pages.models import (
    ArticleIndexPage,
    ArticlePage,
    CallToAction,
    Contributor,
    EnquiryFormField,
    EnquiryFormPage,
    HomePage,
    Reference,
    Topic,
)
from content_pages.models.mixins import MedicalReviewMixin
from content_pages.reads.page_versions import PageVersions, load_versions

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
    # Chat apps show the text as a button (WhatsApp and Telegram): a call to action's label.
    chat_button: bool = False

    @property
    def source_hash(self) -> str:
        return text_hash(self.source)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _plain_or_rich(value: Any, rich: bool = False) -> tuple[str, Markup | None]:
    """Plain text as is; rich text (a stream's ``RichText``, or the HTML string of a
    ``RichTextField``: ``rich``) as translator text with placeholders, never raw HTML."""
    source = getattr(value, "source", None)
    if isinstance(source, str):
        markup = to_translator_text(source)
        return markup.text, markup
    if rich and isinstance(value, str) and value.strip():
        markup = to_translator_text(value)
        return markup.text, markup
    return ("" if value is None else str(value)).strip(), None


# How each translated field is presented to translators, looked up along the model's
# bases. Which fields are exported comes from modeltranslation's registry, not from here:
# a registered field missing below is still exported, with ``_default_note``.
NOTES: dict[tuple[type[models.Model], str], str] = {
    (Page, "title"): "Page title.",
    (Page, "seo_title"): "Title for search engines.",
    (Page, "search_description"): "Summary for search results.",
    (HomePage, "intro"): "Introduction. " + RICH_NOTE,
    (ArticleIndexPage, "intro"): "Introduction. " + RICH_NOTE,
    (ArticlePage, "standfirst"): "Standfirst: one or two sentences under the title.",
    (EnquiryFormPage, "intro"): "Introduction. " + RICH_NOTE,
    (EnquiryFormPage, "thank_you_text"): "Shown after sending. " + RICH_NOTE,
    (EnquiryFormField, "label"): "Form field label.",
    (EnquiryFormField, "help_text"): "Help text under a form field.",
    (EnquiryFormField, "choices"): "Choices, one per line; keep the same number of lines.",
    (CallToAction, "heading"): "Call to action heading.",
    (CallToAction, "body"): "Call to action text.",
    (CallToAction, "button_label"): "Button label (WhatsApp and Telegram buttons).",
    (CallToAction, "whatsapp_message"): "Message prefilled in the reader's WhatsApp when they tap the button.",
    (Reference, "lay_summary"): "Plain-language summary of a study.",
    (Topic, "name"): "Topic name.",
    (Contributor, "role"): "Role of the author or medical reviewer, shown under their name.",
}
# Limits stricter than the column's own max_length.
MAX_LENGTHS: dict[tuple[type[models.Model], str], int] = {
    (CallToAction, "button_label"): BUTTON_LABEL_MAX,
}
# Fields that chat apps show as buttons (in a stream, the blocks say so: ``TextPart``).
CHAT_BUTTONS: dict[tuple[type[models.Model], str], bool] = {
    (CallToAction, "button_label"): True,
}
# Segment id prefixes that differ from the model's name, kept as first exported so that
# existing PO files and translation records stay valid (``reference``, ``topic`` and
# ``contributor`` are their models' names).
ID_PREFIXES: dict[type[models.Model], str] = {
    Page: "page",
    CallToAction: "cta",
    EnquiryFormField: "formfield",
}


def _presentation(table: dict[tuple[type[models.Model], str], Any], obj: models.Model, name: str) -> Any:
    return next((table[(cls, name)] for cls in type(obj).__mro__ if (cls, name) in table), None)


def _default_note(obj: models.Model, name: str) -> str:
    """A note for a registered field nobody wrote one for: "Contributor: role. <help text>"."""
    field = obj._meta.get_field(name)
    note = f"{capfirst(obj._meta.verbose_name)}: {getattr(field, 'verbose_name', name)}."
    help_text = str(getattr(field, "help_text", "") or "")
    if help_text:
        note += f" {help_text}"
    return f"{note} {RICH_NOTE}" if isinstance(field, RichTextField) else note


def object_label(obj: models.Model) -> str:
    """How segment ids and messages name a page or snippet: ``page:6``, ``cta:3``."""
    prefix = next((ID_PREFIXES[cls] for cls in type(obj).__mro__ if cls in ID_PREFIXES), obj._meta.model_name)
    return f"{prefix}:{obj.pk}"


def _stream_fields(obj: models.Model) -> list[str]:
    """The translator-text fields of ``obj`` that are StreamFields: exported block by block."""
    return [
        name for name in translated_fields.translator_fields(obj) if isinstance(obj._meta.get_field(name), StreamField)
    ]


def _model_field_segments(obj: models.Model, language: str, url: str) -> Iterator[Segment]:
    """The plain and rich text fields of ``obj`` that the registry names as translator text."""
    prefix = object_label(obj)
    streams = _stream_fields(obj)
    for name in translated_fields.translator_fields(obj):
        if name in streams:
            continue
        field = obj._meta.get_field(localized_field_name(name, source_language()))
        rich = isinstance(field, RichTextField)
        source_value = getattr(obj, localized_field_name(name, source_language()), None)
        source, markup = _plain_or_rich(source_value, rich)
        if not source:
            continue
        translation, _ = _plain_or_rich(getattr(obj, localized_field_name(name, language), None), rich)
        max_length = _presentation(MAX_LENGTHS, obj, name) or getattr(field, "max_length", None)
        note = _presentation(NOTES, obj, name) or _default_note(obj, name)
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
            chat_button=bool(_presentation(CHAT_BUTTONS, obj, name)),
        )


def _stream_note(block_type: str, leaf: Leaf, rich: bool) -> str:
    """What the translator is looking at, and its limit: "Call to action (button label override)..."."""
    path, max_length = leaf.path, leaf.max_length
    note = block_type.replace("_", " ").capitalize()
    if path and path[0] != "items":
        note += f" ({path[0].replace('_', ' ')})"
    note += "."
    if max_length:
        note += f" At most {max_length} characters"
        note += " (WhatsApp and Telegram buttons)." if leaf.part.chat_button else "."
    return f"{note} {RICH_NOTE}" if rich else note


def _stream_segments(page: Page, name: str, language: str, url: str) -> Iterator[Segment]:
    translated = {child.id: child for child in getattr(page, localized_field_name(name, language)) or []}
    for child in getattr(page, localized_field_name(name, source_language())) or []:
        match = translated.get(child.id)
        for leaf in text_leaves(child.block, child.value):
            source, markup = _plain_or_rich(leaf.value)
            if not source:
                continue
            current = (
                find(child.block, match.value, leaf.path) if match and match.block_type == child.block_type else None
            )
            translation, _ = _plain_or_rich(current)
            yield Segment(
                id=":".join([object_label(page), name, child.id, *leaf.path]),
                source=source,
                translation=translation,
                note=_stream_note(child.block_type, leaf, markup is not None),
                max_length=leaf.max_length,
                markup=markup,
                owner=page,
                field=name,
                stream_path=(child.id, *leaf.path),
                url=url,
                chat_button=leaf.part.chat_button,
            )


def snippets_shown(page: Page) -> list[models.Model]:
    """The snippets whose texts a page shows: calls to action chosen in its streams, and an
    article's references, topics, author and medical reviewer (the live rows).

    The same in every language: within a unit of work (``shared_lookups``) read once per
    page object, which pins the version (a successor at the object's address is read anew)."""
    pinned, shown = remembered(("snippets_shown", id(page)), lambda: (page, _snippets_shown(page)))
    return list(shown) if pinned is page else _snippets_shown(page)


def _snippets_shown(page: Page) -> list[models.Model]:
    shown: list[models.Model] = []
    for name in _stream_fields(page):
        for child in getattr(page, localized_field_name(name, source_language())) or []:
            if isinstance(child.block, CallToActionBlock) and child.value.get("cta") is not None:
                shown.append(child.value["cta"])
    if isinstance(page, ArticlePage):
        shown += [link.reference for link in page.references.select_related("reference")]
        shown += list(page.topics.all())
    if isinstance(page, MedicalReviewMixin):
        shown += [contributor for contributor in (page.author, page.medical_reviewer) if contributor is not None]
    return shown


def _translated_children(page: Page) -> list[models.Model]:
    """Inline children with translated fields, translated with the page (form fields)."""
    return [
        child
        for relation in get_all_child_relations(page)
        if translated_fields.is_translated(relation.related_model)
        for child in getattr(page, relation.get_accessor_name()).all()
    ]


def _page_url(page: Page, language: str) -> str:
    with override(language):
        # A path, not a full URL: PO references are "file:line", and a scheme's colon
        # would make tools misread them.
        return page.get_url() or ""


def own_segments(page: Page, language: str) -> list[Segment]:
    """The segments of the page itself (its fields and streams, as given), without the
    snippets it shows: what a reader-facing stale path can point at."""
    page = page.specific
    url = _page_url(page, language)
    segments = list(_model_field_segments(page, language, url))
    for name in _stream_fields(page):
        segments += _stream_segments(page, name, language, url)
    return segments


def page_segments(page: Page, language: str) -> list[Segment]:
    """Every segment of ``page`` (the version given) and of the snippets it shows."""
    page = page.specific
    url = _page_url(page, language)
    segments = own_segments(page, language)
    for obj in [*snippets_shown(page), *_translated_children(page)]:
        segments += _model_field_segments(obj, language, url)
    return _deduplicated(segments)


def _deduplicated(segments: list[Segment]) -> list[Segment]:
    seen: dict[str, Segment] = {}
    for segment in segments:
        seen.setdefault(segment.id, segment)
    return list(seen.values())


def is_translated(segment: Segment) -> bool:
    return not is_empty(segment.translation)


def snippet_segments(obj: models.Model, language: str) -> list[Segment]:
    """The segments of one snippet (any object with translated fields), with no page URL;
    none for an object whose model has no translated field."""
    return list(_model_field_segments(obj, language, ""))


UNPUBLISHED_NOTE = "Not yet published: this English text is in a draft that may still change in review."


def translatable_segments(page: Page, language: str) -> list[Segment]:
    """What a translator translates: the **live** source text, with the latest draft's
    translations; texts that exist only in a pending draft come last, marked unpublished.

    The live source is what readers see and what reviewers have signed off; a pending
    English draft may still change, but translators can start on its new texts early.
    """
    versions = load_versions([page.pk]).get(page.pk)
    if versions is None:
        raise Page.DoesNotExist(f"No page with id {page.pk}.")
    return versioned_segments(versions, language)


def versioned_segments(versions: PageVersions, language: str) -> list[Segment]:
    """``translatable_segments`` of a page whose versions are already loaded (``load_versions``,
    one query per kind for a whole PO file); a page segment's owner is ``versions.draft``."""
    drafted = page_segments(versions.draft, language)
    if versions.unpublished:
        return _with_snippet_drafts([_marked_unpublished(segment) for segment in drafted], language)
    if versions.live is None:
        return _with_snippet_drafts(drafted, language)
    live = {segment.id: segment for segment in page_segments(versions.live, language)}
    in_draft = {segment.id: segment for segment in drafted}
    result = []
    for segment_id, segment in live.items():
        latest = in_draft.get(segment_id)
        if latest is not None:
            segment.translation = latest.translation
            segment.owner = latest.owner
        result.append(segment)
    result += [_marked_unpublished(segment) for segment_id, segment in in_draft.items() if segment_id not in live]
    return _with_snippet_drafts(result, language)


def _with_snippet_drafts(segments: list[Segment], language: str) -> list[Segment]:
    """A snippet's texts with its latest draft's translations, as a page's are: what a
    translator saved for a call to action or a reference shows as saved, not as missing,
    until it is published. Snippets with no unpublished changes cost nothing."""
    drafts: dict[Hashable, dict[str, str]] = {}
    for segment in segments:
        owner = segment.owner
        if isinstance(owner, Page) or not getattr(owner, "has_unpublished_changes", False):
            continue
        # Once per draft and language here, and in a whole unit of work (a PO export of
        # many pages) as well.
        key = ("snippet-draft-texts", owner._meta.label, owner.pk, getattr(owner, "latest_revision_id", None), language)
        if key not in drafts:
            drafts[key] = remembered(key, partial(_draft_translations, owner, language))
        translation = drafts[key].get(segment.id)
        if translation is not None:
            segment.translation = translation
    return segments


def _draft_translations(owner: models.Model, language: str) -> dict[str, str]:
    draft = owner.get_latest_revision_as_object()  # type: ignore[attr-defined]  # a DraftStateMixin snippet
    return {found.id: found.translation for found in snippet_segments(draft, language)}


def _marked_unpublished(segment: Segment) -> Segment:
    segment.unpublished = True
    segment.note = f"{UNPUBLISHED_NOTE} {segment.note}".strip()
    return segment
