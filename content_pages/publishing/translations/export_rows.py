"""What a translation file offers for each text, whatever its format: one list of rows
from which the PO catalogue (``export``) and the workbook (``spreadsheets.export``) are
both written, so that a text's state, its pre-filled translation and its notes are
decided once.

A missing translation that translation memory can offer (the same sentence translated
elsewhere) is offered pre-filled and ``suggested``; a ``stale`` one (its source changed
since it was made) carries the source it was made from. Both are for the translator to
check: each format marks them so that its import skips them until the translator says
otherwise (PO: the ``fuzzy`` flag; a workbook: its State column).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from wagtail.models import Page

from content_pages.foundations.lookups import shared_lookups
from content_pages.reads.glossary import GlossaryHit, terms_in
from content_pages.reads.page_versions import load_versions
from content_pages.reads.segments import Segment, versioned_segments
from content_pages.reads.translation_memory import suggestions
from content_pages.reads.translation_status import MISSING, STALE, TRANSLATED, segment_details

SUGGESTED = "suggested"
STATES = (TRANSLATED, MISSING, STALE, SUGGESTED)
# A text in these states is offered for the translator to check, not imported as it is.
TO_CHECK = (STALE, SUGGESTED)


@dataclass(frozen=True)
class ExportRow:
    segment: Segment
    # What the file offers: the current translation, or translation memory's suggestion.
    translation: str
    state: str  # ``translation_status``'s TRANSLATED, MISSING or STALE, or SUGGESTED
    # For a stale translation, the source it was made from, when recorded.
    previous_source: str | None
    notes: tuple[str, ...]  # what the text is and its limit, then the glossary's terms
    suggested_from: str = ""  # the segment a suggestion was translated for

    @property
    def to_check(self) -> bool:
        """Offered for the translator to check, not imported as it is."""
        return self.state in TO_CHECK

    def all_notes(self, to_use_a_suggestion: str) -> list[str]:
        """The notes, and for a suggestion where it comes from and what the translator
        does in this format to use it (``to_use_a_suggestion``)."""
        notes = list(self.notes)
        if self.state == SUGGESTED:
            notes.append(
                f"Suggested by translation memory (from {self.suggested_from}); check it and {to_use_a_suggestion}."
            )
        return notes


def glossary_comment(hit: GlossaryHit) -> str:
    """``Glossary: PD-1 → PD-1 (keep as written). <note>``."""
    rendering = hit.translation or "(no translation agreed yet)"
    comment = f"Glossary: {hit.term} → {rendering}{' (keep as written)' if hit.keep_as_is else ''}."
    return f"{comment} {hit.note}" if hit.note else comment


def export_rows(segments: Iterable[Segment], language: str) -> list[ExportRow]:
    """One row per segment, in the order given: states, suggestions and glossary terms
    are each read once for all of them."""
    segments = list(segments)
    details = segment_details(segments, language)
    offered = suggestions(segments, language)
    glossary = terms_in({segment.id: segment.source for segment in segments}, language)
    rows = []
    for segment in segments:
        detail = details[segment.id]
        suggestion = offered.get(segment.id)
        notes = [segment.note] if segment.note else []
        notes += [glossary_comment(hit) for hit in glossary.get(segment.id, [])]
        rows.append(
            ExportRow(
                segment=segment,
                translation=suggestion.text if suggestion is not None else segment.translation,
                state=SUGGESTED if suggestion is not None else detail.state,
                previous_source=detail.previous_source if detail.state == STALE else None,
                notes=tuple(notes),
                suggested_from=suggestion.segment_id if suggestion is not None else "",
            )
        )
    return rows


def segments_of_pages(pages: Iterable[Page], language: str) -> list[Segment]:
    """The segments of many pages for one file: read together (``load_versions``), each
    call to action or form page they share read once and listed once, in the order given."""
    ids = [page.pk for page in pages]
    versions = load_versions(ids)
    segments: list[Segment] = []
    with shared_lookups():
        for pk in ids:
            if pk not in versions:
                raise Page.DoesNotExist(f"No page with id {pk}.")
            segments += versioned_segments(versions[pk], language)
    return list({segment.id: segment for segment in segments}.values())
