"""A .txt document as elements: blocks between blank lines, list items by their markers.

A text file marks nothing but line breaks, so every heading here is a guess from the
line's shape (``line_shape``) and carries a ``doubt`` for the report. The reader never
drops or rewrites a word: it only joins a block's lines, removes list markers and
collapses runs of ASCII spaces and tabs, so what the structure stage gets is the author's
text; a no-break space ("10 mg"), a thin or an ideographic space stays as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from content_pages.publishing.document_import.elements import Element
from content_pages.publishing.document_import.line_shape import (
    HEADING_QUESTION,
    HEADING_SHAPE,
    SHORT_QUESTION,
    LineShape,
    line_shape,
)

_SPACES = re.compile(r"[ \t\f]+")
_BULLET = re.compile(r"[•·\-*–▪◦]")
_NUMBER = re.compile(r"[0-9]{1,3}[.)]|[A-Za-z]\)")

_DOUBTS = {
    LineShape.HEADING: HEADING_SHAPE,
    LineShape.QUESTION_HEADING: HEADING_QUESTION,
    LineShape.SHORT_QUESTION: SHORT_QUESTION,
    LineShape.SENTENCE: "",
}


def read_plain_text(text: str) -> list[Element]:
    """The document's blocks in order. Headings have level 0, the mark of a guess: which
    one is the title, and which are calls to action, the structure stage decides."""
    reader = _Reader()
    for number, line in enumerate(_lines(text), start=1):
        reader.line(number, line)
    return reader.finish()


def _lines(text: str) -> list[str]:
    """Lines with their runs of spaces, tabs and form feeds collapsed; only a line break
    (in any convention) ends a line. A line of nothing but whitespace of any kind (a
    no-break space) is blank: a reader sees nothing there. Other characters, a line
    separator (U+2028) among them, are kept as written."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = [_SPACES.sub(" ", line).strip(" ") for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return ["" if line.isspace() else line for line in lines]


def _list_marker(line: str) -> tuple[str, bool] | None:
    """(the item's text, ordered), or None. The marker must be a word of its own with
    text after it, so a line opening with "-5 °C" or "*emphasis*" stays prose."""
    first, _, rest = line.partition(" ")
    if not rest or rest.isspace():
        return None
    if _BULLET.fullmatch(first):
        return rest, False
    if _NUMBER.fullmatch(first):
        return rest, True
    return None


@dataclass
class _List:
    ordered: bool
    where: str
    items: list[str] = field(default_factory=list)


class _Reader:
    """Walks the lines once; a list stays open across blank lines until a block that
    does not start with a marker of its kind, as a list typed with a blank line between
    items is still one list."""

    def __init__(self) -> None:
        self.elements: list[Element] = []
        self.open_list: _List | None = None
        self.paragraph: list[tuple[int, str]] = []
        self.in_item = False

    def line(self, number: int, line: str) -> None:
        if not line:
            self._end_block()
            return
        marked = _list_marker(line)
        if marked is not None:
            self._item(number, *marked)
        elif self.in_item and self.open_list is not None:
            # A wrapped item: the next line of the same block continues it.
            self.open_list.items[-1] = f"{self.open_list.items[-1]} {line}"
        else:
            self.paragraph.append((number, line))

    def finish(self) -> list[Element]:
        self._end_block()
        self._close_list()
        return self.elements

    def _item(self, number: int, text: str, ordered: bool) -> None:
        self._flush_paragraph()
        if self.open_list is not None and self.open_list.ordered != ordered:
            self._close_list()
        if self.open_list is None:
            self.open_list = _List(ordered=ordered, where=f"line {number}")
        self.open_list.items.append(text)
        self.in_item = True

    def _end_block(self) -> None:
        self._flush_paragraph()
        self.in_item = False

    def _flush_paragraph(self) -> None:
        if not self.paragraph:
            return
        self._close_list()
        lines = self.paragraph
        self.paragraph = []
        if len(lines) == 1 or all(line_shape(line) is LineShape.HEADING for _, line in lines):
            # A stack of short unpunctuated lines ("Name", "Email", "Message") is a list
            # of labels, not a wrapped paragraph, whose last line would end a sentence.
            self.elements.extend(_single_line(line, f"line {number}") for number, line in lines)
            return
        text = " ".join(line for _, line in lines)
        self.elements.append(Element(kind="paragraph", text=text, where=f"line {lines[0][0]}"))

    def _close_list(self) -> None:
        if self.open_list is None:
            return
        items = tuple(self.open_list.items)
        self.elements.append(
            Element(
                kind="list",
                text="\n".join(items),
                items=items,
                ordered=self.open_list.ordered,
                where=self.open_list.where,
            )
        )
        self.open_list = None


def _single_line(text: str, where: str) -> Element:
    shape = line_shape(text)
    if shape in {LineShape.HEADING, LineShape.QUESTION_HEADING}:
        return Element(kind="heading", text=text, where=where, doubt=_DOUBTS[shape])
    return Element(kind="paragraph", text=text, where=where, doubt=_DOUBTS[shape])
