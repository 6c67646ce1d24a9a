"""A Word document's styles and markup as elements, read from real .docx files."""

from __future__ import annotations

import io

import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from content_pages.publishing.document_import import html_reading
from content_pages.publishing.document_import.elements import DocumentRefused, Element
from content_pages.publishing.document_import.html_reading import read_docx

from .word_documents import add_footnotes, add_hyperlink, docx_bytes, docx_with_body, tiny_png


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


def test_text_is_escaped_and_ascii_whitespace_collapsed():
    def build(document):
        document.add_paragraph("  Fish <chips> &\u00a0 peas\t ")

    [paragraph] = read(build)

    # The no-break space is the author's character, kept; only spaces and tabs collapse.
    assert paragraph.text == "Fish <chips> &\u00a0 peas"
    assert paragraph.html == "Fish &lt;chips&gt; &amp;&nbsp; peas"


def test_spaces_other_than_ascii_are_kept_as_written():
    text = "Dose 10\u00a0mg, thin\u2009space, en\u2002space, ideographic\u3000space."

    def build(document):
        document.add_paragraph(text)
        document.add_paragraph("\u00a0")  # a paragraph a reader sees as empty is no block

    [paragraph] = read(build)

    assert paragraph.text == text


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


def test_an_image_is_left_out_with_a_doubt_where_it_was_and_no_base64_data_reaches_any_text():
    def build(document):
        document.add_paragraph("Before.")
        document.add_picture(io.BytesIO(tiny_png()))
        paragraph = document.add_paragraph("Beside ")
        paragraph.add_run().add_picture(io.BytesIO(tiny_png()))
        paragraph.add_run(" the picture.")
        document.add_picture(io.BytesIO(tiny_png()))

    elements = read(build)

    assert [(e.kind, e.text, e.html) for e in elements] == [
        ("paragraph", "Before.", "Before."),
        ("paragraph", "Beside the picture.", "Beside the picture."),
    ]
    # A paragraph that is only a picture has no text to hold the note: the next does,
    # or, at the end, the last.
    assert elements[0].doubt == ""
    assert elements[1].doubt == (
        "an image was left out, just before this; an image was left out; an image was left out, just after this"
    )
    for element in elements:
        assert "base64" not in element.html
        assert "<img" not in element.html


def test_an_image_quotes_its_alt_text():
    def build(document):
        paragraph = document.add_paragraph("See ")
        paragraph.add_run().add_picture(io.BytesIO(tiny_png()))
        paragraph.runs[-1]._r.xpath(".//wp:docPr")[0].set("descr", "Survival chart")

    [paragraph] = read(build)

    assert paragraph.doubt == "an image was left out: “Survival chart”"


def test_superscript_and_subscript_are_kept_as_text_with_a_doubt_quoting_them():
    def build(document):
        paragraph = document.add_paragraph("CO")
        paragraph.add_run("2").font.subscript = True
        paragraph.add_run(" at 10")
        paragraph.add_run("9").font.superscript = True
        paragraph.add_run(" cells/L and x")
        paragraph.add_run("n+1").font.superscript = True
        paragraph.add_run(".")

    [paragraph] = read(build)

    assert paragraph.text == "CO2 at 109 cells/L and xn+1."
    assert paragraph.html == "CO2 at 109 cells/L and xn+1."
    assert paragraph.doubt == (
        "subscript kept as plain text: “CO₂” reads “CO2”; "
        "superscript kept as plain text: “10⁹” reads “109”; "
        "superscript kept as plain text: “xⁿ⁺¹” reads “xn+1”"
    )


def test_a_superscript_that_reads_the_same_on_the_line_is_no_doubt():
    def build(document):
        paragraph = document.add_paragraph("The 1")
        paragraph.add_run("st").font.superscript = True
        paragraph.add_run(" dose of Brand")
        paragraph.add_run("®").font.superscript = True
        paragraph.add_run(".")

    [paragraph] = read(build)

    assert (paragraph.text, paragraph.doubt) == ("The 1st dose of Brand®.", "")


