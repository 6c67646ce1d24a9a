"""Each page a file writes to is checked once, for what a translation can break, and a
page that fails its checks rejects the whole file."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.corpus import SeedParts, bulk_articles
from content_pages.models import ArticlePage, TranslationRecord
from content_pages.publishing.translations.export import page_catalog, po_bytes
from content_pages.publishing.translations.importing import ImportRejected, import_po
from content_pages.reads.segments import translatable_segments

from .conftest import with_translation

pytestmark = pytest.mark.django_db


def _state(article):
    article = ArticlePage.objects.get(pk=article.pk)
    return article.revisions.count(), article.latest_revision_id, TranslationRecord.objects.count()


def _plain_paragraph(article, language):
    """A paragraph of the article with no links or formatting: any text is its translation."""
    return next(
        segment
        for segment in translatable_segments(article, language)
        if segment.stream_path and segment.markup is not None and "<" not in segment.source
    )


def test_a_text_no_sms_can_carry_rejects_the_file_naming_the_channel_and_language(seeded):
    paragraph = _plain_paragraph(seeded, "ms")
    # One "word" longer than the six SMS segments a message may take.
    data = with_translation(po_bytes(page_catalog(seeded, "ms")), paragraph.id, "x" * 1000)
    before = _state(seeded)
    with pytest.raises(ImportRejected) as rejected:
        import_po(data)
    [problem] = rejected.value.report.problems
    assert problem.segment == f"page:{seeded.pk}"
    assert "SMS, Malay" in problem.message
    assert _state(seeded) == before


def test_a_pending_slug_taken_by_a_sibling_is_still_refused(seeded):
    """A translation sets no slug, so the siblings are not read for a page whose slugs
    are as stored; a pending draft that changed one is checked in full."""
    sibling = ArticlePage.objects.get(pk=bulk_articles(880, 1, 10, SeedParts.load())[0])
    draft = seeded.get_latest_revision_as_object()
    draft.slug_ms = sibling.slug_ms
    draft.save_revision(clean=False)
    title = f"page:{seeded.pk}:title"
    data = with_translation(po_bytes(page_catalog(seeded, "ms")), title, "Tajuk baharu")
    before = _state(seeded)
    with pytest.raises(ImportRejected) as rejected:
        import_po(data)
    [problem] = rejected.value.report.problems
    assert problem.segment == f"page:{seeded.pk}"
    assert "slug" in problem.message
    assert _state(seeded) == before


def test_a_slug_as_stored_is_not_checked_against_the_siblings(seeded):
    bulk_articles(870, 3, 10, SeedParts.load())
    title = f"page:{seeded.pk}:title"
    data = with_translation(po_bytes(page_catalog(seeded, "ms")), title, "Tajuk baharu")
    with CaptureQueriesContext(connection) as captured:
        report = import_po(data)
    assert report.pages == [seeded.pk]
    # Siblings are the pages one level down the same branch of the tree.
    siblings = [query["sql"] for query in captured.captured_queries if '"wagtailcore_page"."depth" =' in query["sql"]]
    assert siblings == []
