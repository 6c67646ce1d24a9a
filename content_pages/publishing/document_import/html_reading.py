"""Word and Markdown documents as elements, both through HTML and one walk over it.

mammoth (.docx) and markdown-it-py (.md) each turn the document into HTML, marking what
the document marks (a heading's level, a title, a quote, a list); ``html_blocks`` then
makes the same elements of either, so a Word heading and a Markdown one cannot come out
differently. What this reading keeps of the markup, and what it turns into text, is
``html_blocks``'s business.
"""

from __future__ import annotations

import io
import logging
from dataclasses import replace

import mammoth
from bs4 import Tag
from markdown_it import MarkdownIt

from content_pages.publishing.document_import.elements import DocumentRefused, Element
from content_pages.publishing.document_import.html_blocks import SUBTITLE_CLASS, TITLE_CLASS, html_blocks

logger = logging.getLogger(__name__)

LINE_ATTRIBUTE = "data-line"
_LIST_LEVELS = 5  # as deep as mammoth's own style map goes


def _list_rules() -> list[str]:
    """Lists nested as the document nests them, to the depth mammoth's own map goes.

    Word's "List Bullet 2" (and "List Number 3"…) number their paragraphs at the first
    level of a list of their own and show the depth by indenting, so their style says the
    level: those rules come first. Numbering then says it for every other paragraph,
    before "List Bullet" and "List Number" catch the paragraphs of a style without any.
    """
    styled, numbered = [], []
    for level in range(1, _LIST_LEVELS + 1):
        outer = "ul|ol > li > " * (level - 1)
        for list_tag, style, numbering in (("ul", "List Bullet", "unordered"), ("ol", "List Number", "ordered")):
            if level > 1:
                styled.append(f"p[style-name='{style} {level}'] => {outer}{list_tag} > li:fresh")
            numbered.append(f"p:{numbering}-list({level}) => {outer}{list_tag} > li:fresh")
    return [
        *styled,
        *numbered,
        "p[style-name='List Bullet'] => ul > li:fresh",
        "p[style-name='List Number'] => ol > li:fresh",
    ]


# mammoth uses the first rule that matches (style names in any case), its own defaults
# (bold, footnotes) after these.
# Headings come before the list rules, so a numbered heading ("1. Introduction") stays
# a heading; consecutive quote paragraphs share one blockquote, so they are one quote.
STYLE_MAP = "\n".join(
    [
        f"p[style-name='Title'] => h1.{TITLE_CLASS}:fresh",
        f"p[style-name='Subtitle'] => p.{SUBTITLE_CLASS}:fresh",
        *(f"p[style-name='Heading {level}'] => h{level}:fresh" for level in range(1, 7)),
        "p[style-name='Quote'] => blockquote > p:fresh",
        "p[style-name='Intense Quote'] => blockquote > p:fresh",
        *_list_rules(),
    ]
)


def _no_image(_image: object) -> list[object]:
    """Drop every image: mammoth's default would put it in the text as a base64 data URI."""
    return []


def read_docx(data: bytes) -> list[Element]:
    """A .docx (checked by ``files.document_kind`` first) as elements, "paragraph N" each.

    N counts the elements read, in document order: Word shows no paragraph numbers, and
    this count is the one the import's report can be held to.
    """
    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            style_map=STYLE_MAP,
            convert_image=_no_image,
            # A document may carry its own mammoth style map: this import reads every
            # document by the same rules.
            include_embedded_style_map=False,
        )
    except Exception as error:
        # mammoth reads XML in a ZIP written by any program; whatever it trips over, the
        # editor can do the same about it.
        logger.info("mammoth could not read a document", exc_info=True)
        raise DocumentRefused(
            "The Word document could not be read (it may be damaged): open it in Word, save it again and upload it."
        ) from error
    for message in result.messages:
        logger.debug("mammoth %s: %s", message.type, message.message)
    blocks = html_blocks(result.value)
    return [replace(element, where=f"paragraph {number}") for number, (_, element) in enumerate(blocks, 1)]


def read_markdown(text: str) -> list[Element]:
    """Markdown (CommonMark) as elements, each with the line its block starts on.

    Raw HTML in the Markdown is not markup: it comes out as the text it is, so a pasted
    ``<script>`` is seen, and never run.
    """
    markdown = MarkdownIt("commonmark", {"html": False})
    tokens = markdown.parse(text)
    for token in tokens:
        if token.level == 0 and token.map and token.nesting >= 0:
            token.attrSet(LINE_ATTRIBUTE, str(token.map[0] + 1))
    html = markdown.renderer.render(tokens, markdown.options, {})
    return [replace(element, where=_line(tag)) for tag, element in html_blocks(html)]


def _line(tag: Tag) -> str:
    """The line a top-level block starts on; a code fence carries it on its inner ``<code>``."""
    marked = tag if tag.has_attr(LINE_ATTRIBUTE) else tag.select_one(f"[{LINE_ATTRIBUTE}]")
    if marked is None:
        return ""
    return f"line {marked.get(LINE_ATTRIBUTE)}"
