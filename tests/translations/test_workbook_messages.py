"""A refusal is read by a person: it quotes at most ``ECHO_MAX`` characters of what a cell
holds, never a Context id longer than an export writes, and lists the first hundred
problems then how many more, in the exception, the admin and the import command."""

import io
import re

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl.worksheet.formula import DataTableFormula

from content_pages.publishing.translations.files import import_file
from content_pages.publishing.translations.importing import ImportOptions
from content_pages.publishing.translations.outcome import ImportRejected, excerpt
from content_pages.publishing.translations.spreadsheets.layout import HEADERS

pytestmark = pytest.mark.django_db

STATES = "translated, missing, stale, suggested"


def workbook(rows=(), extra_header="", language="ms", edit=None):
    book = openpyxl.Workbook()
    pages = book.active
    pages.title = "Pages"
    pages.append(HEADERS)
    for row in rows:
        pages.append(row)
    book.create_sheet("Snippets").append([*HEADERS, extra_header] if extra_header else HEADERS)
    about = book.create_sheet("About")
    about["A3"], about["B3"] = "Language code", language
    if edit is not None:
        edit(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rejected(data):
    with pytest.raises(ImportRejected) as error:
        import_file("ms.xlsx", data, ImportOptions())
    return error.value


def test_an_excerpt_is_cut_with_an_ellipsis():
    assert excerpt("short") == "short"
    assert excerpt("x" * 80) == "x" * 80
    assert excerpt("x" * 81) == "x" * 79 + "…"


def test_cell_text_is_quoted_cut_and_a_long_context_id_is_refused_unquoted():
    long_id = "page:1:" + "x" * 300
    data = workbook(
        rows=[[long_id, "Hello", "Halo"], ["page:1:title", "Hello", "Halo", None, "q" * 5000]],
        extra_header="N" * 5000,
    )
    problems = [str(problem) for problem in rejected(data).report.problems]
    assert problems == [
        f'sheet "Pages", row 2: the Context id “{long_id[:79]}…” is 307 characters long; an exported id has at most '
        "255: every row needs the id it was exported with",
        f'sheet "Pages", row 3 (page:1:title): State is "{"q" * 79}…"; it must be one of: {STATES}',
        f'sheet "Snippets", row 1: the headers are “Context id”, “English”, “Translation”, “Limit”, “State”, '
        f"“Previous English”, “Notes”, “{'N' * 79}…”; they must be, from column A: {', '.join(HEADERS)} "
        "(export the workbook again)",
    ]
    [problem] = rejected(workbook(language="z" * 5000)).report.problems
    assert str(problem).startswith(f'sheet "About", row 3: the language code is "{"z" * 79}…"; it must be one of:')


def test_headers_beyond_the_export_are_counted_not_listed():
    def many(book):
        for column in range(8, 2000):
            book["Snippets"].cell(row=1, column=column, value=f"H{column}")

    [problem] = rejected(workbook(edit=many)).report.problems
    assert "“Notes”, “H8” and 1991 more; they must be" in str(problem)


def hundred_and_fifty_rows_without_an_id():
    return workbook(rows=[[None, None, f"Teks {number}"] for number in range(150)])


def test_a_refusal_lists_the_first_hundred_problems_then_how_many_more():
    error = rejected(hundred_and_fifty_rows_without_an_id())
    assert len(error.report.problems) == 150  # all of them are kept: only the listing stops
    listed = str(error).split("; ")
    assert len(listed) == 101
    assert listed[0] == 'sheet "Pages", row 2: no Context id: every row needs the id it was exported with'
    assert listed[99].startswith('sheet "Pages", row 101: no Context id')
    assert listed[100] == "… and 50 more problems"


def test_the_upload_shows_the_first_hundred_problems_then_how_many_more(seeded, admin_client):
    file = io.BytesIO(hundred_and_fifty_rows_without_an_id())
    file.name = "ms.xlsx"
    response = admin_client.post(reverse("content_pages_page_translations", args=[seeded.pk]), {"po_file": file})
    items = re.findall(r"<li>(.*?)</li>", response.content.decode().split('class="import-problems"')[1])
    assert len(items) == 101
    assert items[-1] == "… and 50 more problems"


def test_the_import_command_prints_the_first_hundred_problems_then_how_many_more(tmp_path, capsys):
    path = tmp_path / "ms.xlsx"
    path.write_bytes(hundred_and_fifty_rows_without_an_id())
    with pytest.raises(CommandError, match=r"150 problem\(s\); nothing was imported"):
        call_command("import_translations", str(path))
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 101
    assert lines[0] == f'{path}: sheet "Pages", row 2: no Context id: every row needs the id it was exported with'
    assert lines[-1] == "… and 50 more problems"


def test_a_data_table_is_named_by_the_cells_it_fills():
    def table(book):
        book["Pages"]["C2"] = DataTableFormula(ref="C2:D3", dt2D=True, r1="A1", r2="B1")

    [problem] = rejected(workbook(rows=[["page:1:title", "Hello"]], edit=table)).report.problems
    assert str(problem).startswith('sheet "Pages", row 2: cell C2 is a formula (a data table over C2:D3); ')
