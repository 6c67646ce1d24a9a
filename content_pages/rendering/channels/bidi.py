"""Unicode bidi isolation for chat and SMS texts in a right-to-left language.

A text message has no markup for direction: the phone lays it out with the Unicode
bidirectional algorithm alone. In Arabic or Hebrew text, a left-to-right run (a URL, a
number with its "%", "-" or "/", a drug name such as "PD-1") next to neutral punctuation
is reordered: "10-20%" shows as "%20-10", a URL's trailing slash jumps to its other end.
Each such run is wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE (U+2068,
U+2069, UAX #9), which lays it out on its own and places it as one unit.

Only a right-to-left language gets them: a left-to-right text is returned as it was, so
every English, Malay or Chinese message is byte for byte what it was before. The marks
are part of the text when it is measured (SMS units, WhatsApp characters, Telegram
UTF-16 units), so a message with them still fits its limit. Consecutive left-to-right
words separated by spaces form one run ("Cancer Discovery" stays in its order); sentence
punctuation around a word ends the run and stays outside it.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import get_language

from content_pages.foundations.languages import RTL, direction, source_language

FSI, PDI = "\u2068", "\u2069"
# Words, and the horizontal spaces between them (a line break ends a run).
_PIECE = re.compile(r"[^\s]+|[^\S\n]+|\n")
_OPENING = "([{«‹\"'“‘"
_CLOSING = ".,;:!?)]}»›\"'”’،؛؟"
_RIGHT_TO_LEFT = {"R", "AL"}
_LEFT_TO_RIGHT = {"L", "EN"}


def _is_left_to_right(word: str) -> bool:
    classes = {unicodedata.bidirectional(char) for char in word}
    return bool(classes & _LEFT_TO_RIGHT) and not classes & _RIGHT_TO_LEFT and FSI not in word and PDI not in word


def isolate(text: str, language: str) -> str:
    """``text`` with each left-to-right run isolated when ``language`` is written right
    to left; otherwise ``text`` itself."""
    if direction(language) != RTL or not text:
        return text
    pieces = _PIECE.findall(text)
    out: list[str] = []
    run: list[str] = []  # words (and the spaces between them) of the current run

    def close() -> None:
        trailing: list[str] = []
        while run and not run[-1].strip():
            trailing.insert(0, run.pop())
        if run:
            body = "".join(run)
            lead = len(body) - len(body.lstrip(_OPENING))
            trail = len(body) - len(body.rstrip(_CLOSING))
            core = body[lead : len(body) - trail]
            out.append(body[:lead] + FSI + core + PDI + body[len(body) - trail :] if core else body)
        out.extend(trailing)
        run.clear()

    for piece in pieces:
        if piece == "\n":
            close()
            out.append(piece)
        elif not piece.strip():
            (run if run else out).append(piece)
        elif _is_left_to_right(piece.strip(_OPENING + _CLOSING) or piece):
            # Punctuation before or after a word ends a run there: it belongs to the
            # sentence around it ("(PD-1)", "Discovery،").
            if piece[0] in _OPENING:
                close()
            run.append(piece)
            if piece[-1] in _CLOSING:
                close()
        else:
            close()
            out.append(piece)
    close()
    return "".join(out)


def isolate_for_reader(text: str) -> str:
    """``isolate`` in the language being rendered (channels render inside
    ``translation.override(language)``, as their labels are translated)."""
    return isolate(text, get_language() or source_language())
