"""Word and Markdown documents as elements, both through HTML and one walk over it.

mammoth (.docx) and markdown-it-py (.md, ``markdown_reading``) each turn the document
into HTML, marking what the document marks (a heading's level, a title, a quote, a list);
``html_blocks`` then makes the same elements of either, so a Word heading and a Markdown
one cannot come out differently. What this reading keeps of the markup, and what it turns
into text, is ``html_blocks``'s business; what Word marks that mammoth would not show
(tracked changes, hidden text) has refused the document before (``word_marks``).
"""

from __future__ import annotations

import io
import logging
from dataclasses import replace

import mammoth
import mammoth.images

from content_pages.publishing.document_import.elements import DocumentRefused, Element
from content_pages.publishing.document_import.html_blocks import SUBTITLE_CLASS, TITLE_CLASS, html_blocks
from content_pages.publishing.document_import.markdown_reading import read_markdown

__all__ = ["STYLE_MAP", "read_docx", "read_markdown"]

logger = logging.getLogger(__name__)

TOO_DEEP = (
    "The Word document is nested too deeply to import (tables within tables, many levels deep): "
    "put their content in fewer levels, save it and upload it again."
)
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
# (bold, strikethrough, superscript, footnotes) after these.
# Headings come before the list rules, so a numbered heading ("1. Introduction") stays
# a heading; consecutive quote paragraphs share one blockquote, so they are one quote. A
# comment's marker is written (mammoth's default leaves it out), for ``html_blocks`` to
# note the comment where it was.
STYLE_MAP = "\n".join(
    [
        "comment-reference => sup",
        f"p[style-name='Title'] => h1.{TITLE_CLASS}:fresh",
        f"p[style-name='Subtitle'] => p.{SUBTITLE_CLASS}:fresh",
        *(f"p[style-name='Heading {level}'] => h{level}:fresh" for level in range(1, 7)),
        "p[style-name='Quote'] => blockquote > p:fresh",
        "p[style-name='Intense Quote'] => blockquote > p:fresh",
        *_list_rules(),
    ]
)


def _image_alt(_image: object) -> dict[str, str]:
    """An image as its alt text alone (mammoth adds ``alt``): ``html_blocks`` notes it was
    left out, quoting that, where mammoth's default would put it in the text as a base64
    data URI. The image's bytes are never read."""
    return {}


def read_docx(data: bytes) -> list[Element]:
    """A .docx (checked by ``files.document_kind`` first) as elements, "paragraph N" each.

    N counts the elements read, in document order: Word shows no paragraph numbers, and
    this count is the one the import's report can be held to. Tables within tables, or
    anything else nested past Python's recursion limit, refuse the document.
    """
    try:
        blocks = html_blocks(_word_html(data))
    except RecursionError:
        raise DocumentRefused(TOO_DEEP) from None
    return [replace(element, where=f"paragraph {number}") for number, (_, element) in enumerate(blocks, 1)]


def _word_html(data: bytes) -> str:
    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            style_map=STYLE_MAP,
            convert_image=mammoth.images.img_element(_image_alt),
            # A document may carry its own mammoth style map: this import reads every
            # document by the same rules.
            include_embedded_style_map=False,
        )
    except RecursionError:
        raise
    except Exception as error:
        # mammoth reads XML in a ZIP written by any program; whatever it trips over, the
        # editor can do the same about it.
        logger.info("mammoth could not read a document", exc_info=True)
        raise DocumentRefused(
            "The Word document could not be read (it may be damaged): open it in Word, save it again and upload it."
        ) from error
    for message in result.messages:
        logger.debug("mammoth %s: %s", message.type, message.message)
    return str(result.value)
