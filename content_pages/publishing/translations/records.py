"""Translation records: which source text each live translation was made from.

Written when a page or snippet goes live and when a PO file is imported; read by
``reads.translation_status`` to tell a stale translation from a current one.
"""

from __future__ import annotations

from typing import Any

from wagtail.models import Page

from content_pages.foundations.languages import target_languages
from content_pages.models import TranslationRecord
from content_pages.reads.segments import Segment, is_translated, page_segments, snippet_segments, text_hash


def record_translations(segments: list[Segment], language: str) -> None:
    """Remember which source each current translation was made from.

    A translation seen for the first time, or changed since last recorded, is taken to
    translate the current source; an unchanged translation keeps its old record, which
    is how a later source edit turns it stale.
    """
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
                source_hash=segment.source_hash,
                translation_hash=translation_hash,
            )
        elif record.translation_hash != translation_hash:
            record.source_hash = segment.source_hash
            record.translation_hash = translation_hash
            record.save(update_fields=["source_hash", "translation_hash", "updated_at"])


def record_page(page: Page) -> None:
    """Record the translations of ``page`` as given: the version that has just gone live."""

    for language in target_languages():
        record_translations(page_segments(page, language), language)


def record_snippet(obj: Any) -> None:
    """Record the translations of a snippet as given: the version that has just gone live."""

    for language in target_languages():
        record_translations(snippet_segments(obj, language), language)
