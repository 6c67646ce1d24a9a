"""Channel-neutral inline text: styled runs, sentence and word splitting, packing.

Rich text is parsed once into runs (text + bold/italic/link); each messaging channel
renders runs in its own markup and measures the result in its own unit. Splitting works
on runs, so a bold phrase cut across two messages stays bold in both and a link is
never cut.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from html.parser import HTMLParser

from content_pages.foundations.sanitising import web_html
from content_pages.rendering.channels import segmentation


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
    return [list(runs) for runs in _parsed(html)]


@functools.lru_cache(maxsize=4096)
def _parsed(html: str) -> tuple[tuple[Run, ...], ...]:
    """Remembered, runs being immutable: every channel and mode of a page parses the same
    paragraphs, and checking a page's limits renders it seven times per language."""
    parser = _RunParser()
    parser.feed(web_html(html))
    parser.close()
    return tuple(tuple(tidy(runs)) for runs in parser.paragraphs if plain(tidy(runs)))


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


def slice_runs(runs: Runs, start: int, end: int) -> Runs:
    """The runs covering ``plain(runs)[start:end]``, each keeping its style and link."""
    result: Runs = []
    offset = 0
    for run in runs:
        run_start, run_end = offset, offset + len(run.text)
        offset = run_end
        if run_end <= start or run_start >= end:
            continue
        result.append(replace(run, text=run.text[max(start, run_start) - run_start : min(end, run_end) - run_start]))
    return result


def _link_spans(runs: Runs) -> list[tuple[int, int]]:
    spans, offset = [], 0
    for run in runs:
        if run.href:
            spans.append((offset, offset + len(run.text)))
        offset += len(run.text)
    return spans


def split_runs(runs: Runs, fits: Callable[[Runs], bool], *, path: str = "", channel: str = "") -> list[Runs]:
    """Split one paragraph into chunks that each fit: at sentence ends first, then
    between words, never inside a link, a URL, an e-mail address, a number or a phone
    number (``segmentation.py``).

    Nothing is added, removed or changed: the chunks, joined with the whitespace that
    stood at each split point, are the paragraph again. A piece that cannot be split and
    does not fit on its own is a ``ChannelLimitError``.

    Linear in the paragraph's length: the text is segmented once, and each chunk is found
    by measuring pieces that start at it and grow no further than about twice the chunk
    (``_farthest_fit``), so the text is measured a bounded number of times over.
    """
    if fits(runs):
        return [runs]
    text = plain(runs)
    spans = segmentation.protected_spans(text, _link_spans(runs))
    by_sentence = segmentation.sentence_breaks(text, spans)
    by_word = segmentation.line_breaks(text, spans)
    piece = _Slicer(runs, text)
    chunks: list[Runs] = []
    start = 0
    while start < len(text):
        # Where a chunk surely stops fitting, found between words: no sentence break past
        # it is measured (without it, a text with few sentence ends was measured to its end
        # for every chunk).
        misfit = _first_misfit(piece, start, by_word, fits)
        end = _farthest_fit(piece, start, by_sentence, fits, before=misfit)
        if end is None:
            end = _farthest_fit(piece, start, by_word, fits, before=misfit)
        if end is None:
            following = [offset for offset in by_word if offset > start]
            piece_text = text[start : following[0] if following else len(text)].strip()
            raise ChannelLimitError(
                f"“{piece_text[:40]}…” is longer than one {channel} message allows, even on its own.",
                path=path,
                channel=channel,
            )
        chunks.append(piece(start, end))
        start = end
        while start < len(text) and text[start].isspace():
            start += 1  # whitespace at a split point belongs to neither chunk
    return chunks


class _Slicer:
    """``slice_runs`` for one paragraph, cut at the end's trailing whitespace, finding
    the first run by bisection instead of walking every run before it."""

    def __init__(self, runs: Runs, text: str) -> None:
        self.runs, self.text = runs, text
        self.ends = list(itertools.accumulate(len(run.text) for run in runs))

    def __call__(self, start: int, end: int) -> Runs:
        text = self.text
        while end > 0 and text[end - 1].isspace():
            end -= 1  # as ``len(text[:end].rstrip())``, without copying the text before
        result: Runs = []
        index = bisect.bisect_right(self.ends, start)
        while index < len(self.runs):
            run = self.runs[index]
            run_end = self.ends[index]
            run_start = run_end - len(run.text)
            if run_start >= end:
                break
            cut = run.text[max(start, run_start) - run_start : min(end, run_end) - run_start]
            result.append(replace(run, text=cut))
            index += 1
        return result


class _Ends:
    """The ends a chunk from ``start`` may have: the breaks after it, then the end of the
    text; with ``before``, those from ``before`` on left out (they are known not to fit)."""

    def __init__(self, piece: _Slicer, start: int, breaks: list[int], before: int | None) -> None:
        self.breaks, self.length = breaks, len(piece.text)
        self.first = bisect.bisect_right(breaks, start)
        last = len(breaks) if before is None else bisect.bisect_left(breaks, before, lo=self.first)
        self.count = last - self.first + (1 if before is None or self.length < before else 0)

    def __call__(self, index: int) -> int:
        return self.breaks[self.first + index] if self.first + index < len(self.breaks) else self.length


def _first_misfit(piece: _Slicer, start: int, breaks: list[int], fits: Callable[[Runs], bool]) -> int | None:
    """An end (a break or the end of the text) whose chunk from ``start`` does not fit,
    found by galloping (the 1st, 2nd, 4th, 8th... break, then the last); None when the
    rest of the text fits."""
    candidate = _Ends(piece, start, breaks, None)
    count = candidate.count
    if count == 0:
        return None
    probe = 0
    while True:
        end = candidate(probe)
        if not fits(piece(start, end)):
            return end
        if probe == count - 1:
            return None
        probe = min(2 * probe + 1, count - 1)


def _farthest_fit(
    piece: _Slicer, start: int, breaks: list[int], fits: Callable[[Runs], bool], *, before: int | None = None
) -> int | None:
    """The farthest break (or the end of the text) whose chunk from ``start`` fits;
    ``before``: an end known not to fit, so neither does any end from it on.

    A chunk only grows with its end, so the breaks that fit come first: the search
    gallops from ``start`` (the 1st, 2nd, 4th, 8th... break after it) until a chunk does
    not fit, then bisects the last step. A search over every remaining break measured
    chunks reaching halfway to the end of the text for every chunk: quadratic.
    """
    candidate = _Ends(piece, start, breaks, before)
    count = candidate.count
    best, low, probe = None, 0, 0
    while probe < count and fits(piece(start, candidate(probe))):
        best, low, probe = candidate(probe), probe + 1, 2 * probe + 1
    high = min(probe, count) - 1
    while low <= high:
        middle = (low + high) // 2
        end = candidate(middle)
        if fits(piece(start, end)):
            best, low = end, middle + 1
        else:
            high = middle - 1
    return best


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
