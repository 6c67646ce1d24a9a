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


def record_translations(
    segments: list[Segment], language: str, *, origin: str = "publish", needs_review: bool = False
) -> None:
    """Remember which source each current translation was made from, and how it came.

    A translation seen for the first time, or changed since last recorded, is taken to
    translate the current source; an unchanged translation keeps its old record (origin
    and review flag included), which is how a later source edit turns it stale.
    """
    if origin not in ORIGINS:
        raise ValueError(f"unknown translation origin {origin!r}; one of {sorted(ORIGINS)}")
    records = {
        record.segment_id: record
        for record in TranslationRecord.objects.filter(language=language, segment_id__in=[s.id for s in segments])
    }
    for segment in segments:
        if not is_translated(segment):
            continue
        translation_hash = text_hash(segment.translation)
        record = records.get(segment.id)
        if record is None:
            TranslationRecord.objects.create(
                segment_id=segment.id,
                language=language,
                translation_hash=translation_hash,
                origin=origin,
                needs_review=needs_review,
                **_source_fields(segment),
            )
        elif record.translation_hash != translation_hash:
            for name, value in _source_fields(segment).items():
                setattr(record, name, value)
            record.translation_hash = translation_hash
            record.origin = origin
            record.needs_review = needs_review
            record.save()
        elif not record.source_text and record.source_hash == segment.source_hash:
            # A record from before the texts were kept: still exact, so fill them in,
            # leaving ``updated_at`` as it was (the translation is no newer).
            for name, value in _source_fields(segment).items():
                setattr(record, name, value)
            record.save(update_fields=list(_source_fields(segment)))


def confirm_translations(segments: list[Segment], language: str, *, origin: str) -> list[str]:
    """Record unchanged translations as made from the current source, because a
    translator checked them against it; the ids of those that were stale."""
    records = {
        record.segment_id: record
        for record in TranslationRecord.objects.filter(language=language, segment_id__in=[s.id for s in segments])
    }
    confirmed = []
    for segment in segments:
        record = records.get(segment.id)
        if record is None or record.source_hash == segment.source_hash:
            continue
        if record.translation_hash != text_hash(segment.translation):
            continue  # not the translation the record is about: nothing to confirm
        for name, value in _source_fields(segment).items():
            setattr(record, name, value)
        record.origin = origin
        record.save()
        confirmed.append(segment.id)
    return confirmed


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
