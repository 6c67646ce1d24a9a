"""Is a lone line of plain text a heading? Guessed from its shape only.

Nothing in a .txt marks a heading, and a rule that knew an article's wording would fit
one article only; so the guess reads length, end punctuation and capitalisation, and
every guess goes to the report for a look.
"""

from __future__ import annotations

import re
from enum import Enum

HEADING_SHAPE = "short line without closing punctuation"
HEADING_QUESTION = "short question in title case"
SHORT_QUESTION = "a short question: a heading or a sentence?"

MAX_HEADING_CHARACTERS = 120
MAX_HEADING_WORDS = 15

# What ends a sentence or a clause, in the scripts the articles are written in: Latin,
# the full-width forms of Chinese and Japanese (。，、；：！ and the half-width ｡), Arabic
# (، ؛) and the Devanagari danda (। ॥); a closing quote or bracket may follow it,
# corner brackets and full-width ones too. Question marks (? ？ ؟) follow their own rule.
_CLOSING = ".,;:!…。．，、；：！｡،؛।॥"
_QUESTION = "?？؟"
_CLOSERS = "\"'”’»›)]}」』）】》〉〕］｝"
# A full stop, a space and a capital: two sentences on the line.
_SENTENCE_BREAK = re.compile(r"\.\s+(\w)")
# Title case capitalises words of four letters or more; these stay lower case in some
# house styles, so they are not counted either way (shorter ones are never counted).
_MINOR_WORDS = frozenset(
    {"with", "from", "into", "onto", "upon", "over", "than", "that", "versus", "within", "without", "about"}
)
_TITLE_CASE_LETTERS = 4


class LineShape(Enum):
    HEADING = "heading"
    QUESTION_HEADING = "question heading"
    SHORT_QUESTION = "short question"
    SENTENCE = "sentence"


def line_shape(line: str) -> LineShape:
    """What a block of one line (whitespace collapsed) looks like."""
    if not _is_short(line) or _has_sentence_break(line) or _ends_closed(line):
        return LineShape.SENTENCE
    if line.endswith(tuple(_QUESTION)):
        return LineShape.QUESTION_HEADING if is_title_case(line) else LineShape.SHORT_QUESTION
    return LineShape.HEADING


def is_title_case(line: str) -> bool:
    """Most counted words are capitalised. Counted: words after the first (which every
    sentence capitalises too) with four letters or more, minor words aside; a line with
    no such word is not title case."""
    counted = []
    for word in line.split()[1:]:
        letters = [character for character in word if character.isalpha()]
        if len(letters) >= _TITLE_CASE_LETTERS and "".join(letters).lower() not in _MINOR_WORDS:
            counted.append(letters[0].isupper())
    return bool(counted) and sum(counted) * 2 > len(counted)


def _is_short(line: str) -> bool:
    return len(line) <= MAX_HEADING_CHARACTERS and len(line.split()) <= MAX_HEADING_WORDS


def _has_sentence_break(line: str) -> bool:
    return any(match.group(1).isupper() for match in _SENTENCE_BREAK.finditer(line))


def _ends_closed(line: str) -> bool:
    """Ends with closing punctuation, or with a question mark inside a closing quote or
    bracket (a quoted question ends a sentence; a bare one may be a heading)."""
    core = line.rstrip(_CLOSERS)
    if core != line:
        return core.endswith(tuple(_CLOSING + _QUESTION))
    return line.endswith(tuple(_CLOSING))
