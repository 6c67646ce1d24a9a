"""The readability of an article's body in one language, as its readers get it.

What is scored is the prose of the localized body stream (the same stream, with the
same per-leaf fallbacks, that the website, the API and the messaging channels show):
paragraphs, section headings, bullet-list items and callout texts. Calls to action,
enquiry forms, images, callout attributions and references are not prose the article
is written in, and are left out.

A text served from a fallback language is never scored under the requested language's
formula: only the leaves the requested language itself served are scored. A language
without a formula is unsupported whatever its text (``foundations.readability``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wagtail import blocks
from wagtail.rich_text import RichText

from content_pages.blocks import BulletListBlock, CalloutBlock, ParagraphBlock, SectionHeadingBlock
from content_pages.blocks.tree import text_leaves
from content_pages.foundations.readability import UNSUPPORTED, Readability, is_supported, readability
from content_pages.reads.streams import LocalizedBlock, LocalizedStream
from content_pages.rendering.channels.text import paragraphs_from_html, plain

# Block type -> the first step of the text leaves that are its prose; () is the block itself.
READABLE_LEAVES: dict[type[blocks.Block], tuple[str, ...]] = {
    ParagraphBlock: (),
    SectionHeadingBlock: ("text",),
    BulletListBlock: ("items",),
    CalloutBlock: ("text",),
}

_SENTENCE_END = re.compile(r"[.!?…。！？]['\"’”)\]]*$")


def _readable_steps(block: blocks.Block) -> tuple[str, ...] | None:
    for cls in type(block).__mro__:
        if cls in READABLE_LEAVES:
            return READABLE_LEAVES[cls]
    return None


def _units(value: object) -> list[str]:
    """A leaf's text as units that each read as one sentence or more: paragraphs, lines."""
    if isinstance(value, RichText):
        return [plain(runs) for runs in paragraphs_from_html(value.source)]
    return [line.strip() for line in str(value or "").splitlines()]


def _as_sentence(unit: str) -> str:
    # A heading or a list item is a unit of its own: without a full stop, textstat's
    # sentence count would run it into the next sentence.
    return unit if _SENTENCE_END.search(unit) else f"{unit}."


def _block_units(item: LocalizedBlock, language: str) -> Iterator[str]:
    steps = _readable_steps(item.block)
    if steps is None:
        return
    for leaf in text_leaves(item.block, item.value):
        if steps and leaf.path[:1] != steps:
            continue
        path = ".".join((item.path, *leaf.path))
        if item.served_by.get(path, language) != language:
            continue  # served from a fallback language: not this language's text
        for unit in _units(leaf.value):
            if unit:
                yield _as_sentence(unit)


def readable_text(stream: LocalizedStream) -> str:
    """The body's prose in the stream's language, leaves served from a fallback left out."""
    return "\n".join(unit for item in stream.blocks for unit in _block_units(item, stream.language))


def stream_readability(stream: LocalizedStream) -> Readability:
    if not is_supported(stream.language):
        return UNSUPPORTED
    return readability(readable_text(stream), stream.language)
