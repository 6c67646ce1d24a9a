"""Translation memory: a translation made for one text, offered for the same text elsewhere.

Two segments translate the same sentence when their *normalised* sources are equal:
Unicode compatibility forms folded (NFKC), typographic quotes, apostrophes, dashes and
the ellipsis written one way, whitespace collapsed. Case is kept: "PD-1" and "pd-1" may
name different things in medicine, and a capital starts a sentence for a reason.

A suggestion is only ever offered (a ``fuzzy`` PO entry, a hint in the web editor);
nothing here writes a translation. It comes from ``TranslationRecord``, which keeps the
source and translation texts of every recorded translation.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from content_pages.models import TranslationRecord
from content_pages.reads.segments import Segment, is_translated

# Typographic variants -> the plain character; what NFKC leaves as it is.
_FOLD = str.maketrans(
    {
        "\u2018": "'",  # left single quotation mark
        "\u2019": "'",  # right single quotation mark, the typographic apostrophe
        "\u201a": "'",  # single low-9 quotation mark
        "\u201b": "'",  # single high-reversed-9 quotation mark
        "\u2032": "'",  # prime
        "\u02bc": "'",  # modifier letter apostrophe
        "\u201c": '"',  # left double quotation mark
        "\u201d": '"',  # right double quotation mark
        "\u201e": '"',  # double low-9 quotation mark
        "\u201f": '"',  # double high-reversed-9 quotation mark
        "\u2033": '"',  # double prime
        "\u00ab": '"',  # guillemets
        "\u00bb": '"',
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2015": "-",  # horizontal bar
        "\u2212": "-",  # minus sign
        "\u00ad": "",  # soft hyphen: invisible, an editor's hint for line breaks
        "\u200b": "",  # zero-width space
    }
)
_WHITESPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The form two sources are compared in; case is kept."""
    text = unicodedata.normalize("NFKC", text)  # also turns "…" into "..." and NBSP into a space
    text = text.translate(_FOLD)
    return _WHITESPACE.sub(" ", text).strip()


def source_key(text: str) -> str:
    """The memory lookup key of a source text: a hash of its normalised form."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Suggestion:
    text: str  # the translation, in translator text (``<a1>…</a1>`` placeholders)
    source: str  # the source it was made for
    segment_id: str  # where it was made


def suggestions(segments: list[Segment], language: str) -> dict[str, Suggestion]:
    """For each missing segment, the newest translation recorded for another segment with
    the same normalised source. One query for all."""
    wanted = {segment.id: source_key(segment.source) for segment in segments if not is_translated(segment)}
    if not wanted:
        return {}
    newest: dict[str, list[TranslationRecord]] = {}
    records = (
        TranslationRecord.objects.filter(language=language, source_key__in=set(wanted.values()))
        .exclude(translation_text="")
        .order_by("-updated_at", "-pk")
    )
    for record in records:
        newest.setdefault(record.source_key, []).append(record)
    found = {}
    for segment_id, key in wanted.items():
        # The record of the segment itself is no suggestion: it is missing because the
        # translation was removed, or lives only in a draft that is not shown here.
        match = next((r for r in newest.get(key, []) if r.segment_id != segment_id), None)
        if match is not None:
            found[segment_id] = Suggestion(match.translation_text, match.source_text, match.segment_id)
    return found
