"""The plain-text reader: blocks, lists and guessed headings, on the seed and on any text."""

import json
import re
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from content_pages.publishing.document_import.elements import Element
from content_pages.publishing.document_import.line_shape import is_title_case
from content_pages.publishing.document_import.plain_text import read_plain_text
from content_pages.seed.loader import DEFAULT_SEED

SEED_TEXT = Path(__file__).resolve().parents[1] / "data" / "immunotherapy-article.txt"
SHAPE = "short line without closing punctuation"
QUESTION = "short question in title case"
SHORT_QUESTION = "a short question: a heading or a sentence?"


def _seed() -> tuple[list[Element], dict]:
    elements = read_plain_text(SEED_TEXT.read_text(encoding="utf-8"))
    curated = json.loads(Path(DEFAULT_SEED).read_text(encoding="utf-8"))
    return elements, curated


def _is_subsequence(wanted: list[str], found: list[str]) -> bool:
    remaining = iter(found)
    return all(any(text == candidate for candidate in remaining) for text in wanted)


def test_every_curated_heading_is_read_as_a_heading_in_order():
    elements, curated = _seed()
    wanted = [block["text"]["en"] for block in curated["article"]["body"] if block["type"] == "heading"]
    headings = [element for element in elements if element.kind == "heading"]
    assert len(wanted) == 9
    assert _is_subsequence(wanted, [element.text for element in headings])
    assert all(element.level == 0 and element.doubt in {SHAPE, QUESTION} for element in headings)
    # The article's title is a heading too: the structure stage takes the first one.
    assert headings[0].text == curated["article"]["title"]["en"]


def test_the_curated_lists_are_the_lists_read_items_exactly():
    elements, curated = _seed()
    wanted = [
        tuple(item["en"] for item in block["items"])
        for block in curated["article"]["body"]
        if block["type"] == "bullet_list"
    ]
    lists = [element for element in elements if element.kind == "list"]
    assert len(wanted) == 2
    assert [element.items for element in lists] == wanted
    assert not any(element.ordered for element in lists)
    assert [element.text for element in lists] == ["\n".join(items) for items in wanted]


def test_curated_paragraphs_and_the_quote_are_paragraphs_as_written():
    elements, curated = _seed()
    paragraphs = {element.text for element in elements if element.kind == "paragraph"}
    wanted = [
        block["text"]["en"]
        for block in curated["article"]["body"]
        if block["type"] == "paragraph" or (block["type"] == "callout" and block["style"] == "quote")
    ]
    assert set(wanted) <= paragraphs


def test_each_reference_is_one_paragraph_with_its_link_joined():
    elements, curated = _seed()
    for reference in curated["references"]:
        holding = [element for element in elements if reference["doi"] in element.text]
        assert len(holding) == 1
        (element,) = holding
        assert element.kind == "paragraph"
        assert element.text.startswith(f"{reference['authors'][0][0]}, ")
        assert element.text.endswith(f" https://doi.org/{reference['doi']}")
        assert not element.doubt


def test_the_short_question_of_a_call_to_action_is_a_paragraph_in_doubt():
    elements, _ = _seed()
    line = "How to predict whether the treatment will be effective before cancer treatment starts?"
    found = [element for element in elements if element.text == line]
    assert len(found) == 2
    assert all(element.kind == "paragraph" and element.doubt == SHORT_QUESTION for element in found)
    assert [element.where for element in found] == ["line 37", "line 127"]


def test_form_labels_typed_under_each_other_stay_one_per_element():
    elements, _ = _seed()
    texts = [element.text for element in elements]
    position = texts.index("Name")
    assert texts[position + 1] == "Checkboxes"
    assert elements[position].where == "line 120"
    assert elements[position + 1].where == "line 121"


def test_blocks_lines_and_places():
    text = "\ufeffTitle Here\r\n\r\nA paragraph that\r\nwraps  over\tlines.\r \r- one\r\n  * two\n\n3. first\n4) second\n\nNext."
    assert read_plain_text(text) == [
        Element(kind="heading", text="Title Here", where="line 1", doubt=SHAPE),
        Element(kind="paragraph", text="A paragraph that wraps over lines.", where="line 3"),
        Element(kind="list", text="one\ntwo", items=("one", "two"), where="line 6"),
        Element(kind="list", text="first\nsecond", items=("first", "second"), ordered=True, where="line 9"),
        Element(kind="paragraph", text="Next.", where="line 12"),
    ]


def test_a_list_spans_blank_lines_and_takes_wrapped_lines_and_a_lead_in():
    text = "Causes include:\n• smoking, which\n  harms the lungs\n\n\n• age\n\na) later\n\nb) on"
    assert read_plain_text(text) == [
        Element(kind="paragraph", text="Causes include:", where="line 1"),
        Element(
            kind="list",
            text="smoking, which harms the lungs\nage",
            items=("smoking, which harms the lungs", "age"),
            where="line 2",
        ),
        Element(kind="list", text="later\non", items=("later", "on"), ordered=True, where="line 8"),
    ]


def test_what_is_not_a_marker_stays_text():
    assert [element.text for element in read_plain_text("-5 °C is cold.\n\n*really* cold.\n\n2024. was a year.")] == [
        "-5 °C is cold.",
        "*really* cold.",
        "2024. was a year.",
    ]