def test_struck_through_text_is_kept_with_a_doubt_quoting_it():
    def build(document):
        paragraph = document.add_paragraph()
        paragraph.add_run("Take 20 mg").font.strike = True
        paragraph.add_run(" Take 10 mg.")

    [paragraph] = read(build)

    assert paragraph.text == "Take 20 mg Take 10 mg."
    assert paragraph.doubt == "struck-through text kept as ordinary text: “Take 20 mg”"


def test_a_comment_is_left_out_and_quoted_in_a_doubt_where_it_was():
    def build(document):
        document.add_paragraph("Standfirst.")
        paragraph = document.add_paragraph("Take one tablet daily.")
        document.add_comment(paragraph.runs, text="INTERNAL: check this dose", author="Reviewer", initials="RV")

    standfirst, paragraph = read(build)

    assert standfirst.doubt == ""
    # Neither mammoth's marker ("[RV1]") nor the comment reaches the text.
    assert (paragraph.text, paragraph.html) == ("Take one tablet daily.", "Take one tablet daily.")
    assert paragraph.doubt == "a Word comment was left out: “INTERNAL: check this dose”"


def test_footnotes_are_a_list_at_the_end_without_mammoths_back_links():
    def build(document):
        add_footnotes(document, ["Source: WHO 2020."])
        paragraph = document.add_paragraph("A claim.")
        paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:footnoteReference w:id="1"/></w:r>'))

    claim, notes = read(build)

    assert (claim.text, claim.doubt) == ("A claim.[1]", "")
    assert (notes.kind, notes.items) == ("list", ("Source: WHO 2020.",))
    assert notes.doubt == (
        "the footnotes and endnotes, kept as a list at the end: their numbers are lost, and the [1], [2] in the "
        "text refer to the items in order"
    )


def test_a_link_in_a_list_item_or_a_heading_is_kept_as_its_text_and_named():
    def build(document):
        document.add_heading("Read the guide", level=1)
        add_hyperlink(document.paragraphs[-1], "https://example.org/guide", " online")
        item = document.add_paragraph("See ", style="List Bullet")
        add_hyperlink(item, "https://www.nhs.uk/conditions/", "NHS advice")
        item.add_run(" or ask ")
        item.add_run("your nurse").bold = True

    heading, listed = read(build)

    assert heading.text == "Read the guide online"
    assert heading.doubt == "a link in a heading kept as its text: online (https://example.org/guide)"
    assert listed.items == ("See NHS advice or ask your nurse",)
    assert listed.doubt == (
        "a link in a list item kept as its text: NHS advice (https://www.nhs.uk/conditions/); "
        "bold in a list item kept as plain text: “your nurse”"
    )


def test_a_link_the_article_cannot_keep_names_its_address():
    def build(document):
        paragraph = document.add_paragraph("Read ")
        add_hyperlink(paragraph, "ftp://example.org/leaflet.pdf", "the leaflet")

    [paragraph] = read(build)

    assert paragraph.html == "Read the leaflet"
    assert (
        paragraph.doubt == "a link kept as its text, its address left out: the leaflet (ftp://example.org/leaflet.pdf)"
    )


def test_tables_nested_past_the_recursion_limit_are_refused_with_a_clear_message():
    cell = "<w:p><w:r><w:t>deep cell</w:t></w:r></w:p>"
    for _ in range(80):  # mammoth's recursion gives out at about 60
        cell = f"<w:tbl><w:tr><w:tc>{cell}</w:tc></w:tr></w:tbl><w:p/>"

    with pytest.raises(DocumentRefused, match="nested too deeply"):
        read_docx(docx_with_body(cell))


def test_html_nested_past_the_recursion_limit_in_the_walk_is_refused(monkeypatch):
    # mammoth may manage what the walk over its HTML cannot: that walk is guarded too.
    monkeypatch.setattr(html_reading, "_word_html", lambda _data: "<p>" + "<b>" * 3000 + "x" + "</b>" * 3000)

    with pytest.raises(DocumentRefused, match="nested too deeply"):
        read_docx(b"")


def test_a_word_document_that_cannot_be_read_is_refused():
    with pytest.raises(DocumentRefused, match="could not be read"):
        read_docx(b"PK\x03\x04 not really a zip")
