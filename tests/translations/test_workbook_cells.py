"""What a cell holds is read as Excel shows it: its ``_xHHHH_`` escapes undone, the English
exactly as stored, and a value the spreadsheet changed (a formatted number, an error)
refused rather than imported as something the translator did not write."""

import io

import openpyxl
import pytest

from content_pages.models import EnquiryFormPage
from content_pages.publishing.translations.importing import ImportOptions
from content_pages.publishing.translations.outcome import ImportRejected
from content_pages.publishing.translations.spreadsheets.cells import translation_of
from content_pages.publishing.translations.spreadsheets.export import page_workbook
from content_pages.publishing.translations.spreadsheets.reading import import_workbook

from .conftest import edit_workbook, with_workbook_translation, workbook_rows

pytestmark = pytest.mark.django_db

CHOICES = "Liquid biopsy\r\nNatural substances\r\nPrecision medicine"  # as the admin's text box posts it
LABEL = "Your code_x0041_"  # what Excel would read as its escape of "A"


@pytest.fixture
def form_with_crlf(seeded, django_capture_on_commit_callbacks):
    """The enquiry form, published with a choice list saved as the admin saves it (lines
    ending ``\\r\\n``) and a label that looks like one of Excel's escapes."""
    form = EnquiryFormPage.objects.get()
    draft = form.get_latest_revision_as_object()
    fields = list(draft.form_fields.all())
    choices = next(field for field in fields if field.field_type == "checkboxes")
    choices.choices_en = CHOICES
    label = next(field for field in fields if field is not choices)
    label.label_en = LABEL
    draft.form_fields = fields
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    return form, choices, label


def _context(data, field, name):
    return next(context for context in workbook_rows(data) if context.endswith(f":{field.pk}:{name}"))


def test_an_untouched_export_of_crlf_choices_imports_and_excel_escapes_are_undone(form_with_crlf, admin_user):
    form, choices, label = form_with_crlf
    data = page_workbook(form, "ms")
    rows = workbook_rows(data)
    assert rows[_context(data, choices, "choices")][2]["English"] == CHOICES
    # Untouched, the English is the stored source exactly: no "English changed".
    import_workbook(data, ImportOptions(user=admin_user, dry_run=True))
    # What Excel writes for a line break typed as Alt+Enter after a pasted CR, and for "_x".
    excel = "Biopsi cecair baru_x000D_\nBahan semula jadi_x000D_\nPerubatan tepat"
    data = with_workbook_translation(data, _context(data, choices, "choices"), excel)
    data = with_workbook_translation(data, _context(data, label, "label"), "Kod anda_x005F_x0041_")
    report = import_workbook(data, ImportOptions(user=admin_user))
    assert not report.problems
    draft = EnquiryFormPage.objects.get(pk=form.pk).get_latest_revision_as_object()
    fields = {field.pk: field for field in draft.form_fields.all()}
    assert fields[choices.pk].choices_ms == "Biopsi cecair baru\nBahan semula jadi\nPerubatan tepat"
    assert fields[label.pk].label_ms == "Kod anda_x0041_"


def _translation_cell(value, number_format="General", data_type=None):
    cell = openpyxl.Workbook().active["C2"]
    cell.value = value
    cell.number_format = number_format
    if data_type is not None:
        cell.data_type = data_type
    return cell


def test_a_whole_number_is_its_digits_only_in_a_general_or_text_cell():
    assert translation_of(_translation_cell(2024)) == "2024"
    assert translation_of(_translation_cell(2024, "0")) == "2024"
    assert translation_of(_translation_cell(2024, "@")) == "2024"
    for number, shown in ((1, "0%"), (1000, "#,##0"), (5, '"RM"0'), (123, "0000")):
        assert translation_of(_translation_cell(number, shown)) is None


def _refusals(data):
    with pytest.raises(ImportRejected) as error:
        import_workbook(data, ImportOptions())
    return [str(problem) for problem in error.value.report.problems]


def test_formatted_numbers_and_error_values_are_refused_naming_sheet_and_row(seeded):
    data = page_workbook(seeded, "ms")
    typed = {2: (1, "0%"), 3: (1000, "#,##0"), 4: (5, '"RM"0'), 5: (123, "0000"), 6: ("#N/A", None)}
    contexts = {}

    def change(sheet, row, cells):
        if sheet.title == "Pages" and row in typed:
            value, number_format = typed[row]
            cells["Translation"].value = value
            if number_format:
                cells["Translation"].number_format = number_format
            contexts[row] = cells["Context id"].value

    problems = _refusals(edit_workbook(data, change))
    book = openpyxl.load_workbook(io.BytesIO(edit_workbook(data, change)))
    assert book["Pages"]["C6"].data_type == "e"  # typed as Excel types it: an error value, not text
    text = "not text; format the column as Text and type it again"
    assert problems == [
        f'sheet "Pages", row 2 ({contexts[2]}): the Translation cell holds a number formatted as “0%”, {text}',
        f'sheet "Pages", row 3 ({contexts[3]}): the Translation cell holds a number formatted as “#,##0”, {text}',
        f'sheet "Pages", row 4 ({contexts[4]}): the Translation cell holds a number formatted as “"RM"0”, {text}',
        f'sheet "Pages", row 5 ({contexts[5]}): the Translation cell holds a number formatted as “0000”, {text}',
        f'sheet "Pages", row 6 ({contexts[6]}): the Translation cell holds the error #N/A, not text; type the text '
        "itself (to start it with #, type an apostrophe first)",
    ]


def test_a_control_character_written_as_an_excel_escape_is_refused(seeded):
    data = page_workbook(seeded, "ms")
    title = f"page:{seeded.pk}:title"
    _sheet, row, _values = workbook_rows(data)[title]
    assert _refusals(with_workbook_translation(data, title, "Keletihan_x0000_")) == [
        f'sheet "Pages", row {row} ({title}): the Translation holds the control character U+0000, which a text may '
        "not hold; remove it"
    ]
