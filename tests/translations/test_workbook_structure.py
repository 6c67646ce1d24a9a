"""A workbook whose XML would make openpyxl's load itself exhaust the worker is refused
before openpyxl reads it (``spreadsheets.scan``), and a sheet that is not a worksheet is
taken for a missing one."""

import io
import re
import zipfile

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference

from content_pages.publishing.translations.files import import_file, language_of
from content_pages.publishing.translations.importing import ImportOptions
from content_pages.publishing.translations.outcome import ImportRejected
from content_pages.publishing.translations.spreadsheets import reading, scan
from content_pages.publishing.translations.spreadsheets.layout import HEADERS

PAGES_XML = "xl/worksheets/sheet1.xml"
SNIPPETS_XML = "xl/worksheets/sheet2.xml"


def minimal(language="ms", pages_sheet=True):
    """The export's layout, one row, as small as a workbook gets."""
    book = openpyxl.Workbook()
    pages = book.active
    pages.title = "Pages" if pages_sheet else "Other"
    pages.append(HEADERS)
    if not pages_sheet:  # a chart where the texts belong, as Excel's "Move Chart" makes
        chart = BarChart()
        chart.add_data(Reference(pages, min_col=4, max_col=4, min_row=1, max_row=2))
        book.create_chartsheet("Pages").add_chart(chart)
    pages.append(["page:1:title", "Hello", "Halo", None, "translated", "", ""])
    book.create_sheet("Snippets").append(HEADERS)
    about = book.create_sheet("About")
    about["A3"], about["B3"] = "Language code", language
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewritten(data, member, change):
    """``data`` with one ZIP member's XML changed as a hostile file would have it."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            body = source.read(info)
            archive.writestr(info.filename, change(body.decode()).encode() if info.filename == member else body)
    return out.getvalue()


def after_sheet_data(data, xml, member=PAGES_XML):
    return rewritten(data, member, lambda text: text.replace("</sheetData>", f"</sheetData>{xml}", 1))


def in_sheet_data(data, xml, member=SNIPPETS_XML):
    return rewritten(data, member, lambda text: re.sub(r"<sheetData>|<sheetData/>", f"<sheetData>{xml}", text, count=1))


def refusal(data):
    with pytest.raises(ImportRejected) as error:
        import_file("ms.xlsx", data, ImportOptions())
    return [str(problem) for problem in error.value.report.problems]


@pytest.fixture
def never_loaded(monkeypatch):
    """openpyxl's load fails the test: the refusal must come first."""

    def load_workbook(*args, **kwargs):
        raise AssertionError("openpyxl loaded a workbook the scan should have refused")

    monkeypatch.setattr(reading, "load_workbook", load_workbook)


def test_a_merged_range_is_refused_before_openpyxl_reads_it(never_loaded):
    data = after_sheet_data(minimal(), '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>')
    assert refusal(data) == ['sheet "Pages": merged cells are not allowed (A1:XFD1048576): unmerge them']
    # ``import_translations --reviewer`` asks the language first: refused there too, unloaded.
    assert language_of("ms.xlsx", data) is None


def test_a_link_over_a_range_is_refused_and_one_on_a_cell_is_read_as_its_text(never_loaded):
    link = '<hyperlinks><hyperlink ref="{}" location="\'About\'!A1" display="About"/></hyperlinks>'
    for ref in ("A1:Z100000", "C:C", "2:2"):
        assert refusal(after_sheet_data(minimal(), link.format(ref))) == [
            f'sheet "Pages": a link covers the cells {ref}; a link may be on one cell only: remove it, or put it '
            "on one cell"
        ]
    for ref in ("C2", "C2:C2", "$C$2"):
        data = after_sheet_data(minimal(), link.format(ref))
        assert scan.scan_workbook(data) is None
        assert openpyxl.load_workbook(io.BytesIO(data))["Pages"]["C2"].value == "Halo"  # the text, not the link


def test_a_comment_over_a_range_is_refused():
    comments = (
        '<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>x</author>'
        '</authors><commentList><comment ref="A1:Z100000" authorId="0"><text><t>x</t></text></comment>'
        "</commentList></comments>"
    )
    out = io.BytesIO(minimal())
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr("xl/comments/comment1.xml", comments)
    problem = scan.scan_workbook(out.getvalue())
    assert str(problem) == (
        "file: a comment covers the cells A1:Z100000; a comment may be on one cell only: remove it, or put it on "
        "one cell (in xl/comments/comment1.xml)"
    )


def test_cells_and_rows_over_the_cap_are_refused_before_openpyxl_reads_them(monkeypatch, never_loaded):
    monkeypatch.setattr(scan, "WORKBOOK_CELLS_MAX", 100)
    assert scan.scan_workbook(minimal()) is None  # a real export's few cells pass
    cells = in_sheet_data(minimal(), "<row>" + "<c/>" * 100 + "</row>")
    assert refusal(cells) == [
        'sheet "Snippets": the workbook holds more than 100 cells and rows; a translation workbook may hold at most '
        "that many (export and upload one page at a time)"
    ]
    rows = in_sheet_data(minimal(), '<row r="9" ht="20" customHeight="1"/>' * 100)
    assert refusal(rows)[0].startswith('sheet "Snippets": the workbook holds more than 100 cells and rows')


def test_xml_elements_over_the_cap_are_refused_in_any_part(monkeypatch, never_loaded):
    monkeypatch.setattr(scan, "WORKBOOK_XML_ELEMENTS_MAX", 2000)  # this workbook alone holds about 450
    assert scan.scan_workbook(minimal()) is None
    runs = '<row r="9"><c r="A9" t="inlineStr"><is>' + "<r><t>a</t></r>" * 1000 + "</is></c></row>"
    assert refusal(in_sheet_data(minimal(), runs)) == [
        'sheet "Snippets": the workbook holds more than 2,000 XML elements (cells, rows, text runs); an exported '
        "workbook holds far fewer: export it again and copy the translations into it"
    ]


def test_the_scan_holds_one_branch_of_a_part_in_memory():
    """Memory stays flat however many elements a part has: each is dropped as it ends (the
    parser's own buffer of one chunk of the file aside, the same for any longer part)."""
    import tracemalloc

    peaks = []
    for runs in (10_000, 50_000):
        cell = '<row r="9"><c r="A9" t="inlineStr"><is>' + "<r><t>a</t></r>" * runs + "</is></c></row>"
        data = in_sheet_data(minimal(), cell)
        tracemalloc.start()
        scan.scan_workbook(data)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert peaks[1] < peaks[0] + 100_000  # five times the elements, not five times the memory


def test_a_part_that_is_not_xml_is_passed_over_and_broken_xml_is_refused():
    out = io.BytesIO(minimal())
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr("xl/media/image1.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    assert scan.scan_workbook(out.getvalue()) is None
    broken = rewritten(minimal(), SNIPPETS_XML, lambda text: text.replace("</worksheet>", ""))
    assert "not an Excel workbook (.xlsx) that can be read (xl/worksheets/sheet2.xml: ParseError)" in str(
        scan.scan_workbook(broken)
    )


def test_a_chart_sheet_in_place_of_a_text_sheet_is_a_missing_sheet(db):
    assert refusal(minimal(pages_sheet=False)) == ['file: the workbook has no "Pages" sheet; export it again']
