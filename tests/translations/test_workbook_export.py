"""A workbook export holds what the PO export holds, laid out for a spreadsheet, and no
cell of it is ever a formula."""

import io
import re
import zipfile

import openpyxl
import pytest
from babel.messages.pofile import read_po
from django.core.management import CommandError, call_command
from django.urls import reverse

from content_pages.models import ArticlePage
from content_pages.publishing.translations.export import page_catalog, po_bytes
from content_pages.publishing.translations.importing import ImportOptions
from content_pages.publishing.translations.spreadsheets.export import page_workbook
from content_pages.publishing.translations.spreadsheets.reading import import_workbook

from .conftest import with_workbook_translation, workbook_rows

pytestmark = pytest.mark.django_db

HEADERS = ["Context id", "English", "Translation", "Limit", "State", "Previous English", "Notes"]
RISKY = {  # block id -> an English text a spreadsheet would take for a formula
    "1a2b3c4d-0000-4000-8000-000000000001": "=SUM(A1)",
    "1a2b3c4d-0000-4000-8000-000000000002": "+60 12-345 6789",
    "1a2b3c4d-0000-4000-8000-000000000003": "-5 °C",
    "1a2b3c4d-0000-4000-8000-000000000004": "@nurse",
}


def test_the_workbook_has_the_layout_and_the_language(seeded, partly_translated):
    book = openpyxl.load_workbook(io.BytesIO(page_workbook(seeded, "ms")))
    assert book.sheetnames == ["Pages", "Snippets", "About"]
    for name in ("Pages", "Snippets"):
        sheet = book[name]
        assert [cell.value for cell in sheet[1]] == HEADERS
        assert all(cell.font.bold for cell in sheet[1])
        assert sheet.freeze_panes == "A2"
        assert sheet.column_dimensions["B"].width == 60
        assert sheet["B2"].alignment.wrap_text
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True) if row[0]}
    assert about["Language code"] == "ms"
    assert about["Site"] == "Cancer A-Z"
    assert book.properties.language == "ms"
    assert book["About"].protection.sheet


def test_pages_and_snippets_hold_the_po_files_texts_states_and_notes(seeded, partly_translated):
    rows = workbook_rows(page_workbook(seeded, "ms"))
    catalog = {m.context: m for m in read_po(io.BytesIO(po_bytes(page_catalog(seeded, "ms")))) if m.id}
    assert set(rows) == set(catalog)
    for context, (sheet, _row, values) in rows.items():
        message = catalog[context]
        assert sheet == ("Pages" if context.startswith("page:") else "Snippets"), context
        assert values["English"] == message.id
        assert (values["Translation"] or "") == message.string
        # Babel wraps a long comment over several lines; the words are the same.
        assert values["Notes"].split() == " ".join(message.auto_comments).split()
        assert values["State"] == ("translated" if message.string else "missing")
    label = next(values for _s, _r, values in rows.values() if values["English"] == "Chat on WhatsApp")
    assert label["Limit"] == 20
    paragraph = next(values for _s, _r, values in rows.values() if values["English"].startswith("The immune system"))
    assert paragraph["Limit"] is None
    assert rows[f"page:{seeded.pk}:title"][2]["Translation"] == seeded.title_ms


@pytest.fixture
def risky_sources(seeded, django_capture_on_commit_callbacks):
    """Paragraphs whose English starts as a spreadsheet formula would, published."""
    draft = ArticlePage.objects.get(pk=seeded.pk).get_latest_revision_as_object()
    stream = draft.body_en.get_prep_value()
    stream += [{"type": "paragraph", "id": block_id, "value": f"<p>{text}</p>"} for block_id, text in RISKY.items()]
    draft.body_en = stream
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    return {f"page:{seeded.pk}:body:{block_id}": text for block_id, text in RISKY.items()}


