"""A translated workbook goes through the PO import's checks and write: the same texts
store the same result, stale and suggested rows wait for the translator's word, and the
commands read and write workbooks."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from content_pages.models import ArticlePage, TranslationRecord
from content_pages.publishing.translations.apply import apply_translations
from content_pages.publishing.translations.export import page_catalog, po_bytes
from content_pages.publishing.translations.importing import ImportOptions, import_po
from content_pages.publishing.translations.spreadsheets.export import page_workbook
from content_pages.publishing.translations.spreadsheets.reading import import_workbook
from content_pages.reads.segments import object_label, snippets_shown, translatable_segments
from content_pages.reads.translation_status import STALE, TRANSLATED, page_status, segment_details
from tests.reviewing import approved_translations, make_reviewer

from .conftest import fill, fill_workbook, with_workbook_translation, workbook_rows

pytestmark = pytest.mark.django_db

BLOCK_ID = "4d7e1f2a-9b3c-4e5d-8f6a-7b8c9d0e1f2a"
OTHER_ID = "6e8f2a3b-0c4d-4f6e-9a7b-8c9d0e1f2a3b"
OLD = "Side effects are usually mild."
NEW = "Side effects are often mild."


def _ms(content):
    return {key: value for key, value in content.items() if key.endswith("_ms")}


def stored(article):
    """What an import leaves behind: the Malay texts of the page and of each snippet it
    shows, in their latest revision and live, their revision counts, and every Malay
    translation record (without its id and time)."""
    article = ArticlePage.objects.get(pk=article.pk)
    objects = {}
    for shown in [article, *snippets_shown(article)]:
        obj = type(shown)._default_manager.get(pk=shown.pk)
        live = {
            field.attname: field.value_to_string(obj)
            for field in obj._meta.concrete_fields
            if field.attname.endswith("_ms")
        }
        objects[object_label(obj)] = (_ms(obj.get_latest_revision().content), live, obj.revisions.count())
    records = sorted(
        TranslationRecord.objects.filter(language="ms").values_list(
            "segment_id",
            "source_hash",
            "translation_hash",
            "source_text",
            "translation_text",
            "source_key",
            "origin",
            "needs_review",
        )
    )
    return objects, records


def test_a_workbook_stores_what_the_same_po_file_stores(seeded, partly_translated):
    po = fill(po_bytes(page_catalog(seeded, "ms")))
    workbook = fill_workbook(page_workbook(seeded, "ms"))
    before = stored(seeded)
    with transaction.atomic():
        savepoint = transaction.savepoint()
        with approved_translations():
            po_report = import_po(po, ImportOptions(publish=True))
        through_po = stored(seeded)
        transaction.savepoint_rollback(savepoint)
    cache.clear()
    assert stored(seeded) == before  # the PO import is undone: both start from the same state
    with approved_translations():
        workbook_report = import_workbook(workbook, ImportOptions(publish=True))
    assert through_po != before
    assert stored(seeded) == through_po
    assert len(workbook_report.imported) == 33  # the paragraphs and list items left empty
    assert workbook_report.imported == po_report.imported
    assert workbook_report.unchanged == po_report.unchanged
    assert workbook_report.published == po_report.published
    assert page_status(ArticlePage.objects.get(pk=seeded.pk), "ms").percent == 100.0


def _set_paragraph(page, block_id, text, capture):
    draft = ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    stream = [block for block in draft.body_en.get_prep_value() if block["id"] != block_id]
    stream.append({"type": "paragraph", "id": block_id, "value": f"<p>{text}</p>"})
    draft.body_en = stream
    with capture(execute=True):
        draft.save_revision().publish()
    return f"page:{page.pk}:body:{block_id}"


def _state(page, segment_id):
    return segment_details(translatable_segments(page, "ms"), "ms")[segment_id].state


@pytest.fixture
def stale_paragraph(seeded, admin_user, django_capture_on_commit_callbacks):
    """A paragraph translated into Malay, then reworded in English and published."""
    segment_id = _set_paragraph(seeded, BLOCK_ID, OLD, django_capture_on_commit_callbacks)
    apply_translations(seeded, "ms", {segment_id: "Kesan sampingan biasanya ringan."}, user=admin_user)
    _set_paragraph(seeded, BLOCK_ID, NEW, django_capture_on_commit_callbacks)
    return segment_id


def test_a_stale_row_is_skipped_until_its_state_says_translated(seeded, stale_paragraph, admin_user):
    data = page_workbook(seeded, "ms")
    _sheet, _row, row = workbook_rows(data)[stale_paragraph]
    assert (row["State"], row["English"], row["Previous English"]) == ("stale", NEW, OLD)
    assert row["Translation"] == "Kesan sampingan biasanya ringan."

    report = import_workbook(data, ImportOptions(user=admin_user))
    assert stale_paragraph in report.skipped_fuzzy
    reworded = with_workbook_translation(data, stale_paragraph, "Kesan sampingan selalunya ringan.", state="stale")
    report = import_workbook(reworded, ImportOptions(user=admin_user))
    assert stale_paragraph in report.skipped_fuzzy
    assert stale_paragraph not in report.imported
    assert _state(seeded, stale_paragraph) == STALE

    # Left as it was but marked translated: the translator says it still fits.
    confirmed = with_workbook_translation(data, stale_paragraph, row["Translation"])
    report = import_workbook(confirmed, ImportOptions(user=admin_user))
    assert report.confirmed == [stale_paragraph]
    assert _state(seeded, stale_paragraph) == TRANSLATED


def test_a_suggestion_is_skipped_until_its_state_says_translated(
    seeded, small_article, admin_user, django_capture_on_commit_callbacks
):
    translated = _set_paragraph(seeded, BLOCK_ID, "Your care team will explain.", django_capture_on_commit_callbacks)
    apply_translations(seeded, "ms", {translated: "Pasukan penjagaan anda akan menerangkan."}, user=admin_user)
    missing = _set_paragraph(
        small_article, OTHER_ID, "Your care team will explain.", django_capture_on_commit_callbacks
    )

    data = page_workbook(small_article, "ms")
    _sheet, _row, row = workbook_rows(data)[missing]
    assert (row["State"], row["Translation"]) == ("suggested", "Pasukan penjagaan anda akan menerangkan.")
    assert (
        f"Suggested by translation memory (from {translated}); check it and set State to translated to use it."
        in row["Notes"]
    )
    report = import_workbook(data, ImportOptions(user=admin_user))
    assert missing in report.skipped_fuzzy
    assert missing not in report.imported

    report = import_workbook(
        with_workbook_translation(data, missing, row["Translation"]), ImportOptions(user=admin_user)
    )
    assert report.imported == [missing]


def test_the_commands_export_and_import_a_workbook(
    partly_translated, seeded, tmp_path, django_capture_on_commit_callbacks
):
    exported = tmp_path / "ms.xlsx"
    with pytest.raises(CommandError, match="give --output"):
        call_command("export_translations", "--lang", "ms", "--page", str(seeded.pk), "--format", "xlsx")
    call_command(
        "export_translations", "--lang", "ms", "--page", str(seeded.pk), "--format", "xlsx", "--output", str(exported)
    )
    assert exported.read_bytes().startswith(b"PK\x03\x04")
    translated = tmp_path / "ms-done.xlsx"
    translated.write_bytes(fill_workbook(exported.read_bytes()))

    call_command("import_translations", str(translated), "--dry-run")
    assert page_status(seeded, "ms").percent < 100
    with django_capture_on_commit_callbacks(execute=True):
        make_reviewer()
        call_command("import_translations", str(translated), "--publish", "--reviewer", "translation-reviewer")
    assert page_status(ArticlePage.objects.get(pk=seeded.pk), "ms").percent == 100.0


def test_the_import_command_names_the_sheet_and_row_of_a_problem(seeded, tmp_path, capsys):
    label = next(context for context in workbook_rows(page_workbook(seeded, "ms")) if context.endswith(":button_label"))
    broken = tmp_path / "ms.xlsx"
    broken.write_bytes(with_workbook_translation(page_workbook(seeded, "ms"), label, "x" * 32))
    sheet, row, _values = workbook_rows(broken.read_bytes())[label]
    with pytest.raises(CommandError, match=r"1 problem\(s\); nothing was imported"):
        call_command("import_translations", str(broken))
    assert f'{broken}: sheet "{sheet}", row {row} ({label}): 32 characters; at most 20 allowed here' in (
        capsys.readouterr().err
    )


def test_a_reviewer_of_another_language_is_refused_for_a_workbook(seeded, tmp_path):
    make_reviewer("zh-reviewer", languages=("zh-hans",))
    path = tmp_path / "ms.xlsx"
    path.write_bytes(page_workbook(seeded, "ms"))
    with pytest.raises(CommandError, match="zh-reviewer is not a reviewer of Malay translations"):
        call_command("import_translations", str(path), "--publish", "--reviewer", "zh-reviewer")
