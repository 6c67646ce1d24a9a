"""A workbook with any problem is refused whole, each problem named by sheet and row, and
nothing is written."""

import io
import zipfile

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula

from content_pages.models import ArticlePage, CallToAction, TranslationRecord
from content_pages.publishing.translations.files import import_file
from content_pages.publishing.translations.importing import ImportOptions
from content_pages.publishing.translations.outcome import ImportRejected, Problem
from content_pages.publishing.translations.spreadsheets.export import page_workbook
from content_pages.publishing.translations.spreadsheets.reading import import_workbook
from tests.reviewing import approved_translations

from .conftest import fill_workbook, with_workbook_translation, workbook_rows

pytestmark = pytest.mark.django_db


def snapshot(article):
    article = ArticlePage.objects.get(pk=article.pk)
    return (
        article.revisions.count(),
        article.get_latest_revision().content.get("body_ms"),
        sorted(CallToAction.objects.values_list("button_label_ms", flat=True)),
        TranslationRecord.objects.count(),
    )


def rejected(data, name="ms.xlsx"):
    with pytest.raises(ImportRejected) as error:
        with approved_translations():
            import_file(name, data, ImportOptions(publish=True))
    return error.value.report.problems


def edited(data, edit):
    book = openpyxl.load_workbook(io.BytesIO(data))
    edit(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_place_of_a_problem_names_the_sheet_and_row_and_po_lines_stay_as_they_were():
    assert str(Problem(7, "page:6:title", "too long", "Pages")) == 'sheet "Pages", row 7 (page:6:title): too long'
    assert str(Problem(None, "", "no language", "About")) == 'sheet "About": no language'
    assert str(Problem(12, "page:6:title", "too long")) == "line 12 (page:6:title): too long"
    assert str(Problem(None, "", "not UTF-8")) == "file: not UTF-8"


def test_a_formula_anywhere_refuses_the_whole_workbook(seeded, partly_translated):
    before = snapshot(seeded)

    def formulas(book):
        book["Pages"]["C5"] = "=1+1"
        book["Snippets"]["C3"] = ArrayFormula("C3:C3", "=SUM(D2:D3)")
        book["About"]["D1"] = '=HYPERLINK("http://example.org")'

    problems = rejected(edited(fill_workbook(page_workbook(seeded, "ms")), formulas))
    assert [str(problem) for problem in problems] == [
        'sheet "Pages", row 5: cell C5 is a formula (=1+1); a workbook with formulas is never imported: type the '
        "text itself (to start it with =, +, - or @, type an apostrophe first)",
        'sheet "Snippets", row 3: cell C3 is a formula (=SUM(D2:D3)); a workbook with formulas is never imported: '
        "type the text itself (to start it with =, +, - or @, type an apostrophe first)",
        'sheet "About", row 1: cell D1 is a formula (=HYPERLINK("http://example.org")); a workbook with formulas is '
        "never imported: type the text itself (to start it with =, +, - or @, type an apostrophe first)",
    ]
    assert snapshot(seeded) == before


def test_broken_placeholders_are_refused_naming_sheet_and_row(seeded, django_capture_on_commit_callbacks):
    draft = ArticlePage.objects.get(pk=seeded.pk).get_latest_revision_as_object()
    block_id = "2b3c4d5e-0000-4000-8000-000000000001"
    draft.body_en = [
        *draft.body_en.get_prep_value(),
        {"type": "paragraph", "id": block_id, "value": "<p>Ask <b>our nurses</b> before you stop.</p>"},
    ]
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    context = f"page:{seeded.pk}:body:{block_id}"
    data = page_workbook(seeded, "ms")
    _sheet, row, values = workbook_rows(data)[context]
    assert values["English"] == "Ask <b1>our nurses</b1> before you stop."
    before = snapshot(seeded)
    [problem] = rejected(with_workbook_translation(data, context, "Tanya jururawat kami sebelum berhenti."))
    assert str(problem).startswith(f'sheet "Pages", row {row} ({context}): placeholders do not match the source:')
    assert snapshot(seeded) == before


def test_an_over_limit_text_is_refused_naming_sheet_and_row(seeded):
    data = page_workbook(seeded, "ms")
    label = next(context for context, (_s, _r, values) in workbook_rows(data).items() if values["Limit"] == 20)
    before = snapshot(seeded)
    [problem] = rejected(with_workbook_translation(data, label, "Sembang dengan kami di WhatsApp sekarang"))
    sheet, row, _values = workbook_rows(data)[label]
    assert sheet == "Snippets"
    assert str(problem).startswith(f'sheet "Snippets", row {row} ({label}): 40 characters; at most 20 allowed here')
    assert snapshot(seeded) == before


def test_a_changed_english_is_refused_as_the_po_import_refuses_a_changed_msgid(seeded):
    data = page_workbook(seeded, "ms")
    context = f"page:{seeded.pk}:title"
    _sheet, row, _values = workbook_rows(data)[context]

    def change(book):
        book["Pages"].cell(row=row, column=2).value = "Another title"

    [problem] = rejected(edited(data, change))
    assert str(problem) == (
        f'sheet "Pages", row {row} ({context}): the English changed since this workbook was exported; export it again'
    )


def test_rows_that_cannot_be_read_are_each_named(seeded):
    data = page_workbook(seeded, "ms")
    title = f"page:{seeded.pk}:title"
    appended = []

    def change(book):
        sheet = book["Pages"]
        sheet["E2"] = "done"  # not a state
        sheet["C3"] = 3.5  # a number where a text belongs
        sheet["A4"] = None  # no id
        sheet.append([cell.value for cell in sheet[5]])  # row 5's text again
        appended.append(sheet.max_row)

    problems = [str(problem) for problem in rejected(edited(data, change))]
    fifth = next(
        context for context, (sheet, row, _values) in workbook_rows(data).items() if (sheet, row) == ("Pages", 5)
    )
    assert problems == [
        f'sheet "Pages", row 2 ({title}): State is "done"; it must be one of: translated, missing, stale, suggested',
        f'sheet "Pages", row 3 (page:{seeded.pk}:standfirst): the Translation cell holds a decimal number, not '
        "text; format the column as Text and type it again",
        'sheet "Pages", row 4: no Context id: every row needs the id it was exported with',
        f'sheet "Pages", row {appended[0]} ({fifth}): the same text as sheet "Pages", row 5; keep one row',
    ]


def test_unexpected_headers_and_a_missing_language_are_refused(seeded):
    data = page_workbook(seeded, "ms")

    def headers(book):
        book["Snippets"]["H1"] = "My notes"
        book["Pages"]["B1"] = "Source"

    problems = [str(problem) for problem in rejected(edited(data, headers))]
    expected = "Context id, English, Translation, Limit, State, Previous English, Notes (export the workbook again)"
    assert problems == [
        f'sheet "Pages", row 1: the headers are “Context id”, “Source”, “Translation”, “Limit”, “State”, '
        f"“Previous English”, “Notes”; they must be, from column A: {expected}",
        f'sheet "Snippets", row 1: the headers are “Context id”, “English”, “Translation”, “Limit”, “State”, '
        f"“Previous English”, “Notes”, “My notes”; they must be, from column A: {expected}",
    ]

    def language(book):
        book["About"]["B3"] = "fr"

    assert [str(problem) for problem in rejected(edited(data, language))] == [
        'sheet "About", row 3: the language code is "fr"; it must be one of: zh-hans (Chinese (Simplified)), ms (Malay)'
    ]
    assert [str(problem) for problem in rejected(edited(data, lambda book: book.remove(book["About"])))] == [
        'file: the workbook has no "About" sheet naming its language; export it again'
    ]


def test_a_translator_of_another_language_is_refused(seeded):
    with pytest.raises(ImportRejected) as error:
        import_workbook(page_workbook(seeded, "ms"), ImportOptions(allowed_languages={"zh-hans"}))
    assert [str(p) for p in error.value.report.problems] == [
        "file: this is a Malay file; you translate Chinese (Simplified) only"
    ]


def test_a_file_that_is_not_a_workbook_is_refused_with_a_clear_message(seeded, malay_po):
    [problem] = rejected(malay_po, name="ms.xlsx")
    assert str(problem) == (
        "file: not an Excel workbook (.xlsx): an .xlsx file is a ZIP archive and this one is not (a renamed PO or "
        "CSV file?); save it from your spreadsheet as Excel Workbook (.xlsx)"
    )
    [problem] = rejected(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, name="ms.xlsx")
    assert "Excel 97–2003 workbook (.xls)" in str(problem)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("notes.txt", "not a workbook")
    [problem] = rejected(archive.getvalue(), name="ms.xlsx")
    assert str(problem).startswith("file: not an Excel workbook (.xlsx) that can be read (")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(seeded):
    data = page_workbook(seeded, "ms")
    bomb = io.BytesIO(data)
    with zipfile.ZipFile(bomb, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (60 * 1024 * 1024))
    assert len(bomb.getvalue()) < 1024 * 1024  # small as uploaded
    [problem] = rejected(bomb.getvalue())
    assert str(problem) == (
        "file: the workbook would unpack to 60 MB; a translation workbook may unpack to at most 50 MB "
        "(export and upload one page at a time)"
    )


def test_a_workbook_over_the_upload_limit_is_refused_unread(seeded):
    [problem] = rejected(b"PK\x03\x04" + b"\0" * (5 * 1024 * 1024))
    assert "a translation file may be at most 5 MB" in str(problem)


def test_an_xml_entity_bomb_is_refused_unexpanded(seeded):
    data = page_workbook(seeded, "ms")
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{(f"&lol{n - 1};" if n > 1 else "&lol;") * 10}">' for n in range(1, 10)
    )
    source = zipfile.ZipFile(io.BytesIO(data))
    sheet = "xl/worksheets/sheet1.xml"
    xml = source.read(sheet).decode()
    bomb = f"<!DOCTYPE worksheet [{entities}]>" + xml.replace("<t>", "<t>&lol9;", 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            archive.writestr(member.filename, bomb.encode() if member.filename == sheet else source.read(member))
    before = snapshot(seeded)
    [problem] = rejected(out.getvalue())
    assert "not an Excel workbook (.xlsx) that can be read" in str(problem)
    assert snapshot(seeded) == before
