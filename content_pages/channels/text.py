"""Channel-neutral inline text: styled runs, sentence and word splitting, packing.

Rich text is parsed once into runs (text + bold/italic/link); each messaging channel
renders runs in its own markup and measures the result in its own unit. Splitting works
on runs, so a bold phrase cut across two messages stays bold in both and a link is
never cut.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from html.parser import HTMLParser

from ..sanitising import web_html

# A sentence ends after . ! ? (or their full-width forms) followed by a space, or right
# after 。！？ which Chinese does not follow with a space.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？!?])(?=\S)")
# A word is a run of non-space characters, except that Han, kana and Hangul characters
# are each a word of their own: those scripts may break between any two characters.
_CJK = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
_WORDS = re.compile(rf"[{_CJK}][\u3000-\u303f\uff01-\uff0f\uff1a-\uff1f]*\s*|[^\s{_CJK}]+\s*")


class ChannelLimitError(ValueError):
    """Content that no split can bring within a channel's hard limit."""

    def __init__(self, message: str, *, path: str = "", channel: str = "") -> None:
        super().__init__(message)
        self.path = path
        self.channel = channel


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    href: str = ""


Runs = list[Run]


class _RunParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[Runs] = [[]]
        self.bold = 0
        self.italic = 0
        self.href: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("b", "strong"):
            self.bold += 1
        elif tag in ("i", "em"):
            self.italic += 1
        elif tag == "a":
            self.href.append(dict(attrs).get("href") or "")
        elif tag == "br":
            self.paragraphs[-1].append(Run("\n"))
        elif tag in ("p", "li", "h2", "h3", "h4", "blockquote") and self.paragraphs[-1]:
            self.paragraphs.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("b", "strong"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("i", "em"):
            self.italic = max(0, self.italic - 1)
        elif tag == "a" and self.href:
            self.href.pop()

    def handle_data(self, data: str) -> None:
        if data:
            self.paragraphs[-1].append(
                Run(data, bold=self.bold > 0, italic=self.italic > 0, href=self.href[-1] if self.href else "")
            )


def paragraphs_from_html(html: str) -> list[Runs]:
    """Rich text HTML -> one list of runs per paragraph, whitespace tidied.

    The HTML is cleaned with the web rules first, so a script's source never becomes
    text and a link to any scheme but http, https, mailto or tel becomes its text alone,
    in every channel that formats runs.
    """
    parser = _RunParser()
    parser.feed(web_html(html))
    parser.close()
    return [tidy(runs) for runs in parser.paragraphs if plain(tidy(runs))]


def tidy(runs: Iterable[Run]) -> Runs:
    """Collapse whitespace runs (keeping line breaks) and drop empty runs."""
    result: Runs = []
    for run in runs:
        text = re.sub(r"[ \t\r\f\v]+", " ", run.text.replace("\u00a0", " "))
        if text:
            result.append(replace(run, text=text))
    if result:
        result[0] = replace(result[0], text=result[0].text.lstrip())
        result[-1] = replace(result[-1], text=result[-1].text.rstrip())
    return [run for run in result if run.text]


def plain(runs: Iterable[Run]) -> str:
    return "".join(run.text for run in runs)


def text_run(text: str, **style: object) -> Runs:
    return tidy([Run(text, **style)])  # type: ignore[arg-type]


def _cut(runs: Runs, pattern: re.Pattern[str]) -> list[Runs]:
    """Cut runs into pieces at the pattern's boundaries, keeping each run's style.

    Linked runs are never cut: a URL or link text stays whole.
    """
    pieces: list[Runs] = [[]]
    for run in runs:
        if run.href:
            pieces[-1].append(run)
            continue
        if pattern is _WORDS:
            parts = _WORDS.findall(run.text) or [run.text]
            for index, part in enumerate(parts):
                pieces[-1].append(replace(run, text=part))
                if index < len(parts) - 1 or part != part.rstrip():
                    pieces.append([])
            continue
        start = 0
        for match in pattern.finditer(run.text):
            end = match.end()
            if end <= start:
                continue
            pieces[-1].append(replace(run, text=run.text[start:end]))
            pieces.append([])
            start = end
        if start < len(run.text):
            pieces[-1].append(replace(run, text=run.text[start:]))
    return [tidy(piece) for piece in pieces if plain(piece).strip()]


def sentences(runs: Runs) -> list[Runs]:
    return _cut(runs, _SENTENCE_END)


def words(runs: Runs) -> list[Runs]:
    return _cut(runs, _WORDS)


def _joined(pieces: list[Runs]) -> Runs:
    joined: Runs = []
    for piece in pieces:
        if joined and not plain(joined).endswith((" ", "\n")) and not _is_cjk_boundary(plain(joined), plain(piece)):
            joined.append(Run(" "))
        joined.extend(piece)
    return tidy(joined)


def _is_cjk_boundary(before: str, after: str) -> bool:
    return bool(before and after and (_is_cjk(before[-1]) or _is_cjk(after[0])))


def _is_cjk(char: str) -> bool:
    return "\u2e80" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef" or "\u3000" <= char <= "\u303f"


def split_runs(runs: Runs, fits: Callable[[Runs], bool], *, path: str = "", channel: str = "") -> list[Runs]:
    """Split one paragraph into chunks that each fit: on sentences first, then on words.

    A single word (or link) that cannot fit on its own is a ``ChannelLimitError``.
    """
    if fits(runs):
        return [runs]
    chunks: list[Runs] = []
    for sentence in sentences(runs):
        pieces = [sentence] if fits(sentence) else _pack_words(sentence, fits, path=path, channel=channel)
        for piece in pieces:
            candidate = _joined([chunks[-1], piece]) if chunks else piece
            if chunks and fits(candidate):
                chunks[-1] = candidate
            else:
                chunks.append(piece)
    return chunks


def _pack_words(sentence: Runs, fits: Callable[[Runs], bool], *, path: str, channel: str) -> list[Runs]:
    chunks: list[Runs] = []
    for word in words(sentence):
        if not fits(word):
            raise ChannelLimitError(
                f"“{plain(word)[:40]}…” is longer than one {channel} message allows, even on its own.",
                path=path,
                channel=channel,
            )
        candidate = _joined([chunks[-1], word]) if chunks else word
        if chunks and fits(candidate):
            chunks[-1] = candidate
        else:
            chunks.append(word)
    return chunks


def pack(blocks: list[str], fits: Callable[[str], bool], separator: str = "\n\n") -> list[str]:
    """Greedily join already-fitting blocks into as few messages as fit."""
    messages: list[str] = []
    for block in blocks:
        if messages and fits(messages[-1] + separator + block):
            messages[-1] = messages[-1] + separator + block
        else:
            messages.append(block)
    return messages


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
