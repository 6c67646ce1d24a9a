"""The one walk from a document's HTML to elements, shared by the Word and Markdown readers.

Whatever an article cannot hold as it is (a table, a nested list) is kept as text and
the element says so in ``doubt``, so the editor is told rather than losing it silently.
A paragraph keeps bold, italic and web links, nothing else: the markup is rebuilt from
the text, escaped, and cleaned once more by the import's allowlist.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import escape
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from bs4.element import NavigableString, PreformattedString, Tag

from content_pages.foundations.sanitising import LINK_SCHEMES, imported_inline_html
from content_pages.publishing.document_import.elements import Element

TITLE_CLASS = "doc-title"
SUBTITLE_CLASS = "doc-subtitle"
CELL_SEPARATOR = " — "
TABLE_DOUBT = "a table was kept as text"
NESTED_LIST_DOUBT = "a nested list was flattened"
CODE_DOUBT = "a code block was kept as text"

HEADINGS = {f"h{level}": level for level in range(1, 7)}
LISTS = frozenset({"ul", "ol"})
SKIPPED = frozenset({"hr", "img", "script", "style", "template"})
# Tags that end a run of text: their neighbours are separate words.
BREAKS = frozenset({"br", "p", "li", "td", "th", "tr", "div", "blockquote", "pre", *HEADINGS, *LISTS})
INLINE_TAGS = {"b": "b", "strong": "b", "i": "i", "em": "i"}

_WHITESPACE = re.compile(r"(\s+)")


class _Inline:
    """A block's text and inline HTML, built together, whitespace collapsed across tags.

    A space between words goes before the tags opened since the last word, so
    ``plain <b>bold</b>`` never becomes ``plain<b> bold</b>``; none is kept at either end.
    """

    def __init__(self) -> None:
        self.text: list[str] = []
        self.html: list[str] = []
        self._space = False
        self._just_opened = 0  # opening tags at the end of ``html``, no text after them yet

    def add_text(self, value: str) -> None:
        for part in _WHITESPACE.split(value):
            if not part:
                continue
            if part.isspace():
                self._space = True
                continue
            if self._space and self.text:
                self.text.append(" ")
                self.html.insert(len(self.html) - self._just_opened, " ")
            self._space = False
            self._just_opened = 0
            self.text.append(part)
            self.html.append(escape(part, quote=False))

    def space(self) -> None:
        self._space = True

    def open(self, markup: str) -> None:
        self.html.append(markup)
        self._just_opened += 1

    def close(self, markup: str, opened: str) -> None:
        """Close a tag; one that holds nothing is dropped instead."""
        if self._just_opened and self.html[-1] == opened:
            self.html.pop()
            self._just_opened -= 1
        else:
            self.html.append(markup)
            self._just_opened = 0


def html_blocks(html: str) -> list[tuple[Tag, Element]]:
    """Each element with the top-level tag it came from, for the reader to say where."""
    soup = BeautifulSoup(html, "html.parser")
    return [(tag, element) for tag in soup.find_all(recursive=False) for element in _block(tag)]


def _block(tag: Tag) -> Iterator[Element]:
    name = tag.name
    if name in SKIPPED:
        return
    if name in HEADINGS:
        text = _inline(tag)[0]
        if text and _has_class(tag, TITLE_CLASS):
            yield Element(kind="title", text=text)
        elif text:
            yield Element(kind="heading", text=text, level=HEADINGS[name])
    elif name in LISTS:
        yield from _list(tag)
    elif name == "table":
        yield from _table(tag)
    elif name == "blockquote":
        text, html = _inline(tag)
        if text:
            yield Element(kind="quote", text=text, html=html)
    elif name == "p" and _has_class(tag, SUBTITLE_CLASS):
        text = _inline(tag)[0]
        if text:
            yield Element(kind="subtitle", text=text)
    else:
        text, html = _inline(tag)
        if text:
            yield Element(kind="paragraph", text=text, html=html, doubt=CODE_DOUBT if name == "pre" else "")


def _list(tag: Tag) -> Iterator[Element]:
    items: list[str] = []
    nested = False
    for item in tag.find_all("li"):
        if item.find_parent(["ul", "ol"]) is not tag:
            nested = True
        text = _inline(item, skip=LISTS)[0]
        if text:
            items.append(text)
    if items:
        yield Element(
            kind="list",
            text="\n".join(items),
            items=tuple(items),
            ordered=tag.name == "ol",
            doubt=NESTED_LIST_DOUBT if nested else "",
        )


def _table(table: Tag) -> Iterator[Element]:
    """One paragraph per row: an article has no tables, and a row read across is its sense."""
    for row in table.find_all("tr"):
        if row.find_parent("table") is not table:
            continue  # a table in a cell is read as part of that cell's text
        cells = [_inline(cell) for cell in row.find_all(("td", "th"), recursive=False)]
        cells = [(text, html) for text, html in cells if text]
        if cells:
            yield Element(
                kind="paragraph",
                text=CELL_SEPARATOR.join(text for text, _ in cells),
                html=CELL_SEPARATOR.join(html for _, html in cells),
                doubt=TABLE_DOUBT,
            )


def _inline(tag: Tag, skip: frozenset[str] = frozenset()) -> tuple[str, str]:
    """A block's plain text and its inline HTML (``<b>``, ``<i>``, ``<a href>``)."""
    out = _Inline()
    _render(tag, out, skip | SKIPPED)
    return "".join(out.text), imported_inline_html("".join(out.html))


def _render(tag: Tag, out: _Inline, skip: frozenset[str]) -> None:
    for child in tag.children:
        if isinstance(child, NavigableString):
            if not isinstance(child, PreformattedString):  # comments and the like
                out.add_text(str(child))
        elif isinstance(child, Tag) and child.name not in skip:
            _render_tag(child, out, skip)


def _render_tag(tag: Tag, out: _Inline, skip: frozenset[str]) -> None:
    name = tag.name
    markup = INLINE_TAGS.get(name)
    href = _web_link(tag) if name == "a" else None
    if markup:
        out.open(f"<{markup}>")
        _render(tag, out, skip)
        out.close(f"</{markup}>", opened=f"<{markup}>")
    elif href:
        opened = f'<a href="{escape(href)}">'
        out.open(opened)
        _render(tag, out, skip)
        out.close("</a>", opened=opened)
    elif name in BREAKS:
        out.space()
        _render(tag, out, skip)
        out.space()
    else:
        _render(tag, out, skip)


def _web_link(tag: Tag) -> str | None:
    """The link's address if it is a web, mail or phone one; any other is kept as text.

    Relative addresses (a Word bookmark, a Markdown ``[x](page.md)``) go too: in an
    article they would point at nothing.
    """
    href = tag.get("href")
    if not isinstance(href, str):
        return None
    href = href.strip()
    try:
        parts = urlsplit(href)
    except ValueError:
        return None
    if parts.scheme.lower() not in LINK_SCHEMES or not (parts.netloc or parts.path):
        return None
    return href


def _has_class(tag: Tag, name: str) -> bool:
    return name in tag.get_attribute_list("class")
