"""Rich text <-> translator text with numbered placeholders.

``<p>Ask <a linktype="page" id="3">our <b>nurses</b></a>.</p>`` becomes
``Ask <a1>our <b1>nurses</b1></a1>.``: the translator sees where markup goes but cannot
change a link target or drop a tag. Paragraphs become blank lines. On import the
placeholders must match the source exactly (each once, properly nested) before the
real markup is put back.

A foundation, not a read: the extraction (``reads.segments``), the checks and the
writer (``publishing.translations``) and the editor all speak this one format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape, unescape
from html.parser import HTMLParser

INLINE_TAGS = {"b": "b", "strong": "b", "i": "i", "em": "i", "a": "a", "span": "s", "sup": "sup", "sub": "sub"}
BLOCK_TAGS = {"p", "h2", "h3", "h4", "li", "blockquote"}
PLACEHOLDER = re.compile(r"<(/?)([a-z]+)(\d+)>")


@dataclass
class Markup:
    """Source markup: the translator's text and the tags its placeholders stand for."""

    text: str
    tags: dict[str, str] = field(default_factory=dict)  # "a1" -> '<a linktype="page" id="3">'
    closers: dict[str, str] = field(default_factory=dict)  # "a1" -> "</a>"
    paragraphs: int = 1


class _ToText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = [""]
        self.counters: dict[str, int] = {}
        self.stack: list[str] = []
        self.tags: dict[str, str] = {}
        self.closers: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS:
            if self.paragraphs[-1].strip():
                self.paragraphs.append("")
            return
        if tag == "br":
            self.paragraphs[-1] += "\n"
            return
        short = INLINE_TAGS.get(tag)
        if short is None:
            return
        self.counters[short] = self.counters.get(short, 0) + 1
        name = f"{short}{self.counters[short]}"
        rendered_attrs = "".join(f' {key}="{escape(value or "", quote=True)}"' for key, value in attrs)
        self.tags[name] = f"<{tag}{rendered_attrs}>"
        self.closers[name] = f"</{tag}>"
        self.stack.append(name)
        self.paragraphs[-1] += f"<{name}>"

    def handle_endtag(self, tag: str) -> None:
        if tag in INLINE_TAGS and self.stack:
            self.paragraphs[-1] += f"</{self.stack.pop()}>"

    def handle_data(self, data: str) -> None:
        self.paragraphs[-1] += re.sub(r"\s+", " ", data)


def to_translator_text(html: str) -> Markup:
    parser = _ToText()
    parser.feed(html)
    parser.close()
    paragraphs = [paragraph.strip() for paragraph in parser.paragraphs if paragraph.strip()]
    return Markup(text="\n\n".join(paragraphs), tags=parser.tags, closers=parser.closers, paragraphs=len(paragraphs))


class PlaceholderError(ValueError):
    pass


def check_placeholders(source: Markup, translation: str) -> None:
    """Raise ``PlaceholderError`` unless ``translation`` uses exactly the source's
    placeholders, each opened and closed once, properly nested, and keeps its paragraphs."""
    stack: list[str] = []
    seen: list[str] = []
    for match in PLACEHOLDER.finditer(translation):
        closing, name = match.group(1) == "/", f"{match.group(2)}{match.group(3)}"
        if name not in source.tags:
            raise PlaceholderError(f"unknown placeholder <{name}>; the source has {_names(source)}")
        if closing:
            if not stack or stack[-1] != name:
                raise PlaceholderError(f"</{name}> closes a placeholder that is not open there")
            stack.pop()
        else:
            if name in seen:
                raise PlaceholderError(f"<{name}> is used twice")
            seen.append(name)
            stack.append(name)
    if stack:
        raise PlaceholderError(f"<{stack[-1]}> is never closed")
    missing = sorted(set(source.tags) - set(seen))
    if missing:
        raise PlaceholderError(
            f"missing placeholder{'s' if len(missing) > 1 else ''} {', '.join(f'<{m}>' for m in missing)}"
        )
    paragraphs = len([p for p in translation.split("\n\n") if p.strip()])
    if paragraphs != source.paragraphs:
        raise PlaceholderError(
            f"{source.paragraphs} paragraph(s) in the source, {paragraphs} in the translation (blank lines split them)"
        )


def _names(source: Markup) -> str:
    return ", ".join(f"<{name}>" for name in source.tags) or "none"


def to_html(source: Markup, translation: str) -> str:
    """Put the source's real markup back into a checked translation."""
    paragraphs = []
    for paragraph in (p.strip() for p in translation.split("\n\n") if p.strip()):
        out, position = [], 0
        for match in PLACEHOLDER.finditer(paragraph):
            out.append(escape(unescape(paragraph[position : match.start()]), quote=False).replace("\n", "<br/>"))
            name = f"{match.group(2)}{match.group(3)}"
            out.append(source.closers[name] if match.group(1) else source.tags[name])
            position = match.end()
        out.append(escape(unescape(paragraph[position:]), quote=False).replace("\n", "<br/>"))
        paragraphs.append(f"<p>{''.join(out)}</p>")
    return "".join(paragraphs)
