"""A Markdown (CommonMark, with pipe tables) document as elements, through HTML.

markdown-it-py marks what the document marks and ``html_blocks`` walks its HTML, as it
walks Word's. What the walk cannot see is checked on markdown-it's tokens:

- markdown-it stops reading a block nested past its limit (a list twenty levels deep,
  a quote of quotes), and every line after it goes with it: a line of text no block
  holds refuses the document, naming it;
- raw HTML is not markup here: it comes out as the text it is, so a pasted ``<script>``
  is seen and never run, and the element says so;
- a link reference definition (``[1]: https://doi.org/…``) is no block of its own, and
  would vanish (its title always, its address when no link uses it): it is kept as a
  paragraph of its own text at its line, where a references list written that way can
  still be read, even when the text cites it as a link ("a study [1]").
"""

from __future__ import annotations

import re
from dataclasses import replace
from html import escape
from typing import Any

from bs4 import Tag
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from content_pages.publishing.document_import.elements import DocumentRefused, Element
from content_pages.publishing.document_import.html_blocks import html_blocks
from content_pages.publishing.document_import.html_inline import EXCERPT_CHARACTERS, excerpt

LINE_ATTRIBUTE = "data-line"
RAW_HTML_ATTRIBUTE = "data-raw-html"
RAW_HTML_DOUBT = "raw HTML kept as text: “{tag}”"
UNUSED_DEFINITION_DOUBT = "a link definition no link uses, kept as text"
USED_DEFINITION_DOUBT = "a link definition, kept as text (the links that use it keep its address)"
# Blocks that only hold others: the lines they cover are their children's to account for.
CONTAINERS = frozenset({"bullet_list_open", "ordered_list_open", "list_item_open", "blockquote_open"})
# A line of list markers and quote marks only (an empty item, a blank line in a quote).
_MARKERS_ONLY = re.compile(r"[ \t]*(?:(?:[>*+-]|[0-9]{1,9}[.)])[ \t]*)*")
_QUOTE_MARKS = re.compile(r"[ \t]*(?:>[ \t]?)*")
_SPACES = re.compile(r"[ \t\f]+")
# The start of an HTML tag, comment, declaration or processing instruction; linear (an
# attribute runs to the next "<" or ">"), unlike a full HTML tag pattern on long text.
_RAW_HTML = re.compile(
    r"<(?:[A-Za-z][A-Za-z0-9-]*(?:[ \t\n][^<>]*)?/?>|/[A-Za-z][A-Za-z0-9-]*[ \t\n]*>|!--|![A-Za-z]|\?[A-Za-z])"
)

TOO_DEEP = (
    "The Markdown is nested too deeply at line {line}: “{text}” could not be read (lists or quotes within "
    "each other many levels deep are cut off there, with everything after them). Nest them less deeply "
    "and upload it again."
)
TOO_DEEP_INLINE = (
    "The Markdown is nested too deeply to import (emphasis or links within each other hundreds of levels "
    "deep): simplify it and upload it again."
)


def read_markdown(text: str) -> list[Element]:
    """Markdown (CommonMark) as elements, each with the line its block starts on."""
    try:
        return _read(text)
    except RecursionError:
        raise DocumentRefused(TOO_DEEP_INLINE) from None


def _parser() -> MarkdownIt:
    markdown = MarkdownIt("commonmark", {"html": False}).enable("table")
    # Before the text of escapes and entities joins the rest: "&lt;b&gt;" is not raw HTML.
    markdown.core.ruler.before("text_join", "raw_html_marked", _mark_raw_html)
    return markdown


def _read(text: str) -> list[Element]:
    markdown = _parser()
    env: dict[str, Any] = {}
    tokens = markdown.parse(text, env)
    lines = re.sub(r"\r\n?", "\n", text).split("\n")
    definitions = [*env.get("references", {}).values(), *env.get("duplicate_refs", [])]
    _check_every_line_read(tokens, definitions, lines)
    for token in tokens:
        if token.level == 0 and token.map and token.nesting >= 0:
            token.attrSet(LINE_ATTRIBUTE, str(token.map[0] + 1))
    html = markdown.renderer.render(tokens, markdown.options, env)
    placed: list[tuple[int, Element]] = []
    line = 0
    for tag, element in html_blocks(html):
        line = _line(tag) or line
        raw = tag.get(RAW_HTML_ATTRIBUTE)
        doubt = RAW_HTML_DOUBT.format(tag=raw) if isinstance(raw, str) else ""
        placed.append((line, replace(element.with_doubt(doubt), where=f"line {line}" if line else "")))
    used = _used_addresses(tokens)
    placed += [_definition(definition, lines, used=definition["href"] in used) for definition in definitions]
    placed.sort(key=lambda pair: pair[0])
    return [element for _, element in placed]


def _line(tag: Tag) -> int:
    """The line a top-level block starts on; a code fence carries it on its inner ``<code>``."""
    marked = tag if tag.has_attr(LINE_ATTRIBUTE) else tag.select_one(f"[{LINE_ATTRIBUTE}]")
    if marked is None:
        return 0
    return int(str(marked.get(LINE_ATTRIBUTE)))


def _check_every_line_read(tokens: list[Token], definitions: list[dict[str, Any]], lines: list[str]) -> None:
    """Refuse the document if a line of text is in no block markdown-it read: it stopped
    at its nesting limit there, and dropped the rest of the enclosing block."""
    read = bytearray(len(lines) + 1)
    spans = [token.map for token in tokens if token.map and token.type not in CONTAINERS]
    spans += [definition["map"] for definition in definitions if definition.get("map")]
    for start, end in spans:
        read[start:end] = b"\x01" * (end - start)
    for number, line in enumerate(lines):
        if not read[number] and not _MARKERS_ONLY.fullmatch(line):
            raise DocumentRefused(TOO_DEEP.format(line=number + 1, text=excerpt(line.strip())))


def _mark_raw_html(state: StateCore) -> None:
    """Mark each top-level block whose text holds raw HTML with the first such tag."""
    block: Token | None = None
    for token in state.tokens:
        if token.level == 0 and token.nesting >= 0 and token.map:
            block = token
        if token.type != "inline" or block is None or block.attrGet(RAW_HTML_ATTRIBUTE):
            continue
        for child in token.children or []:
            found = _RAW_HTML.search(child.content) if child.type == "text" else None
            if found:
                block.attrSet(RAW_HTML_ATTRIBUTE, _tag_at(child.content, found.start()))
                break


def _tag_at(text: str, start: int) -> str:
    """The tag (or comment) starting at ``start``, to quote: to its ">" if that is near."""
    end = text.find(">", start, start + EXCERPT_CHARACTERS)
    return excerpt(text[start : end + 1] if end >= 0 else text[start:])


def _used_addresses(tokens: list[Token]) -> set[str]:
    used: set[str] = set()
    for token in tokens:
        for child in token.children or []:
            address = child.attrGet("href") if child.type == "link_open" else child.attrGet("src")
            if isinstance(address, str):
                used.add(address)
    return used


def _definition(definition: dict[str, Any], lines: list[str], *, used: bool) -> tuple[int, Element]:
    """A link definition as a paragraph of its own text, quote marks aside."""
    start, end = definition["map"]
    text = " ".join(_QUOTE_MARKS.sub("", line, count=1) for line in lines[start:end])
    text = _SPACES.sub(" ", text).strip(" ")
    element = Element(
        kind="paragraph",
        text=text,
        html=escape(text, quote=False),
        where=f"line {start + 1}",
        doubt=USED_DEFINITION_DOUBT if used else UNUSED_DEFINITION_DOUBT,
    )
    return start + 1, element
