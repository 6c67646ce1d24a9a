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

import re
from collections.abc import Iterable
from functools import lru_cache

from uniseg.linebreak import line_break_boundaries
from uniseg.sentencebreak import sentence_boundaries

# Spans no message may break inside.
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;:!?)\]}'’”。，；：！？]", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+?\d[\d ().-]{5,}\d")
_NUMBER = re.compile(r"\d+(?:[.,:/]\d+)+")
_PROTECTED = (_URL, _EMAIL, _PHONE, _NUMBER)

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
_ABBREVIATION_BEFORE = re.compile(r"(?:^|[\s(\[“\"'‘])([A-Za-z](?:[A-Za-z.]*[A-Za-z])?)\.\s*$")


def protected_spans(text: str, extra: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    spans = [(match.start(), match.end()) for pattern in _PROTECTED for match in pattern.finditer(text)]
    return sorted([*spans, *extra])


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < offset < end for start, end in spans)


def _after_abbreviation(text: str, offset: int) -> bool:
    match = _ABBREVIATION_BEFORE.search(text[:offset])
    return bool(match and match.group(1).lower() in ABBREVIATIONS)


@lru_cache(maxsize=4096)
def _sentence_points(text: str) -> tuple[int, ...]:
    return tuple(sentence_boundaries(text))


@lru_cache(maxsize=4096)
def _line_points(text: str) -> tuple[int, ...]:
    return tuple(line_break_boundaries(text))


def sentence_breaks(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """Offsets where a new sentence starts, inside the text (0 and the end excluded)."""
    return [
        offset
        for offset in _sentence_points(text)
        if 0 < offset < len(text) and not _inside(offset, spans) and not _after_abbreviation(text, offset)
    ]


def line_breaks(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """Offsets where a line may wrap (between words; between any two Han characters)."""
    return [offset for offset in _line_points(text) if 0 < offset < len(text) and not _inside(offset, spans)]
