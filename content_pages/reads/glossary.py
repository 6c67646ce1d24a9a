"""Which glossary terms a text contains, with their translation in one language.

A term matches as a whole word: "PD-1" in "anti-PD-1 inhibitors" but not in "PD-10",
"cell" in "a T-cell" but not in "cellular" (a hyphen separates words). Terms with a
capital letter or a digit (gene and protein names, "PD-1", "CAR-T") match
case-sensitively, since "pd-1" is not how anyone writes them; plain words ("biopsy")
match in any case, "Biopsy" starting a sentence too. Texts and terms are compared
normalised, as translation memory compares sources.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import FilteredRelation, Q

from content_pages.models import GlossaryTerm
from content_pages.reads.translation_memory import normalise


@dataclass(frozen=True)
class GlossaryHit:
    term: str
    translation: str  # the term itself when it is kept as written; "" when none given yet
    note: str  # the term's note for every language, then the language's own note
    keep_as_is: bool


def _pattern(term: str) -> re.Pattern[str]:
    """The term as a whole word: no letter or digit right before or after it."""
    sensitive = any(character.isupper() or character.isdigit() for character in term)
    return re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", 0 if sensitive else re.IGNORECASE)


def terms_in(texts: dict[str, str], language: str) -> dict[str, list[GlossaryHit]]:
    """Each key of ``texts`` (a segment id) mapped to the glossary terms its text contains,
    in the glossary's order; keys whose text contains none are left out. One query."""
    terms = (
        GlossaryTerm.objects.annotate(
            own=FilteredRelation("translations", condition=Q(translations__language=language))
        )
        .values("term", "keep_as_is", "note", "own__translation", "own__note")
        .order_by("term")
    )
    # "PD‑1" written with a non-breaking hyphen is still PD-1.
    normalised = {key: normalise(text) for key, text in texts.items()}
    hits: dict[str, list[GlossaryHit]] = {}
    for row in terms:
        notes = (row["note"], row["own__note"] or "")
        hit = GlossaryHit(
            term=row["term"],
            translation=row["term"] if row["keep_as_is"] else (row["own__translation"] or ""),
            note=" ".join(note.strip() for note in notes if note.strip()),
            keep_as_is=row["keep_as_is"],
        )
        pattern = _pattern(normalise(row["term"]))
        for key, text in normalised.items():
            if pattern.search(text):
                hits.setdefault(key, []).append(hit)
    return hits
