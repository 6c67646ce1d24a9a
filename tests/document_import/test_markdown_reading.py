"""Markdown (CommonMark) as elements: the same mappings as Word, and raw HTML kept as text."""

from __future__ import annotations

from content_pages.publishing.document_import.elements import Element
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


def test_images_and_rules_are_skipped():
    elements = read_markdown(
        "![a chart](data:image/png;base64,iVBORw0KGgo=)\n\n***\n\nText ![x](https://example.org/x.png) here.\n"
    )

    assert [(e.kind, e.text, e.html, e.where) for e in elements] == [
        ("paragraph", "Text here.", "Text here.", "line 5")
    ]


def test_tables_are_not_markdown_syntax_here():
    [paragraph] = read_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n")

    assert paragraph.kind == "paragraph"
    assert paragraph.doubt == ""
