"""Translation records: which source text each live translation was made from.

Written when a page or snippet goes live, when a PO file is imported and when the web
editor saves; read by ``reads.translation_status`` to tell a stale translation from a
current one (and to show what the source said before), and by
``reads.translation_memory`` to offer a translation for the same text elsewhere.
"""

from __future__ import annotations

from typing import Any

from wagtail.models import Page

from content_pages.foundations.languages import target_languages
from content_pages.models import TranslationRecord
from content_pages.reads.segments import Segment, is_translated, page_segments, snippet_segments, text_hash
from content_pages.reads.translation_memory import source_key

ORIGINS = frozenset(TranslationRecord.Origin.values)
# What a record keeps of the source and the translation it was made from (``_source_fields``).
SOURCE_FIELDS = ("source_hash", "source_text", "source_key", "translation_text")


def record_translations(
    segments: list[Segment], language: str, *, origin: str = "publish", needs_review: bool = False
) -> None:
    """Remember which source each current translation was made from, and how it came.

    A translation seen for the first time, or changed since last recorded, is taken to
    translate the current source; an unchanged translation keeps its old record (origin
    and review flag included), which is how a later source edit turns it stale.

    One read, then inserts that update the rows already there: a PO file of a thousand
    pages records its texts in a few statements, not one per text.
    """
    if origin not in ORIGINS:
        raise ValueError(f"unknown translation origin {origin!r}; one of {sorted(ORIGINS)}")
    translated = {segment.id: segment for segment in segments if is_translated(segment)}
    records = _records(list(translated), language)
    made: list[TranslationRecord] = []
    filled: list[TranslationRecord] = []
    for segment in translated.values():
        translation_hash = text_hash(segment.translation)
        record = records.get(segment.id)
        if record is None or record.translation_hash != translation_hash:
            made.append(
                TranslationRecord(
                    segment_id=segment.id,
                    language=language,
                    translation_hash=translation_hash,
                    origin=origin,
                    needs_review=needs_review,
                    **_source_fields(segment),
                )
            )
        elif not record.source_text and record.source_hash == segment.source_hash:
            # A record from before the texts were kept: still exact, so fill them in,
            # leaving ``updated_at`` as it was (the translation is no newer).
            for name, value in _source_fields(segment).items():
                setattr(record, name, value)
            filled.append(record)
    _upsert(made, [*SOURCE_FIELDS, "translation_hash", "origin", "needs_review", "updated_at"])
    _upsert(filled, list(SOURCE_FIELDS))


def confirm_translations(segments: list[Segment], language: str, *, origin: str) -> list[str]:
    """Record unchanged translations as made from the current source, because a
    translator checked them against it; the ids of those that were stale."""
    records = _records([segment.id for segment in segments], language)
    confirmed: list[TranslationRecord] = []
    for segment in segments:
        record = records.get(segment.id)
        if record is None or record.source_hash == segment.source_hash:
            continue
        if record.translation_hash != text_hash(segment.translation):
            continue  # not the translation the record is about: nothing to confirm
        for name, value in _source_fields(segment).items():
            setattr(record, name, value)
        record.origin = origin
        confirmed.append(record)
    _upsert(confirmed, [*SOURCE_FIELDS, "origin", "updated_at"])
    return [record.segment_id for record in confirmed]


def _records(segment_ids: list[str], language: str) -> dict[str, TranslationRecord]:
    return {
        record.segment_id: record
        for record in TranslationRecord.objects.filter(language=language, segment_id__in=segment_ids)
    }


def _upsert(records: list[TranslationRecord], fields: list[str]) -> None:
    """Insert ``records``, or set ``fields`` on the rows of the same segment and language.

    An ``INSERT … ON CONFLICT … DO UPDATE`` per batch, on SQLite and PostgreSQL alike:
    Django's ``bulk_update`` builds a ``CASE`` per field and row, which cost more than
    the rest of an import's writes together. ``updated_at`` is set by the insert
    (``auto_now``), so a record changes it only when ``fields`` names it.
    """
    if not records:
        return
    for record in records:
        record.pk = None  # matched on (segment, language), never on the id
    TranslationRecord.objects.bulk_create(
        records, update_conflicts=True, unique_fields=["segment_id", "language"], update_fields=fields
    )


def _source_fields(segment: Segment) -> dict[str, str]:
    return {
        "source_hash": segment.source_hash,
        "source_text": segment.source,
        "source_key": source_key(segment.source),
        "translation_text": segment.translation,
    }


def record_page(page: Page) -> None:
    """Record the translations of ``page`` as given: the version that has just gone live."""

    for language in target_languages():
        record_translations(page_segments(page, language), language)


def record_snippet(obj: Any) -> None:
    """Record the translations of a snippet as given: the version that has just gone live."""

    for language in target_languages():
        record_translations(snippet_segments(obj, language), language)
