"""What a PO file says beyond source and translation, and what an import counts."""

import io
import shutil
import subprocess

import pytest
from babel.messages.pofile import normalize, read_po
from wagtail.models import PageLogEntry

from content_pages.models import ArticlePage, TranslationRecord
from content_pages.publishing.translations.apply import apply_translations
from content_pages.publishing.translations.export import page_catalog, po_bytes
from content_pages.publishing.translations.importing import ImportOptions, import_po
from content_pages.reads.segments import translatable_segments
from content_pages.reads.translation_status import STALE, TRANSLATED, SegmentDetail, segment_details
from tests.reviewing import approved_translations

from .conftest import with_translation

pytestmark = pytest.mark.django_db

BLOCK_ID = "3e6f0c2a-8b1d-4e5f-9a7c-2d4b6f8a0c1e"
OLD = "Side effects are usually mild.\n\nTell your nurse about any change."
NEW = "Side effects are often mild.\n\nTell your nurse about any change."


def entries(data):
    return {message.context: message for message in read_po(io.BytesIO(data)) if message.id}


def set_paragraph(page, html, capture):
    draft = ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    stream = [block for block in draft.body_en.get_prep_value() if block["id"] != BLOCK_ID]
    stream.append({"type": "paragraph", "id": BLOCK_ID, "value": html})
    draft.body_en = stream
    with capture(execute=True):
        draft.save_revision().publish()
    return f"page:{page.pk}:body:{BLOCK_ID}"


def html(text):
    return "".join(f"<p>{paragraph}</p>" for paragraph in text.split("\n\n"))


@pytest.fixture
def stale_paragraph(seeded, admin_user, django_capture_on_commit_callbacks):
    """A paragraph translated into Malay, then reworded in English and published."""
    segment_id = set_paragraph(seeded, html(OLD), django_capture_on_commit_callbacks)
    apply_translations(
        seeded, "ms", {segment_id: "Kesan sampingan biasanya ringan.\n\nBeritahu jururawat."}, user=admin_user
    )
    set_paragraph(seeded, html(NEW), django_capture_on_commit_callbacks)
    return segment_id


def test_a_stale_entry_carries_the_old_english_as_previous_msgid(seeded, stale_paragraph):
    data = po_bytes(page_catalog(seeded, "ms"))
    entry = entries(data)[stale_paragraph]
    assert entry.fuzzy
    assert entry.id == NEW
    text = data.decode()
    # As xgettext writes it: quoted line by line, right before the msgctxt.
    previous = "\n".join(f"#| {line}" for line in normalize(OLD, width=0).split("\n")).replace("#| ", "#| msgid ", 1)
    assert f'{previous}\nmsgctxt "{stale_paragraph}"\nmsgid ""\n"Side effects are often mild.\\n"' in text
    assert previous.startswith('#| msgid ""\n#| "Side effects are usually mild.\\n"')
    # Babel reads the file back; the previous msgid is a comment to it, never imported.
    assert read_po(io.BytesIO(data))


@pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext is not installed")
def test_gnu_gettext_reads_the_previous_msgid(seeded, stale_paragraph, tmp_path):
    """Babel's own include_previous wraps the quoted text unreadably; this export does not."""
    path = tmp_path / "ms.po"
    path.write_bytes(po_bytes(page_catalog(seeded, "ms")))
    result = subprocess.run(["msgcat", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert '#| "Side effects are usually mild.\\n"' in result.stdout


def test_segment_details_name_the_previous_source(seeded, stale_paragraph):
    segments = translatable_segments(seeded, "ms")
    details = segment_details(segments, "ms")
    assert details[stale_paragraph] == SegmentDetail(state=STALE, previous_source=OLD, needs_review=False)
    title = f"page:{seeded.pk}:title"
    assert details[title].state in (TRANSLATED, STALE)
    assert details[title].previous_source in (None, seeded.title_en)


def test_previous_source_is_unknown_for_records_from_before(seeded, stale_paragraph):
    TranslationRecord.objects.filter(segment_id=stale_paragraph, language="ms").update(source_text="")
    details = segment_details(translatable_segments(seeded, "ms"), "ms")
    assert details[stale_paragraph] == SegmentDetail(state=STALE, previous_source=None, needs_review=False)
    assert (
        "#| msgid" not in po_bytes(page_catalog(seeded, "ms")).decode().split(f'msgctxt "{stale_paragraph}"')[0][-300:]
    )


def test_segment_details_take_one_query(seeded, django_assert_num_queries):
    segments = translatable_segments(seeded, "ms")
    with django_assert_num_queries(1):
        segment_details(segments, "ms")


def test_needs_review_comes_from_the_record(seeded, admin_user):
    title = f"page:{seeded.pk}:standfirst"
    data = with_translation(po_bytes(page_catalog(seeded, "ms")), title, "Ringkasan daripada benih.")
    import_po(data, ImportOptions(user=admin_user, origin="seed", needs_review=True))
    record = TranslationRecord.objects.get(segment_id=title, language="ms")
    assert (record.origin, record.needs_review, record.translation_text) == ("seed", True, "Ringkasan daripada benih.")
    assert record.source_text == seeded.standfirst_en
    assert segment_details(translatable_segments(seeded, "ms"), "ms")[title].needs_review


def test_the_import_counts_only_changed_translations(seeded, admin_user):
    data = po_bytes(page_catalog(seeded, "ms"))
    exported = entries(data)
    current = [key for key, message in exported.items() if message.string and not message.fuzzy]
    standfirst = f"page:{seeded.pk}:standfirst"
    report = import_po(with_translation(data, standfirst, "Ringkasan yang baharu."), ImportOptions(user=admin_user))
    assert report.imported == [standfirst]
    assert sorted(report.unchanged) == sorted(key for key in current if key != standfirst)
    record = TranslationRecord.objects.get(segment_id=standfirst, language="ms")
    assert (record.origin, record.translation_text) == ("po", "Ringkasan yang baharu.")


def test_re_importing_an_unchanged_file_saves_no_revision_and_publishes_nothing(seeded, admin_user):
    data = po_bytes(page_catalog(seeded, "ms"))
    revisions, logs = seeded.revisions.count(), PageLogEntry.objects.count()
    with approved_translations():
        report = import_po(data, ImportOptions(user=admin_user, publish=True))
    assert report.imported == []
    assert report.pages == []
    assert report.published == []
    assert seeded.revisions.count() == revisions
    assert PageLogEntry.objects.count() == logs


def test_an_unchanged_file_still_publishes_a_translation_left_as_a_draft(seeded, admin_user):
    standfirst = f"page:{seeded.pk}:standfirst"
    data = with_translation(po_bytes(page_catalog(seeded, "ms")), standfirst, "Ringkasan dalam draf.")
    import_po(data, ImportOptions(user=admin_user))  # a draft
    revisions = seeded.revisions.count()
    with approved_translations():  # the admin wrote it: another, a reviewer of Malay, approves
        report = import_po(data, ImportOptions(user=admin_user, publish=True))
    assert report.imported == []
    assert standfirst in report.unchanged
    assert report.published == [f"page:{seeded.pk}"]
    seeded.refresh_from_db()
    assert seeded.standfirst_ms == "Ringkasan dalam draf."
    assert seeded.revisions.count() == revisions + 1  # the publish's own revision, no import revision


def _state(page, segment_id):
    return segment_details(translatable_segments(page, "ms"), "ms")[segment_id].state


def test_removing_the_fuzzy_flag_of_an_unchanged_stale_entry_confirms_it(seeded, stale_paragraph):
    """The gettext way: the translator checks the fuzzy entry against the new English and
    removes the flag; the unchanged translation is then current, with no new revision."""
    catalog = read_po(io.BytesIO(po_bytes(page_catalog(seeded, "ms"))))
    for message in catalog:
        if message.context == stale_paragraph:
            message.flags.discard("fuzzy")
    out = io.BytesIO()
    from babel.messages.pofile import write_po

    write_po(out, catalog, width=0)
    revision = ArticlePage.objects.get(pk=seeded.pk).latest_revision_id
    report = import_po(out.getvalue())
    assert report.confirmed == [stale_paragraph]
    assert stale_paragraph not in report.imported
    assert _state(seeded, stale_paragraph) == TRANSLATED
    assert TranslationRecord.objects.get(segment_id=stale_paragraph, language="ms").source_text == NEW
    assert ArticlePage.objects.get(pk=seeded.pk).latest_revision_id == revision


def test_a_fuzzy_stale_entry_left_fuzzy_stays_stale(seeded, stale_paragraph):
    report = import_po(po_bytes(page_catalog(seeded, "ms")))
    assert report.confirmed == []
    assert _state(seeded, stale_paragraph) == STALE


def test_the_editor_confirms_a_stale_translation_only_when_asked(seeded, stale_paragraph, admin_user):
    current = next(s for s in translatable_segments(seeded, "ms") if s.id == stale_paragraph).translation
    report = apply_translations(seeded, "ms", {stale_paragraph: current}, user=admin_user)
    assert report.confirmed == []
    assert _state(seeded, stale_paragraph) == STALE
    report = apply_translations(seeded, "ms", {stale_paragraph: current}, user=admin_user, confirmed={stale_paragraph})
    assert report.confirmed == [stale_paragraph]
    assert _state(seeded, stale_paragraph) == TRANSLATED
