"""Where a message may break, by Unicode's rules, without ever changing the text.

Sentence boundaries (UAX #29) and line-break opportunities (UAX #14) come from
``uniseg``, a maintained implementation of the Unicode algorithms. Both also break
where a reader would not: after "Dr." and inside ``…/path?x=1`` or ``3.5``. So the
project removes the opportunities that fall inside a protected span (a link, a bare URL,
an e-mail address, a phone number, a number) or right after a known abbreviation.

A boundary is an offset in the text: the piece before it keeps its closing punctuation
and quotes, the whitespace at the boundary is the only thing between two pieces, and an
opening quote or bracket starts the next piece with the sentence it opens.
"""

from __future__ import annotations

import itertools
import re
import string
from collections.abc import Callable, Iterable
from functools import lru_cache

from uniseg.linebreak import line_break_boundaries
from uniseg.sentencebreak import sentence_boundaries

# Spans no message may break inside.
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;:!?)\]}'’”。，；：！？]", re.IGNORECASE)
# An address is found from its "@" (``email_spans``): the local part is the run of these
# characters before it, the domain is matched from it.
_EMAIL_LOCAL = re.compile(r"[\w.+-]+")
_EMAIL_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+?\d[\d ().-]{5,}\d")
# A number starts where a run of digits starts: without the look-behind, a long run of
# digits with no separator was tried again from each of its digits (quadratic).
_NUMBER = re.compile(r"(?<!\d)\d+(?:[.,:/]\d+)+")

_PROTECTED = (_URL, _PHONE, _NUMBER)

# Abbreviations that end with a full stop without ending the sentence, in the content
# languages (English and Malay; Chinese does not abbreviate with a full stop).
ABBREVIATIONS = frozenset(
    {
        # English
        "dr", "mr", "mrs", "ms", "prof", "st", "jr", "sr", "vs", "etc", "e.g", "i.e", "fig", "figs",
        "no", "nos", "vol", "approx", "inc", "ltd", "co", "dept", "est", "mt", "ref", "refs", "al",
        # Malay
        "en", "pn", "tn", "cik", "hj", "hjh", "dsb", "dll", "spt", "sdn", "bhd", "bil", "jln", "kg",
    }
)  # fmt: skip
_LONGEST_ABBREVIATION = max(len(abbreviation) for abbreviation in ABBREVIATIONS)
_ABBREVIATION_CHARACTERS = frozenset(string.ascii_letters + ".")
# What may stand before an abbreviation, besides whitespace and the start of the text.
_BEFORE_ABBREVIATION = frozenset("([“\"'‘")


def email_spans(text: str) -> list[tuple[int, int]]:
    r"""The spans ``[\w.+-]+@[\w-]+(?:\.[\w-]+)+`` finds, found from each "@" in one pass.

    The regular expression itself, searched from every position of a long run of word
    characters with no "@", read the rest of the run each time: quadratic in its length.
    Here each run of local-part characters is read once; a match starts at the run's start
    or where the previous address ended, as the leftmost-first search would start it.
    """
    spans: list[tuple[int, int]] = []
    position = 0
    for run in _EMAIL_LOCAL.finditer(text):
        at = run.end()
        if at <= position or at >= len(text) or text[at] != "@":
            continue
        domain = _EMAIL_DOMAIN.match(text, at + 1)
        if domain is None:
            continue
        spans.append((max(run.start(), position), domain.end()))
        position = domain.end()
    return spans


def protected_spans(text: str, extra: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    spans = [(match.start(), match.end()) for pattern in _PROTECTED for match in pattern.finditer(text)]
    return sorted([*spans, *email_spans(text), *extra])


def _inside_any(length: int, spans: list[tuple[int, int]]) -> list[bool]:
    """For every offset of a text of ``length`` characters, whether it falls strictly
    inside a span: one pass over the spans and one over the text, where asking each
    offset of each span was the number of breaks times the number of spans."""
    depth = [0] * (length + 2)
    for start, end in spans:
        if end - start > 1:
            depth[max(start + 1, 0)] += 1
            depth[min(end, length + 1)] -= 1
    return [count > 0 for count in itertools.accumulate(depth)]


def _abbreviation_ends_at(text: str, last: int) -> bool:
    """Whether ``text[last]`` is the full stop of a known abbreviation ("Dr.", "e.g."): a
    run of ASCII letters and full stops that starts and ends with a letter, at the start of
    the text or after whitespace or an opening bracket or quote. Reads at most the
    longest abbreviation's length back, so asking at every sentence break stays linear."""
    if last < 0 or text[last] != ".":
        return False
    start = last
    while start > 0 and text[start - 1] in _ABBREVIATION_CHARACTERS:
        start -= 1
        if last - start > _LONGEST_ABBREVIATION:
            return False
    word = text[start:last]
    if not word or word[0] == "." or word[-1] == ".":
        return False  # the run holds ASCII letters and full stops only: it starts and ends with a letter
    if start > 0 and not (text[start - 1].isspace() or text[start - 1] in _BEFORE_ABBREVIATION):
        return False
    return word.lower() in ABBREVIATIONS


@lru_cache(maxsize=4096)
def _sentence_points(text: str) -> tuple[int, ...]:
    return tuple(_boundaries(sentence_boundaries, text))


@lru_cache(maxsize=4096)
def _line_points(text: str) -> tuple[int, ...]:
    return tuple(_boundaries(line_break_boundaries, text))


def _boundaries(segmenter: Callable[[str], Iterable[int]], text: str) -> Iterable[int]:
    """The one place the Unicode segmenter is asked, once per text and rule (the results
    are remembered above), so a test can count the characters it is given."""
    return segmenter(text)


def sentence_breaks(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """Offsets where a new sentence starts, inside the text (0 and the end excluded), and
    not right after an abbreviation: the piece before the break, its trailing whitespace
    aside, does not end with one."""
    inside = _inside_any(len(text), spans)
    breaks: list[int] = []
    scanned, last = 0, -1  # ``last``: the last non-whitespace character before the offset
    for offset in _sentence_points(text):
        if not 0 < offset < len(text) or inside[offset]:
            continue
        for index in range(scanned, offset):
            if not text[index].isspace():
                last = index
        scanned = offset
        if not _abbreviation_ends_at(text, last):
            breaks.append(offset)
    return breaks


def line_breaks(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """Offsets where a line may wrap (between words; between any two Han characters)."""
    inside = _inside_any(len(text), spans) if spans else None
    return [
        offset for offset in _line_points(text) if 0 < offset < len(text) and (inside is None or not inside[offset])
    ]
