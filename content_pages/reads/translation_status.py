"""Status: per page and language, which segments are translated, missing or stale.

A translation is stale when the source text changed after it was made: the recorded
source hash of the segment no longer matches the current source.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from wagtail.models import Page

from content_pages.models import TranslationRecord
from content_pages.reads.segments import Segment, is_translated, own_segments, page_segments

TRANSLATED, MISSING, STALE = "translated", "missing", "stale"


def _records(segments: list[Segment], language: str) -> dict[str, TranslationRecord]:
    return {
        record.segment_id: record
        for record in TranslationRecord.objects.filter(language=language, segment_id__in=[s.id for s in segments])
    }


def _state(segment: Segment, record: TranslationRecord | None) -> str:
    if not is_translated(segment):
        return MISSING
    return STALE if record is not None and record.source_hash != segment.source_hash else TRANSLATED


def segment_states(segments: list[Segment], language: str) -> dict[str, str]:
    records = _records(segments, language)
    return {segment.id: _state(segment, records.get(segment.id)) for segment in segments}


@dataclass(frozen=True)
class SegmentDetail:
    state: str
    # What the source said when the translation was made, for a stale segment: a
    # translator compares it with the current source to see what changed. None when
    # not stale, or when the record predates stored sources.
    previous_source: str | None
    # The recorded translation was never medically reviewed (a seed translation, say).
    needs_review: bool


def segment_details(segments: list[Segment], language: str) -> dict[str, SegmentDetail]:
    """State, previous source and review flag of each segment; one query for all."""
    records = _records(segments, language)
    details = {}
    for segment in segments:
        record = records.get(segment.id)
        state = _state(segment, record)
        details[segment.id] = SegmentDetail(
            state=state,
            previous_source=(record.source_text or None) if record is not None and state == STALE else None,
            needs_review=bool(record is not None and state != MISSING and record.needs_review),
        )
    return details


@dataclass(frozen=True)
class Status:
    language: str
    total: int
    translated: int
    missing: int
    stale: int
    # Where the page's own stale texts are, as reader-facing paths ("standfirst",
    # "body.<block id>.items.<item id>"); stale snippet texts are only counted.
    stale_paths: tuple[str, ...] = ()

    @property
    def percent(self) -> float:
        return round(100 * self.translated / self.total, 1) if self.total else 100.0

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "stale_paths": list(self.stale_paths), "percent": self.percent}


def page_status(page: Page, language: str, segments: list[Segment] | None = None) -> Status:
    from content_pages.foundations.languages import source_language

    segments = page_segments(page, language) if segments is None else segments
    if language == source_language():
        return Status(language, len(segments), len(segments), 0, 0)
    by_id = segment_states(segments, language)
    states = list(by_id.values())
    stale_paths = tuple(
        segment_path(segment) for segment in segments if by_id[segment.id] == STALE and _owned_by(segment, page)
    )
    return Status(
        language, len(states), states.count(TRANSLATED), states.count(MISSING), states.count(STALE), stale_paths
    )


def stale_paths(page: Page, language: str) -> tuple[str, ...]:
    """Where the page's own stale texts are; cheaper than a full status, since the
    snippets the page shows are not read (a reader view asks this on every request)."""
    segments = own_segments(page, language)
    states = segment_states(segments, language)
    return tuple(segment_path(segment) for segment in segments if states[segment.id] == STALE)


def segment_path(segment: Segment) -> str:
    """The reader-facing path of a page's text, as fallbacks name it."""
    return ".".join([segment.field, *segment.stream_path])


def _owned_by(segment: Segment, page: Page) -> bool:
    return isinstance(segment.owner, Page) and segment.owner.pk == page.pk
