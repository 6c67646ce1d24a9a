"""Readability of plain text in one language, with textstat's formulas.

A figure is only given where textstat has a formula made for the language: today the
project's only such language is English (Flesch reading ease and Flesch–Kincaid grade,
syllables from the CMU Pronouncing Dictionary). textstat would happily run its English
formula on Malay or Chinese text, and give a number that means nothing, so every other
language is "unsupported": no number at all.

textstat keeps the language on the object it computes with (``set_lang``); the module
level ``textstat.textstat`` is one shared object. Each call here makes its own
``textstatistics`` and sets its language, so concurrent calls in other languages, or
other code calling ``textstat.set_lang``, cannot change a result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from textstat.textstat import textstatistics

READING_EASE = "flesch_reading_ease"
GRADE = "flesch_kincaid_grade"

# A content language (its primary subtag) -> the textstat locale whose formulas and
# syllable counting are made for it. Only languages for which textstat has *both*
# formulas belong here: Flesch–Kincaid grade is an English formula, and textstat's
# reading-ease constants for other languages (de, es, fr, it, nl, ru, hu) are not ours.
TEXTSTAT_LOCALES: dict[str, str] = {"en": "en_US"}

TargetStatus = Literal["within", "below", "above", "no_target", "no_score"]


@dataclass(frozen=True)
class Readability:
    """One text's figures; ``score`` and ``grade`` are None when there was no text."""

    supported: bool
    score: float | None = None
    grade: float | None = None
    words: int = 0

    def as_dict(self) -> dict[str, Any]:
        """The shape of ``meta.readability`` in the pages API."""
        if not self.supported:
            return {"supported": False}
        return {
            "supported": True,
            "formula": READING_EASE,
            "score": self.score,
            "grade_formula": GRADE,
            "grade": self.grade,
            "words": self.words,
        }


UNSUPPORTED = Readability(supported=False)


def textstat_locale(language: str) -> str | None:
    """The textstat locale for a content language code (``en``, ``en-gb``), if it has one."""
    primary = re.split(r"[-_]", language.lower(), maxsplit=1)[0]
    return TEXTSTAT_LOCALES.get(primary)


def is_supported(language: str) -> bool:
    return textstat_locale(language) is not None


def readability(text: str, language: str) -> Readability:
    """Flesch reading ease and Flesch–Kincaid grade of ``text``, written in ``language``.

    ``text`` must be in ``language`` only: the caller leaves out anything served from
    another language. Unsupported languages give ``Readability(supported=False)``.
    """
    locale = textstat_locale(language)
    if locale is None:
        return UNSUPPORTED
    stats = textstatistics()
    stats.set_lang(locale)  # this object's language only; never the shared textstat.textstat
    stats.set_rounding_points(None)
    words = int(stats.lexicon_count(text))
    if words == 0:
        return Readability(supported=True, words=0)
    return Readability(
        supported=True,
        score=round(float(stats.flesch_reading_ease(text)), 1),
        grade=round(float(stats.flesch_kincaid_grade(text)), 1),
        words=words,
    )


def target_status(grade: float | None, lowest: Decimal | float | None, highest: Decimal | float | None) -> TargetStatus:
    """Where a reading grade stands against a site's target range (either end optional)."""
    if lowest is None and highest is None:
        return "no_target"
    if grade is None:
        return "no_score"
    if lowest is not None and grade < float(lowest):
        return "below"
    if highest is not None and grade > float(highest):
        return "above"
    return "within"
