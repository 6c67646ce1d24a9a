"""The one walk from a document's HTML to elements, shared by the Word and Markdown readers.

Whatever an article cannot hold as it is (a table, a nested list, footnotes, and what
``html_inline`` notes within a block) is kept as text, or left out when it is not text,
and the element says so in ``doubt``, so the editor is told rather than losing it
silently. A block with nothing to hold a note (a paragraph that is only an image) passes
it to the next element, or the last. A paragraph keeps bold, italic and web links,
nothing else: the markup is rebuilt from the text, escaped, and cleaned once more by the
import's allowlist.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from bs4 import BeautifulSoup
from bs4.element import Tag

from content_pages.foundations.sanitising import imported_inline_html
from content_pages.publishing.document_import.elements import Element, ElementKind
from content_pages.publishing.document_import.html_inline import (
    HEADINGS,
    LISTS,
    NOTE_BACKLINKS,
    SKIPPED,
    Context,
    Inline,
    Notes,
    render,
)

TITLE_CLASS = "doc-title"
SUBTITLE_CLASS = "doc-subtitle"
CELL_SEPARATOR = " — "
TABLE_DOUBT = "a table was kept as text"
NESTED_LIST_DOUBT = "a nested list was flattened"
CODE_DOUBT = "a code block was kept as text"
NOTES_DOUBT = (
    "the footnotes and endnotes, kept as a list at the end: their numbers are lost, and the [1], [2] in the "
    "text refer to the items in order"
)
NOTE_IDS = ("footnote-", "endnote-")
COMMENT_ID = "comment-"
BEFORE = "just before this"
AFTER = "just after this"


def html_blocks(html: str) -> list[tuple[Tag, Element]]:
    """Each element with the top-level tag it came from, for the reader to say where."""
    soup = BeautifulSoup(html, "html.parser")
    comments = _take_comments(soup)
    found: list[tuple[Tag, Element]] = []
    stray = Notes()
    for tag in soup.find_all(recursive=False):
        elements, notes = _block(tag, comments)
        if elements:
            first = elements[0]
            before = (f"{note}, {BEFORE}" for note in stray.summary())
            elements[0] = replace(first, doubt="").with_doubt(*before, first.doubt)
            stray = Notes()
            found.extend((tag, element) for element in elements)
        for note in notes:
            stray.add(note)
    if found:
        tag, last = found[-1]
        found[-1] = (tag, last.with_doubt(*(f"{note}, {AFTER}" for note in stray.summary())))
    return found


def _take_comments(soup: BeautifulSoup) -> dict[str, str]:
    """mammoth's list of Word comments (``dl``, each ``dt id="comment-0"``), taken out of the
    document: the comments' text for the notes where they are referred to."""
    comments: dict[str, str] = {}
    for listing in soup.find_all("dl", recursive=False):
        terms = listing.find_all("dt")
        if not terms or not all(str(term.get("id", "")).startswith(COMMENT_ID) for term in terms):
            continue
        for term in terms:
            body = term.find_next_sibling("dd")
            if isinstance(body, Tag):
                for backlink in body.select(", ".join(f'a[href^="{prefix}"]' for prefix in NOTE_BACKLINKS)):
                    backlink.decompose()
                comments[str(term["id"])] = " ".join(body.get_text(" ").split())
        listing.decompose()
    return comments


def _block(tag: Tag, comments: dict[str, str]) -> tuple[list[Element], list[str]]:
    """The elements of one top-level tag, and the notes no element of it holds."""
    name = tag.name
    if name in SKIPPED:
        return [], []
    if name in LISTS:
        return _list(tag, comments)
    if name == "table":
        return _table(tag, comments)
    kind, context = _kind(tag, comments)
    text, html, notes = _inline(tag, context)
    if not text:
        return [], notes
    element = Element(
        kind=kind,
        text=text,
        html=html if context.markup else "",
        level=HEADINGS[name] if kind == "heading" else 0,
    )
    return [element.with_doubt(CODE_DOUBT if name == "pre" else "", *notes)], []


def _kind(tag: Tag, comments: dict[str, str]) -> tuple[ElementKind, Context]:
    """What a block of text is, and what it keeps: a title or a heading its text only."""
    name = tag.name
    if name in HEADINGS or (name == "p" and _has_class(tag, SUBTITLE_CLASS)):
        heading = Context(markup=False, place="a heading", comments=comments)
        if name == "p":
            return "subtitle", heading
        return ("title" if _has_class(tag, TITLE_CLASS) else "heading"), heading
    if name == "blockquote":
        return "quote", Context(markup=True, place="a quote", lost_emphasis=True, comments=comments)
    return "paragraph", Context(markup=True, comments=comments)


def _list(tag: Tag, comments: dict[str, str]) -> tuple[list[Element], list[str]]:
    items: list[str] = []
    notes = Notes()
    nested = False
    footnotes = False
    context = Context(markup=False, place="a list item", lost_emphasis=True, comments=comments)
    for item in tag.find_all("li"):
        if item.find_parent(["ul", "ol"]) is not tag:
            nested = True
        footnotes = footnotes or str(item.get("id", "")).startswith(NOTE_IDS)
        text, _, item_notes = _render_inline(item, context, skip=LISTS)
        notes.extend(item_notes)
        if text:
            items.append(text)
    if not items:
        return [], notes.summary()
    element = Element(kind="list", text="\n".join(items), items=tuple(items), ordered=tag.name == "ol")
    doubts = (NOTES_DOUBT if footnotes else "", NESTED_LIST_DOUBT if nested else "", *notes.summary())
    return [element.with_doubt(*doubts)], []


def _table(table: Tag, comments: dict[str, str]) -> tuple[list[Element], list[str]]:
    """One paragraph per row: an article has no tables, and a row read across is its sense."""
    elements: list[Element] = []
    stray = Notes()
    context = Context(markup=True, comments=comments)
    for row in _rows(table):
        cells = [_render_inline(cell, context) for cell in row.find_all(("td", "th"), recursive=False)]
        notes = Notes()
        for _, _, cell_notes in cells:
            notes.extend(cell_notes)
        filled = [(text, html) for text, html, _ in cells if text]
        if not filled:
            stray.extend(notes)
            continue
        element = Element(
            kind="paragraph",
            text=CELL_SEPARATOR.join(text for text, _ in filled),
            html=CELL_SEPARATOR.join(html for _, html in filled),
        )
        before = (f"{note}, {BEFORE}" for note in stray.summary())
        elements.append(element.with_doubt(TABLE_DOUBT, *before, *notes.summary()))
        stray = Notes()
    return elements, stray.summary()


def _rows(table: Tag) -> Iterator[Tag]:
    for row in table.find_all("tr"):
        if row.find_parent("table") is table:  # a table in a cell is read as part of that cell's text
            yield row


def _inline(tag: Tag, context: Context) -> tuple[str, str, list[str]]:
    text, html, notes = _render_inline(tag, context)
    return text, html, notes.summary()


def _render_inline(tag: Tag, context: Context, skip: frozenset[str] = frozenset()) -> tuple[str, str, Notes]:
    """A block's plain text, its inline HTML (``<b>``, ``<i>``, ``<a href>``) and its notes.

    A block that is only whitespace of any kind (a Word paragraph of one no-break space)
    has no text: a reader would see nothing there.
    """
    out = Inline()
    render(tag, out, context, skip)
    text = "".join(out.text)
    if text.isspace():
        return "", "", out.notes
    return text, imported_inline_html("".join(out.html)), out.notes


def _has_class(tag: Tag, name: str) -> bool:
    return name in tag.get_attribute_list("class")
