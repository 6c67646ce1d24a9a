"""A block's inline HTML read into text (and, where the block keeps it, bold, italic and
web links), with a note for everything the article cannot show as the document did.

What changes meaning when flattened (a superscript: 10⁹ would read 109; a subscript; a
struck-through dose) is kept as text and noted, quoting it. A link's address, or bold and
italic, in a block that holds text only (a list item, a quote, a heading) is noted too, and
so are an address the article cannot link to and an image left out. mammoth's additions
are not the author's and never reach the text: the "↑" back from a footnote or a comment,
and a comment's marker, which becomes a note quoting the comment.

Text is kept as written: only runs of ASCII whitespace (what HTML collapses) become one
space, so a no-break space ("10 mg"), a thin or an ideographic space stays what it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from urllib.parse import urlsplit

from bs4.element import NavigableString, PreformattedString, Tag

from content_pages.foundations.sanitising import LINK_SCHEMES

HEADINGS = {f"h{level}": level for level in range(1, 7)}
LISTS = frozenset({"ul", "ol"})
SKIPPED = frozenset({"hr", "script", "style", "template"})
# Tags that end a run of text: their neighbours are separate words.
BREAKS = frozenset({"br", "p", "li", "td", "th", "tr", "div", "blockquote", "pre", *HEADINGS, *LISTS})
INLINE_TAGS = {"b": "b", "strong": "b", "i": "i", "em": "i"}
EMPHASIS_NAMES = {"b": "bold", "i": "italic"}
STRUCK = frozenset({"s", "del", "strike"})
RAISED = {"sup": "superscript", "sub": "subscript"}
# mammoth's links between a note (footnote, endnote, comment) and where it is referred to.
NOTE_BACKLINKS = ("#footnote-ref-", "#endnote-ref-", "#comment-ref-")
NOTE_REFERENCES = ("#footnote-", "#endnote-")
COMMENT_REFERENCE = "#comment-"
BACKLINK_TEXT = "↑"
# A superscript that reads the same flattened: an ordinal ("1st"), a mark such as ® or *.
ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
EXCERPT_CHARACTERS = 60
WORD_CHARACTERS = 20
NOTES_MAX = 5

_WHITESPACE = re.compile(r"([ \t\n\r\f]+)")
_SHOWN = {
    "sup": dict(zip("0123456789+-−=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱ", strict=True)),
    "sub": dict(zip("0123456789+-−=()", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎", strict=True)),
}


@dataclass(frozen=True)
class Context:
    """What the block holds: ``markup`` builds bold, italic and links into its HTML;
    ``place`` ("a list item") names a block that shows text only, so losing them is noted."""

    markup: bool
    place: str = ""
    lost_emphasis: bool = False
    comments: dict[str, str] = field(default_factory=dict)


class Notes:
    """What a block could not keep, each said once; past ``NOTES_MAX`` only counted, so a
    paragraph of a thousand superscripts does not make a report of a thousand lines."""

    def __init__(self) -> None:
        self.kept: list[str] = []
        self.more = 0
        self._seen: set[str] = set()

    def add(self, message: str) -> None:
        if message in self._seen:
            return
        self._seen.add(message)
        if len(self.kept) < NOTES_MAX:
            self.kept.append(message)
        else:
            self.more += 1

    def extend(self, other: Notes) -> None:
        for message in other.kept:
            self.add(message)
        self.more += other.more

    def summary(self) -> list[str]:
        return [*self.kept, f"and {self.more} more like these"] if self.more else list(self.kept)


class Inline:
    """A block's text and inline HTML, built together, whitespace collapsed across tags.

    A space between words goes before the tags opened since the last word, so
    ``plain <b>bold</b>`` never becomes ``plain<b> bold</b>``; none is kept at either end.
    """

    def __init__(self) -> None:
        self.text: list[str] = []
        self.html: list[str] = []
        self.notes = Notes()
        self._space = False
        self._just_opened = 0  # opening tags at the end of ``html``, no text after them yet

    def add_text(self, value: str) -> None:
        for position, part in enumerate(_WHITESPACE.split(value)):
            if position % 2:
                self._space = True
                continue
            if not part:
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

    def note(self, message: str) -> None:
        self.notes.add(message)

    def since(self, start: int) -> str:
        """The text added since ``len(self.text)`` was ``start``."""
        return "".join(self.text[start:]).strip()

    def last_word(self) -> str:
        """The end of the word the next text would join (a few characters, to quote): ""
        when a space comes first."""
        if self._space:
            return ""
        pieces: list[str] = []
        length = 0
        for piece in reversed(self.text):
            if piece == " " or length >= WORD_CHARACTERS:
                break
            pieces.append(piece)
            length += len(piece)
        return "".join(reversed(pieces))[-WORD_CHARACTERS:]


def render(tag: Tag, out: Inline, context: Context, skip: frozenset[str] = frozenset()) -> None:
    """Add what ``tag`` holds to ``out``, less the tags in ``skip``."""
    for child in tag.children:
        if isinstance(child, NavigableString):
            if not isinstance(child, PreformattedString):  # comments and the like
                out.add_text(str(child))
        elif isinstance(child, Tag) and child.name not in skip and child.name not in SKIPPED:
            _render_tag(child, out, context, skip)


def _render_tag(tag: Tag, out: Inline, context: Context, skip: frozenset[str]) -> None:
    name = tag.name
    if name in INLINE_TAGS:
        _emphasis(tag, out, context, skip)
    elif name == "a":
        _link(tag, out, context, skip)
    elif name in RAISED:
        _raised(tag, out, context, skip)
    elif name in STRUCK:
        start = len(out.text)
        render(tag, out, context, skip)
        out.note(f"struck-through text kept as ordinary text: “{excerpt(out.since(start))}”")
    elif name == "img":
        out.note(_image(tag))
    elif name in BREAKS:
        out.space()
        render(tag, out, context, skip)
        out.space()
    else:
        render(tag, out, context, skip)


def _emphasis(tag: Tag, out: Inline, context: Context, skip: frozenset[str]) -> None:
    markup = INLINE_TAGS[tag.name]
    if context.markup:
        out.open(f"<{markup}>")
    start = len(out.text)
    render(tag, out, context, skip)
    if context.markup:
        out.close(f"</{markup}>", opened=f"<{markup}>")
    text = out.since(start)
    if context.lost_emphasis and text:
        out.note(f"{EMPHASIS_NAMES[markup]} in {context.place} kept as plain text: “{excerpt(text)}”")


def _link(tag: Tag, out: Inline, context: Context, skip: frozenset[str]) -> None:
    href = tag.get("href")
    href = href.strip() if isinstance(href, str) else ""
    if href.startswith(NOTE_BACKLINKS) and tag.get_text().strip() == BACKLINK_TEXT:
        return
    # Only a comment mammoth listed: a link to a bookmark that happens to be named
    # "comment-1" is the author's, and keeps its text.
    comment = context.comments.get(href.removeprefix("#")) if href.startswith(COMMENT_REFERENCE) else None
    if comment is not None:
        out.note(f"a Word comment was left out: “{excerpt(comment)}”" if comment else "a Word comment was left out")
        return
    web = web_link(href)
    opened = f'<a href="{escape(web)}">' if web and context.markup else ""
    if opened:
        out.open(opened)
    start = len(out.text)
    render(tag, out, context, skip)
    if opened:
        out.close("</a>", opened=opened)
    text = out.since(start)
    if not href or href.startswith(NOTE_REFERENCES):
        return  # an anchor, or a footnote's number: nothing is left out
    if web and context.place:
        out.note(f"a link in {context.place} kept as its text: {excerpt(text)} ({href})")
    elif not web:
        out.note(f"a link kept as its text, its address left out: {excerpt(text)} ({excerpt(href)})")


def _raised(tag: Tag, out: Inline, context: Context, skip: frozenset[str]) -> None:
    before = out.last_word()
    start = len(out.text)
    render(tag, out, context, skip)
    raised = out.since(start)
    if not any(character.isalnum() for character in raised):
        return  # ®, *, †, or a footnote's [1]: it reads the same on the line
    if tag.name == "sup" and raised.lower() in ORDINAL_SUFFIXES and before[-1:].isdigit():
        return
    if tag.find("a", href=lambda href: isinstance(href, str) and href.startswith(NOTE_REFERENCES)):
        return
    shown_map = _SHOWN[tag.name]
    if all(character in shown_map for character in raised):
        shown = "".join(shown_map[character] for character in raised)
    else:
        shown = f"{'^' if tag.name == 'sup' else '_'}({raised})"
    out.note(f"{RAISED[tag.name]} kept as plain text: “{before}{shown}” reads “{before}{raised}”")


def _image(tag: Tag) -> str:
    alt = " ".join(str(tag.get("alt") or "").split())
    src = str(tag.get("src") or "").strip()
    source = f" ({excerpt(src)})" if src and not src.lower().startswith("data:") else ""
    return f"an image was left out: “{excerpt(alt)}”{source}" if alt else f"an image was left out{source}"


def web_link(href: str) -> str | None:
    """The link's address if it is a web, mail or phone one; any other is kept as text.

    Relative addresses (a Word bookmark, a Markdown ``[x](page.md)``) go too: in an
    article they would point at nothing.
    """
    try:
        parts = urlsplit(href)
    except ValueError:
        return None
    if parts.scheme.lower() not in LINK_SCHEMES or not (parts.netloc or parts.path):
        return None
    return href


def excerpt(text: str, length: int = EXCERPT_CHARACTERS) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