def test_spaces_other_than_ascii_are_kept_as_written():
    text = "Dose 10\u00a0mg, thin\u2009space, en\u2002space, ideographic\u3000space, line\u2028separator."
    (element,) = read_plain_text(f"{text}\n\u00a0\n")
    assert element.text == text
    (element,) = read_plain_text("Cancer \u00a0\u00a0 Care")
    assert element.text == "Cancer \u00a0\u00a0 Care"


def test_a_line_of_whitespace_of_any_kind_is_blank():
    first, second = read_plain_text("First paragraph\nwraps here.\n\u00a0\u3000\nSecond paragraph.")
    assert (first.text, second.text, second.where) == ("First paragraph wraps here.", "Second paragraph.", "line 4")


def _shape(line: str) -> tuple[str, str]:
    (element,) = read_plain_text(line)
    return element.kind, element.doubt


def test_heading_shapes():
    assert _shape("Checkpoint Inhibitors (PD-1)") == ("heading", SHAPE)
    assert _shape("Name") == ("heading", SHAPE)
    assert _shape("How Does It Work?") == ("heading", QUESTION)
    assert _shape("Is It Bad?") == ("paragraph", SHORT_QUESTION)  # no word of four letters after the first
    assert _shape("How Does Immunotherapy Work?") == ("heading", QUESTION)
    assert _shape("Does it work?") == ("paragraph", SHORT_QUESTION)
    assert _shape("A clause, then") == ("heading", SHAPE)
    for sentence in ("This ends a sentence.", "A list follows:", "Wait!", "Trailing off…", "Or so...", "A, b,"):
        assert _shape(sentence) == ("paragraph", ""), sentence
    assert _shape("He said “Stop.”") == ("paragraph", "")
    assert _shape("She asked, “Why Does Immunotherapy Work?”") == ("paragraph", "")
    assert _shape("Dr Smith Explains. Then We Ask") == ("paragraph", "")  # two sentences
    for sentence in ("乳腺癌如果及早发现是可以治疗的。", "详见下文：", "他说「好。」", "सूचना।", "مرحبا، كيف حالك،"):
        assert _shape(sentence) == ("paragraph", ""), sentence
    assert _shape("请咨询您的医生？") == ("paragraph", SHORT_QUESTION)  # like "?": no title case to read
    assert _shape("Why Does Immunotherapy Work？") == ("heading", QUESTION)
    assert _shape("هل العلاج مناسب لي؟") == ("paragraph", SHORT_QUESTION)
    assert _shape("免疫疗法") == ("heading", SHAPE)
    assert _shape(" ".join(["Word"] * 16)) == ("paragraph", "")
    assert _shape("A" * 121) == ("paragraph", "")
    assert _shape(" ".join(["Word"] * 15)) == ("heading", SHAPE)
    long_question = (
        "Want to learn how liquid biopsy may help you choose suitable natural substances during your journey?"
    )
    assert _shape(long_question) == ("paragraph", "")


def test_title_case_counts_words_of_four_letters_after_the_first():
    assert is_title_case("Why Doesn’t Immunotherapy Work for Everyone?")
    assert is_title_case("What Is the Hidden Problem: Why Can Cancer Escape the Immune System?")
    assert is_title_case("Living With Cancer")
    assert is_title_case("Living with Cancer")  # "with" counts neither way
    assert not is_title_case("Living with cancer")
    assert not is_title_case("Cancer")
    assert not is_title_case("How to predict whether the treatment will be effective?")


# -- the reader never drops or alters a word ------------------------------------------------

_MARKER = re.compile(r"[•·\-*–▪◦]|[0-9]{1,3}[.)]|[A-Za-z]\)")


# Words are split on ASCII whitespace only: any other character, a no-break space among
# them, is part of the word it is in, and kept.
_ASCII_WHITESPACE = re.compile(r"[ \t\f]+")


def _words(line: str) -> list[str]:
    return [word for word in _ASCII_WHITESPACE.split(line) if word]


def _words_of_input(text: str) -> list[str]:
    """The input's words, less each line's list marker (a line's first word when more words
    follow it) and lines of nothing but whitespace of any kind, which are blank."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    words = []
    for line in text.split("\n"):
        if line.isspace():
            continue
        tokens = _words(line)
        if len(tokens) > 1 and _MARKER.fullmatch(tokens[0]) and not "".join(tokens[1:]).isspace():
            tokens = tokens[1:]
        words.extend(tokens)
    return words


def _words_of_elements(elements: list[Element]) -> list[str]:
    words = []
    for element in elements:
        for text in element.items if element.kind == "list" else (element.text,):
            words.extend(_words(text))
    return words


_PIECES = st.sampled_from(
    [
        "\n",
        "\r\n",
        "\r",
        "\n\n",
        " ",
        "\t",
        "\u00a0",
        "\u3000",
        "\u2028",
        "\x0b",
        "\ufeff",
        "- ",
        "• ",
        "  ◦ ",
        "1. ",
        "12) ",
        "a) ",
        "-",
        "*",
        "1.",
        "?",
        ".",
        "”",
        "Word",
        "word",
        "Title Case",
        "x. Y",
    ]
)


@settings(max_examples=400, deadline=None)
@example("- \u00a0\n\u00a0 \u3000\nWord\x0bword \u2028 1.\u00a0x")
@given(st.one_of(st.text(), st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=40).map("".join)))
def test_the_reader_keeps_every_word(text):
    elements = read_plain_text(text)
    assert _words_of_elements(elements) == _words_of_input(text)
    for element in elements:
        assert element.text
        assert not element.text.isspace()
        assert element.text.strip(" \t\f") == element.text
        assert re.fullmatch(r"line [0-9]+", element.where)
