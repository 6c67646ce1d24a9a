"""A text over the single-text limit, or a file over the upload limit, is refused at once:
before placeholders are compared and before any channel check, naming the text and the
limit, with nothing written."""

import io
from dataclasses import replace

import pytest
from django.urls import reverse

from content_pages.foundations.limits import TEXT_MAX, TRANSLATION_FILE_MAX_BYTES
from content_pages.foundations.translator_text import PLACEHOLDER, to_translator_text
from content_pages.models import ArticlePage, TranslationRecord
from content_pages.publishing.gate import rules
from content_pages.publishing.translations.apply import apply_translations
from content_pages.publishing.translations.export import page_catalog, po_bytes
from content_pages.publishing.translations.importing import (
    Entry,
    ImportOptions,
    ImportRejected,
    check_translation,
    import_po,
)
from content_pages.reads.segments import translatable_segments
from content_pages.rendering.channels import segmentation

from .conftest import with_translation

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_channel_checks(monkeypatch):
    """Records every channel check and every call into the Unicode segmenter."""
    calls = []
    original = rules.channel_limit_errors
    monkeypatch.setattr(rules, "channel_limit_errors", lambda *a, **k: calls.append("channels") or original(*a, **k))
    monkeypatch.setattr(segmentation, "_boundaries", lambda segmenter, text: calls.append("segmenter") or [])
    segmentation._sentence_points.cache_clear()
    segmentation._line_points.cache_clear()
    return calls


def _paragraph(article):
    return next(
        segment
        for segment in translatable_segments(article, "ms")
        if segment.stream_path and segment.markup is not None and "<" not in segment.source
    )


def _state(article):
    article = ArticlePage.objects.get(pk=article.pk)
    return article.latest_revision_id, TranslationRecord.objects.count()


def test_a_200k_translation_in_the_editor_is_refused_before_any_channel_check(seeded, no_channel_checks):
    paragraph = _paragraph(seeded)
    before = _state(seeded)
    with pytest.raises(ImportRejected) as rejected:
        apply_translations(seeded, "ms", {paragraph.id: "Teks panjang. " * 15_000}, user=None)
    [problem] = rejected.value.report.problems
    assert problem.segment == paragraph.id
    assert "210,000 characters" in problem.message
    assert f"at most {TEXT_MAX:,}" in problem.message
    assert "Paragraph" in problem.message
    assert no_channel_checks == []
    assert _state(seeded) == before


def test_the_limit_counts_what_a_reader_sees_not_the_placeholders(seeded):
    markup = to_translator_text('<p>Ask <a href="https://example.org/">our <b>nurses</b></a> first.</p>')
    paragraph = replace(_paragraph(seeded), source=markup.text, markup=markup)
    opened = PLACEHOLDER.search(markup.text).start()
    # Exactly TEXT_MAX visible characters with the source's placeholders kept: within the limit.
    visible = len(PLACEHOLDER.sub("", markup.text))
    padded = markup.text[:opened] + "x" * (TEXT_MAX - visible) + markup.text[opened:]
    assert len(padded) > TEXT_MAX
    assert check_translation(paragraph, Entry(paragraph.id, padded)) == []
    [over] = check_translation(paragraph, Entry(paragraph.id, padded + "x"))
    assert f"{TEXT_MAX + 1:,} characters" in over.message


def test_a_200k_translation_in_a_po_file_is_refused_before_any_channel_check(seeded, no_channel_checks):
    paragraph = _paragraph(seeded)
    data = with_translation(po_bytes(page_catalog(seeded, "ms")), paragraph.id, "x " * 100_000)
    before = _state(seeded)
    with pytest.raises(ImportRejected) as rejected:
        import_po(data)
    [problem] = rejected.value.report.problems
    assert problem.segment == paragraph.id
    assert problem.line
    assert f"at most {TEXT_MAX:,}" in problem.message
    assert no_channel_checks == []
    assert _state(seeded) == before


def test_a_po_file_over_the_upload_limit_is_refused_unread(seeded, admin_client):
    data = po_bytes(page_catalog(seeded, "ms"))
    big = data + b"#" * (TRANSLATION_FILE_MAX_BYTES - len(data) + 1)
    with pytest.raises(ImportRejected) as rejected:
        import_po(big)
    assert "at most 5 MB" in str(rejected.value)
    upload = io.BytesIO(big)
    upload.name = "ms.po"
    before = _state(seeded)
    response = admin_client.post(reverse("content_pages_page_translations", args=[seeded.pk]), {"po_file": upload})
    assert "at most 5 MB" in response.content.decode()
    assert _state(seeded) == before


def test_a_po_file_of_exactly_the_limit_is_read(seeded):
    data = po_bytes(page_catalog(seeded, "ms"))
    padded = data + b"\n" + b"#" * (TRANSLATION_FILE_MAX_BYTES - len(data) - 2) + b"\n"
    assert len(padded) == TRANSLATION_FILE_MAX_BYTES
    report = import_po(padded, ImportOptions(dry_run=True))
    assert report.ok


def test_the_command_refuses_a_file_over_the_limit(tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "big.po"
    path.write_bytes(b"#" * (TRANSLATION_FILE_MAX_BYTES + 1))
    with pytest.raises(CommandError, match="at most 5 MB"):
        call_command("import_translations", str(path))