def test_a_text_that_looks_like_a_formula_is_a_string_cell(seeded, risky_sources):
    data = page_workbook(seeded, "ms")
    rows = workbook_rows(data)
    book = openpyxl.load_workbook(io.BytesIO(data))
    for context, text in risky_sources.items():
        _sheet, row, values = rows[context]
        assert values["English"] == text
        cell = book["Pages"].cell(row=row, column=HEADERS.index("English") + 1)
        assert cell.data_type == "s"
        assert cell.value == text
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        assert sheets
        for name in sheets:
            assert not re.search(rb"<f[ >]", archive.read(name)), name


def test_a_translation_that_starts_like_a_formula_is_imported_as_text(seeded, risky_sources, admin_user):
    data = page_workbook(seeded, "ms")
    for context in risky_sources:
        data = with_workbook_translation(data, context, "=1+1 kata")
    report = import_workbook(data, ImportOptions(user=admin_user))
    assert sorted(report.imported) == sorted(risky_sources)
    draft = ArticlePage.objects.get(pk=seeded.pk).get_latest_revision_as_object()
    written = {child.id: child.value.source for child in draft.body_ms if child.id in RISKY}
    assert written == dict.fromkeys(RISKY, "<p>=1+1 kata</p>")


def test_a_text_no_workbook_can_hold_is_refused_by_name_not_with_an_error(
    seeded, admin_client, tmp_path, django_capture_on_commit_callbacks
):
    draft = ArticlePage.objects.get(pk=seeded.pk).get_latest_revision_as_object()
    block_id = "5b1f6a4e-0c0b-4c1e-9d2a-1f0e0b0c0d0e"
    draft.body_en = [
        *draft.body_en.get_prep_value(),
        {"type": "heading", "id": block_id, "value": {"level": "h2", "text": "a\x0bb", "anchor": "", "menu_label": ""}},
    ]
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    url = reverse("content_pages_download_workbook", args=[seeded.pk, "ms"])
    response = admin_client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("content_pages_page_translations", args=[seeded.pk])
    html = response.content.decode()
    assert f"page:{seeded.pk}:body:{block_id}:text holds the control character U+000B" in html
    # The PO file carries it.
    assert admin_client.get(reverse("content_pages_download_po", args=[seeded.pk, "ms"])).status_code == 200
    with pytest.raises(CommandError, match=r"No workbook was written: the text .* U\+000B"):
        call_command(
            "export_translations", "--lang", "ms", "--all", "--format", "xlsx", "--output", tmp_path / "a.xlsx"
        )
    assert not (tmp_path / "a.xlsx").exists()


def test_a_text_that_looks_like_a_formula_keeps_its_apostrophe_for_when_it_is_edited(seeded, risky_sources):
    """Excel's quote prefix: the cell stays text when the translator edits it."""
    data = page_workbook(seeded, "ms")
    rows = workbook_rows(data)
    book = openpyxl.load_workbook(io.BytesIO(data))
    for context in risky_sources:
        assert book["Pages"].cell(row=rows[context][1], column=HEADERS.index("English") + 1).quotePrefix
    assert not book["Pages"].cell(row=rows[f"page:{seeded.pk}:title"][1], column=2).quotePrefix
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b'quotePrefix="1"' in archive.read("xl/styles.xml")


def test_a_control_character_in_a_glossary_note_is_refused_by_name_not_with_an_error(seeded, admin_client):
    from content_pages.models import GlossaryTerm

    context = next(
        context
        for context, (_sheet, _row, values) in workbook_rows(page_workbook(seeded, "ms")).items()
        if "immune system" in values["English"]
    )
    GlossaryTerm.objects.update_or_create(term="immune system", defaults={"note": "Not\x0bthe organ."})
    url = reverse("content_pages_download_workbook", args=[seeded.pk, "ms"])
    response = admin_client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("content_pages_page_translations", args=[seeded.pk])
    assert (
        f"the notes of the text {context} (a glossary term&#x27;s note, or the text&#x27;s own) hold the control "
        "character U+000B" in response.content.decode()
    )
