"""A Word document's styles and markup as elements, read from real .docx files."""

from __future__ import annotations

import io

import pytest

from content_pages.publishing.document_import.elements import DocumentRefused, Element
from content_pages.publishing.document_import.html_reading import read_docx

from .word_documents import add_hyperlink, docx_bytes, tiny_png


def read(build) -> list[Element]:
    return read_docx(docx_bytes(build))


def test_title_subtitle_and_headings_come_out_as_their_kinds_and_levels():
    def build(document):
        document.add_heading("Living with immunotherapy", level=0)
        document.add_paragraph("What to expect", style="Subtitle")
        for level in range(1, 7):
            document.add_heading(f"Level {level}", level=level)

    elements = read(build)

    assert elements[0] == Element(kind="title", text="Living with immunotherapy", where="paragraph 1")
    assert elements[1] == Element(kind="subtitle", text="What to expect", where="paragraph 2")
    assert [(e.kind, e.text, e.level) for e in elements[2:]] == [
        ("heading", f"Level {level}", level) for level in range(1, 7)
    ]
    assert all(e.html == "" for e in elements)


def test_paragraphs_are_numbered_in_document_order():
    def build(document):
        document.add_heading("Title", level=1)
        document.add_paragraph("First.")
        document.add_paragraph("")  # an empty paragraph is no block
        document.add_paragraph("Second.")

    elements = read(build)

    assert [(e.kind, e.text, e.where) for e in elements] == [
        ("heading", "Title", "paragraph 1"),
        ("paragraph", "First.", "paragraph 2"),
        ("paragraph", "Second.", "paragraph 3"),
    ]


def test_bold_italic_and_a_web_link_are_kept_and_a_javascript_link_becomes_its_text():
    def build(document):
        paragraph = document.add_paragraph("Ask ")
        paragraph.add_run("your doctor").bold = True
        paragraph.add_run(" about ")
        paragraph.add_run("side effects").italic = True
        paragraph.add_run(", read ")
        add_hyperlink(paragraph, "https://example.org/guide?a=1&b=2", "the guide")
        paragraph.add_run(" or ")
        add_hyperlink(paragraph, "javascript:alert(document.cookie)", "click here")
        paragraph.add_run(".")

    [paragraph] = read(build)

    assert paragraph.kind == "paragraph"
    assert paragraph.text == "Ask your doctor about side effects, read the guide or click here."
    assert paragraph.html == (
        "Ask <b>your doctor</b> about <i>side effects</i>, read "
        '<a href="https://example.org/guide?a=1&amp;b=2">the guide</a> or click here.'
    )
    assert "javascript" not in paragraph.html


def test_text_is_escaped_and_whitespace_collapsed():
    def build(document):
        document.add_paragraph("  Fish <chips> &\u00a0 peas\t ")

    [paragraph] = read(build)

    assert paragraph.text == "Fish <chips> & peas"
    assert paragraph.html == "Fish &lt;chips&gt; &amp; peas"


def test_list_styles_become_lists():
    def build(document):
        document.add_paragraph("Fatigue", style="List Bullet")
        document.add_paragraph("Rash", style="List Bullet")
        document.add_paragraph("Between the lists.")
        document.add_paragraph("Call the clinic", style="List Number")
        document.add_paragraph("Describe the symptom", style="List Number")

    bullets, between, numbers = read(build)

    assert (bullets.kind, bullets.items, bullets.ordered, bullets.text) == (
        "list",
        ("Fatigue", "Rash"),
        False,
        "Fatigue\nRash",
    )
    assert between.kind == "paragraph"
    assert (numbers.kind, numbers.items, numbers.ordered) == ("list", ("Call the clinic", "Describe the symptom"), True)
    assert bullets.doubt == numbers.doubt == ""


def test_a_nested_list_is_flattened_in_order_and_says_so():
    def build(document):
        document.add_paragraph("Skin", style="List Bullet")
        document.add_paragraph("Rash", style="List Bullet 2")
        document.add_paragraph("Itching", style="List Bullet 2")
        document.add_paragraph("Gut", style="List Bullet")
        document.add_paragraph("Diarrhoea", style="List Number 2")

    [listed] = read(build)

    assert (listed.items, listed.ordered) == (("Skin", "Rash", "Itching", "Gut", "Diarrhoea"), False)
    assert listed.doubt == "a nested list was flattened"


def test_quote_and_intense_quote_become_quotes():
    def build(document):
        document.add_paragraph("It was easier than I feared.", style="Quote")
        document.add_paragraph("Said a patient.")
        document.add_paragraph("Keep a diary", style="Intense Quote")
        document.add_paragraph("of your symptoms.", style="Intense Quote")

    first, between, second = read(build)

    assert (first.kind, first.text, first.html) == (
        "quote",
        "It was easier than I feared.",
        "It was easier than I feared.",
    )
    assert between.kind == "paragraph"
    # Consecutive quote paragraphs are one quote, their text joined by a space.
    assert (second.kind, second.text) == ("quote", "Keep a diary of your symptoms.")


def test_a_table_is_one_paragraph_per_row_with_a_doubt():
    def build(document):
        table = document.add_table(rows=3, cols=2)
        for row, (left, right) in zip(table.rows, [("Drug", "Dose"), ("", ""), ("Nivolumab", "240 mg")], strict=True):
            row.cells[0].text, row.cells[1].text = left, right
        table.rows[2].cells[0].paragraphs[0].runs[0].bold = True

    elements = read(build)

    assert [(e.kind, e.text, e.doubt, e.where) for e in elements] == [
        ("paragraph", "Drug — Dose", "a table was kept as text", "paragraph 1"),
        ("paragraph", "Nivolumab — 240 mg", "a table was kept as text", "paragraph 2"),
    ]
    assert elements[1].html == "<b>Nivolumab</b> — 240 mg"


def test_an_image_is_dropped_and_no_base64_data_reaches_any_text():
    def build(document):
        document.add_paragraph("Before.")
        document.add_picture(io.BytesIO(tiny_png()))
        paragraph = document.add_paragraph("Beside ")
        paragraph.add_run().add_picture(io.BytesIO(tiny_png()))
        paragraph.add_run(" the picture.")

    elements = read(build)

    assert [(e.kind, e.text, e.html) for e in elements] == [
        ("paragraph", "Before.", "Before."),
        ("paragraph", "Beside the picture.", "Beside the picture."),
    ]
    for element in elements:
        assert "base64" not in element.html
        assert "<img" not in element.html


def test_a_word_document_that_cannot_be_read_is_refused():
    with pytest.raises(DocumentRefused, match="could not be read"):
        read_docx(b"PK\x03\x04 not really a zip")
