"""Markdown (CommonMark) as elements: the same mappings as Word, and raw HTML kept as text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from content_pages.publishing.document_import.elements import DocumentRefused, Element
from content_pages.publishing.document_import.html_reading import read_markdown

DOCUMENT = """\
# Living with immunotherapy

Ask **your doctor** about *side effects*,
read [the guide](https://example.org/guide).

## Common side effects

- Fatigue
- Rash

1. Call the clinic
2. Describe the symptom

> It was easier
> than I feared.
>
> A patient.

---

###### Small print
"""


def test_blocks_come_out_as_their_kinds_with_the_line_they_start_on():
    elements = read_markdown(DOCUMENT)

    assert elements == [
        Element(kind="heading", text="Living with immunotherapy", level=1, where="line 1"),
        Element(
            kind="paragraph",
            text="Ask your doctor about side effects, read the guide.",
            html='Ask <b>your doctor</b> about <i>side effects</i>, read <a href="https://example.org/guide">the guide</a>.',
            where="line 3",
        ),
        Element(kind="heading", text="Common side effects", level=2, where="line 6"),
        Element(kind="list", text="Fatigue\nRash", items=("Fatigue", "Rash"), where="line 8"),
        Element(
            kind="list",
            text="Call the clinic\nDescribe the symptom",
            items=("Call the clinic", "Describe the symptom"),
            ordered=True,
            where="line 11",
        ),
        Element(
            kind="quote",
            text="It was easier than I feared. A patient.",
            html="It was easier than I feared. A patient.",
            where="line 14",
        ),
        Element(kind="heading", text="Small print", level=6, where="line 21"),
    ]


def test_raw_html_is_visible_escaped_text_never_markup():
    [paragraph] = read_markdown('Hello <script>alert("x")</script> <b onclick="x()">there</b>\n')

    assert paragraph.text == 'Hello <script>alert("x")</script> <b onclick="x()">there</b>'
    assert "<script" not in paragraph.html
    assert "&lt;script&gt;" in paragraph.html
    assert "<b" not in paragraph.html


def test_an_html_block_is_a_paragraph_of_its_text():
    [paragraph] = read_markdown("<div>\n<script>alert(1)</script>\n</div>\n")

    assert paragraph.kind == "paragraph"
    assert paragraph.text == "<div> <script>alert(1)</script> </div>"
    assert "<script" not in paragraph.html


def test_links_other_than_web_mail_and_phone_become_their_text():
    [paragraph] = read_markdown(
        "[mail](mailto:clinic@example.org) [call](tel:+6012345) [ftp](ftp://example.org/f) "
        "[page](other.md) [js](javascript:alert(1))\n"
    )

    assert paragraph.html == (
        '<a href="mailto:clinic@example.org">mail</a> <a href="tel:+6012345">call</a> ftp page [js](javascript:alert(1))'
    )


def test_a_nested_list_is_flattened_in_order_and_says_so():
    [listed] = read_markdown("- Skin\n  - Rash\n  - Itching\n- Gut\n")

    assert listed.items == ("Skin", "Rash", "Itching", "Gut")
    assert listed.doubt == "a nested list was flattened"


def test_a_code_block_is_a_paragraph_with_a_doubt_and_its_line():
    [intro, code] = read_markdown("Intro.\n\n```\nx <y>\n  z\n```\n")

    assert intro.where == "line 1"
    assert (code.kind, code.text, code.html, code.where) == ("paragraph", "x <y> z", "x &lt;y&gt; z", "line 3")
    assert code.doubt == "a code block was kept as text"


def test_images_are_left_out_with_a_doubt_quoting_their_alt_text_and_rules_are_skipped():
    elements = read_markdown(
        "![a chart](data:image/png;base64,iVBORw0KGgo=)\n\n***\n\nText ![Survival chart](chart.png) here.\n"
    )

    assert [(e.kind, e.text, e.html, e.where) for e in elements] == [
        ("paragraph", "Text here.", "Text here.", "line 5")
    ]
    # The picture alone in its paragraph has no text to hold its note: the next one does.
    assert elements[0].doubt == (
        "an image was left out: “a chart”, just before this; an image was left out: “Survival chart” (chart.png)"
    )


def test_a_pipe_table_is_a_paragraph_per_row_with_a_doubt():
    elements = read_markdown("| Drug | Dose |\n|---|---|\n| Nivolumab | **240** mg |\n")

    assert [(e.kind, e.text, e.html, e.doubt, e.where) for e in elements] == [
        ("paragraph", "Drug — Dose", "Drug — Dose", "a table was kept as text", "line 1"),
        ("paragraph", "Nivolumab — 240 mg", "Nivolumab — <b>240</b> mg", "a table was kept as text", "line 1"),
    ]


# -- nothing markdown-it stops reading is lost silently ------------------------------------


def test_a_list_nested_past_markdown_its_limit_is_refused_naming_the_line():
    # markdown-it stops at ten levels of list and drops the rest: later items, and every
    # block after the list.
    text = "Intro.\n\n" + "".join("  " * level + f"- item {level}\n" for level in range(12)) + "\nAfter.\n"

    with pytest.raises(DocumentRefused) as refused:
        read_markdown(text)

    assert str(refused.value).startswith("The Markdown is nested too deeply at line 12: “- item 9” could not be read")


def test_a_quote_nested_past_the_limit_is_refused():
    with pytest.raises(DocumentRefused, match="nested too deeply at line 3: “> > > "):
        read_markdown("Intro.\n\n" + "> " * 20 + "Important safety warning.\n")


def test_emphasis_nested_past_the_recursion_limit_is_refused():
    with pytest.raises(DocumentRefused, match="nested too deeply to import"):
        read_markdown("*a " * 500 + "x" + " a*" * 500 + "\n")


_CONTENT = st.sampled_from(
    [
        "",
        "word",
        "Two words.",
        "```",
        "~~~",
        "---",
        "===",
        "[a]: https://example.org/a",
        "[a]",
        "<div>",
        "<!-- note -->",
        "| a | b |",
        "|---|---|",
        "    code",
        "# Heading",
        "*em* and __strong__",
        "-",
        "1)",
        "&lt;b&gt;",
    ]
)
_LINE = st.tuples(
    st.sampled_from(["", " ", "  ", "   "]),
    st.lists(st.sampled_from(["- ", "* ", "1. ", "> ", ">"]), max_size=3),
    _CONTENT,
).map(lambda parts: parts[0] + "".join(parts[1]) + parts[2])


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, max_size=25).map("\n".join))
def test_markdown_nested_within_the_limit_is_never_refused(text):
    # A few levels of lists and quotes, with every kind of block in them: no false alarm.
    read_markdown(text)


# -- what an article cannot hold is named ------------------------------------------------


def test_links_bold_and_italic_in_a_list_item_or_a_quote_are_named():
    [listed, quote] = read_markdown(
        "- Item with [NHS advice](https://www.nhs.uk/conditions/) link\n- Item with **bold** and *italic*\n\n"
        "> Quote with [a link](https://quote.example) inside.\n"
    )

    assert listed.items == ("Item with NHS advice link", "Item with bold and italic")
    assert listed.doubt == (
        "a link in a list item kept as its text: NHS advice (https://www.nhs.uk/conditions/); "
        "bold in a list item kept as plain text: “bold”; italic in a list item kept as plain text: “italic”"
    )
    assert quote.doubt == "a link in a quote kept as its text: a link (https://quote.example)"


def test_a_link_the_article_cannot_keep_names_its_address():
    [paragraph] = read_markdown("See [page](other.md), [site](www.nhs.uk) and [file](ftp://example.org/f).\n")

    assert paragraph.html == "See page, site and file."
    assert paragraph.doubt == (
        "a link kept as its text, its address left out: page (other.md); "
        "a link kept as its text, its address left out: site (www.nhs.uk); "
        "a link kept as its text, its address left out: file (ftp://example.org/f)"
    )


def test_link_definitions_are_kept_as_text_at_their_line():
    # A references list written as definitions: one cited as a link, one not.
    elements = read_markdown(
        "A study [1].\n\n## References\n\n"
        '[1]: https://doi.org/10.1200/JCO.23.01234 "Smith 2024"\n'
        "[2]: https://doi.org/10.1158/2159-8290.CD-21-1059\n\nEnd.\n"
    )

    assert [(e.kind, e.text, e.where) for e in elements] == [
        ("paragraph", "A study 1.", "line 1"),
        ("heading", "References", "line 3"),
        ("paragraph", '[1]: https://doi.org/10.1200/JCO.23.01234 "Smith 2024"', "line 5"),
        ("paragraph", "[2]: https://doi.org/10.1158/2159-8290.CD-21-1059", "line 6"),
        ("paragraph", "End.", "line 8"),
    ]
    assert elements[0].html == 'A study <a href="https://doi.org/10.1200/JCO.23.01234">1</a>.'
    assert elements[2].doubt == "a link definition, kept as text (the links that use it keep its address)"
    assert elements[3].doubt == "a link definition no link uses, kept as text"


def test_raw_html_and_html_comments_are_kept_as_text_with_a_doubt():
    html, comment, escaped = read_markdown(
        'Inline <span style="color:red">red</span>.\n\n<!-- an editorial note -->\n\n'
        "Escaped &lt;b&gt; and `<b>` in code.\n"
    )

    assert html.text == 'Inline <span style="color:red">red</span>.'
    assert html.doubt == 'raw HTML kept as text: “<span style="color:red">”'
    assert comment.text == "<!-- an editorial note -->"
    assert comment.doubt == "raw HTML kept as text: “<!-- an editorial note -->”"
    # Written as entities or code, it is text the author meant to show.
    assert (escaped.text, escaped.doubt) == ("Escaped <b> and <b> in code.", "")


def test_spaces_other_than_ascii_are_kept_as_written():
    text = "Dose 10\u00a0mg, thin\u2009space, ideographic\u3000space, line\u2028separator."

    [paragraph] = read_markdown(f"{text}\n\n\u00a0\n")

    assert paragraph.text == text
