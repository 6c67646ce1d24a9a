"""Which uploads reach a reader, and the refusals of those that cannot, each with a real file."""

from __future__ import annotations

import io
import struct
import zipfile

import docx
import pytest

from content_pages.foundations.limits import (
    DOCUMENT_MARKDOWN_MARKS_MAX,
    DOCUMENT_MAX_BYTES,
    DOCUMENT_TEXT_LINES_MAX,
    DOCUMENT_XML_TAGS_MAX,
    STREAM_TEXT_MAX,
)
from content_pages.publishing.document_import.elements import DocumentRefused
from content_pages.publishing.document_import.files import document_kind, document_text

from .seed_documents import seed_docx
from .word_documents import docx_bytes, docx_with_body


def good_docx() -> bytes:
    return docx_bytes(lambda document: document.add_paragraph("Hello"))


def refusal(name: str, data: bytes) -> str:
    with pytest.raises(DocumentRefused) as refused:
        document_kind(name, data)
    return str(refused.value)


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "kind"),
    [("article.docx", "docx"), ("ARTICLE.DOCX", "docx")],
)
def test_a_word_document_is_accepted_whatever_the_case_of_its_extension(name, kind):
    assert document_kind(name, good_docx()) == kind


@pytest.mark.parametrize(
    ("name", "kind"),
    [("notes.md", "md"), ("notes.Markdown", "md"), ("notes.TXT", "txt")],
)
def test_text_documents_are_accepted_by_their_extension(name, kind):
    assert document_kind(name, "# Über\n\nText.\n".encode()) == kind


def test_a_utf8_byte_order_mark_is_accepted_and_left_out_of_the_text():
    data = b"\xef\xbb\xbf# Title\n"

    assert document_kind("notes.md", data) == "md"
    assert document_text("notes.md", data) == "# Title\n"


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n", b"\xef\xbb\xbf \n"])
def test_an_empty_file_is_refused(data):
    message = refusal("empty.md", data)

    assert '"empty.md"' in message
    assert "empty" in message.replace('"empty.md"', "")


def test_a_file_over_10_mb_is_refused_before_it_is_looked_into():
    # Not a ZIP either: the size is what the editor hears about, nothing was parsed.
    message = refusal("big.docx", b"x" * (DOCUMENT_MAX_BYTES + 1))

    assert '"big.docx"' in message
    assert "at most 10 MB" in message
    assert "Word" not in message


def test_a_size_just_over_the_limit_reads_differently_from_the_limit():
    # "10.0 MB; at most 10 MB" would not say what is wrong.
    assert "is 10,485,761 bytes; a document may be at most 10 MB (10,485,760 bytes)" in refusal(
        "big.txt", b"x" * (DOCUMENT_MAX_BYTES + 1)
    )
    assert '"big.txt" is 10.3 MB;' in refusal("big.txt", b"x" * int(10.3 * 1024 * 1024))


def test_a_file_of_exactly_10_mb_is_not_refused_for_its_size():
    data = b"a" * DOCUMENT_MAX_BYTES

    assert document_kind("big.txt", data) == "txt"


def test_an_unsupported_extension_is_refused_naming_the_accepted_ones():
    message = refusal("article.pdf", b"%PDF-1.7\n")

    assert '"article.pdf"' in message
    for extension in (".docx", ".md", ".markdown", ".txt"):
        assert extension in message


def test_a_file_without_an_extension_is_refused():
    assert ".docx" in refusal("article", b"text")


def test_a_docx_that_is_plain_text_is_not_a_word_document():
    message = refusal("fake.docx", b"Just some text saved with the wrong name.\n")

    assert '"fake.docx"' in message
    assert "not a Word document (.docx)" in message


def test_an_ole_file_is_refused_as_password_protected_or_an_old_doc():
    data = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 4096
    message = refusal("locked.docx", data)

    assert '"locked.docx"' in message
    assert "password-protected" in message
    assert "Word 97–2003 .doc" in message
    assert "save it as .docx" in message


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(monkeypatch):
    data = zip_of({"word/document.xml": b"<w:document/>", "word/media/zeros.bin": bytes(51 * 1024 * 1024)})
    assert len(data) < 1024 * 1024  # it compresses to almost nothing: only the declared size tells

    def unpacked(*args, **kwargs):
        raise AssertionError("a member was unpacked")

    monkeypatch.setattr(zipfile.ZipExtFile, "read", unpacked)
    message = refusal("bomb.docx", data)

    assert '"bomb.docx"' in message
    assert "51 MB" in message
    assert "at most 50 MB" in message


def test_a_member_that_unpacks_to_more_than_it_declares_is_refused():
    content = b"<w:document>" + b"x" * 100_000 + b"</w:document>"
    data = bytearray(zip_of({"word/document.xml": content}))
    # Declare 100 bytes in the local header (offset 22) and the central directory (offset 24).
    local = data.index(b"PK\x03\x04")
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, local + 22, 100)
    struct.pack_into("<I", data, central + 24, 100)
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        assert archive.getinfo("word/document.xml").file_size == 100

    message = refusal("liar.docx", bytes(data))

    assert '"liar.docx"' in message
    assert "damaged" in message


def test_a_zip_without_a_document_body_is_not_a_word_document():
    data = zip_of({"[Content_Types].xml": b"<Types/>", "content.xml": b"<office:document/>"})
    message = refusal("spreadsheet.docx", data)

    assert '"spreadsheet.docx"' in message
    assert "not a Word document (.docx)" in message


def test_latin1_text_is_refused_naming_the_byte_and_the_line():
    data = "first line\ncafé au lait\n".encode("latin-1")
    message = refusal("notes.txt", data)

    assert '"notes.txt"' in message
    assert "not UTF-8" in message
    assert "byte 14" in message
    assert "line 2" in message


def test_the_byte_offset_counts_the_byte_order_mark():
    message = refusal("notes.md", b"\xef\xbb\xbfab\xff")

    assert "byte 5, line 1" in message


def test_text_with_nul_bytes_is_not_a_text_file():
    message = refusal("notes.md", "# Title\n".encode("utf-16-le"))

    assert '"notes.md"' in message
    assert "not a text file" in message


# -- a .docx whose XML would be far more work than its size says --------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def document_xml(body: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'.encode()
    )


def read_counter(monkeypatch) -> list[int]:
    """The bytes unpacked from every member, counted as they are read."""
    unpacked = [0]
    read = zipfile.ZipExtFile.read

    def counting(self, *args):
        chunk = read(self, *args)
        unpacked[0] += len(chunk)
        return chunk

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting)
    return unpacked


@pytest.mark.parametrize(
    ("body", "unpacked_bytes"),
    [
        # The reviewer's documents: 85 KB and 10 KB zipped, minutes and gigabytes in mammoth.
        ("<w:p>" + "<w:r><w:t>a</w:t></w:r>" * 1_500_000 + "</w:p>", 34_500_000),
        ("<w:p/>" * 1_000_000, 6_000_000),
    ],
)
def test_a_small_docx_of_millions_of_tags_is_refused_as_it_unpacks(monkeypatch, body, unpacked_bytes):
    data = zip_of({"word/document.xml": document_xml(body)})
    assert len(data) < 100 * 1024
    unpacked = read_counter(monkeypatch)

    message = refusal("runs.docx", data)

    assert message == (
        f'"runs.docx" is too complex to import: its XML holds more than {DOCUMENT_XML_TAGS_MAX:,} tags, far more '
        "than an article needs. Save a smaller document (or split it) and upload that."
    )
    # Refused as soon as the count passed the bound, long before the end.
    assert unpacked[0] < unpacked_bytes / 4


def test_the_tag_bound_leaves_room_for_an_article_at_its_limits():
    data = seed_docx()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    tags = {name: part.count(b"<") for name, part in parts.items() if part.lstrip().startswith(b"<")}
    characters = sum(len(paragraph.text) for paragraph in docx.Document(io.BytesIO(data)).paragraphs)
    body = tags["word/document.xml"]
    assert sum(tags.values()) == pytest.approx(25_000, rel=0.1)  # nearly all of it python-docx's styles
    # The seed's body grown to an article's longest (50,000 characters), the rest as it is.
    at_limits = sum(tags.values()) - body + body * STREAM_TEXT_MAX / characters

    assert at_limits * 5 < DOCUMENT_XML_TAGS_MAX
    assert document_kind("seed.docx", data) == "docx"


def test_a_long_text_between_two_tags_is_refused():
    # minidom, under mammoth, joins one long text in quadratic time: 40 MB of spaces took 28 s.
    data = zip_of({"word/document.xml": document_xml("<w:p><w:r><w:t>x</w:t></w:r></w:p>" + " " * 2 * 1024 * 1024)})

    message = refusal("spaces.docx", data)

    assert "too complex to import: a part of it holds more than 1 MB without any markup" in message


def test_xml_that_is_not_well_formed_is_refused_as_damaged():
    data = zip_of({"word/document.xml": document_xml("<w:p><w:r><w:t>open")})

    assert refusal("broken.docx", data) == (
        '"broken.docx" is a damaged Word document (.docx): its text is not well-formed XML.'
    )


# -- Word text that the article would show differently from Word --------------------------

RUN = '<w:r>{properties}<w:t xml:space="preserve">{text}</w:t></w:r>'


def paragraph(*runs: str) -> str:
    return f"<w:p>{''.join(runs)}</w:p>"


def test_unaccepted_tracked_changes_are_refused_quoting_the_first():
    # mammoth would import the insertion ("one") and leave the deletion ("two") out.
    body = paragraph(
        RUN.format(properties="", text="Take "),
        '<w:del w:id="1" w:author="A"><w:r><w:delText>two</w:delText></w:r></w:del>',
        '<w:ins w:id="2" w:author="A"><w:r><w:t>one</w:t></w:r></w:ins>',
        RUN.format(properties="", text=" tablet daily."),
    )

    message = refusal("dose.docx", docx_with_body(body))

    assert message == (
        '"dose.docx" has tracked changes (the first: “two”): in Word, accept or reject every change '
        "(Review → Accept or Reject), then save it and upload it again."
    )


def test_a_moved_paragraph_is_a_tracked_change_too():
    body = paragraph('<w:moveFrom w:id="1" w:author="A"><w:r><w:t>Moved words</w:t></w:r></w:moveFrom>')

    assert "has tracked changes (the first: “Moved words”)" in refusal("moved.docx", docx_with_body(body))


def test_hidden_text_is_refused_quoting_it():
    body = paragraph(
        RUN.format(properties="", text="Visible "),
        RUN.format(properties="<w:rPr><w:vanish/></w:rPr>", text="INTERNAL: check with pharmacy"),
    )

    message = refusal("hidden.docx", docx_with_body(body))

    assert message == (
        '"hidden.docx" has hidden text (the first: “INTERNAL: check with pharmacy”), which would be imported as '
        "visible text: in Word, delete it or unhide it, then save it and upload it again."
    )


def test_double_strikethrough_is_refused_quoting_it():
    body = paragraph(RUN.format(properties="<w:rPr><w:dstrike/></w:rPr>", text="Take 20 mg"))

    assert "has text in double strikethrough (the first: “Take 20 mg”)" in refusal("struck.docx", docx_with_body(body))


@pytest.mark.parametrize(
    "body",
    [
        # Switched off where it is written.
        paragraph(RUN.format(properties='<w:rPr><w:vanish w:val="0"/></w:rPr>', text="Shown.")),
        paragraph(RUN.format(properties='<w:rPr><w:dstrike w:val="false"/></w:rPr>', text="Shown.")),
        # A hidden paragraph mark joins two paragraphs on screen and hides no text.
        "<w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:t>Run-in heading.</w:t></w:r></w:p>",
        # A tracked change of formatting leaves the text as it reads.
        paragraph(
            '<w:r><w:rPr><w:b/><w:rPrChange w:id="1" w:author="A"><w:rPr><w:vanish/></w:rPr></w:rPrChange>'
            "</w:rPr><w:t>Bold now.</w:t></w:r>"
        ),
    ],
)
def test_marks_that_leave_the_text_as_it_reads_are_accepted(body):
    assert document_kind("fine.docx", docx_with_body(body)) == "docx"


# -- a .md or .txt that is not text, or far more than an article --------------------------


@pytest.mark.parametrize(("character", "code"), [("\x1b", "U+001B"), ("\x07", "U+0007"), ("\x0b", "U+000B")])
def test_a_control_character_refuses_the_text_naming_its_line(character, code):
    data = f"# Title\n\nFirst line.\nSecond {character}[31m line.\n".encode()

    message = refusal("notes.md", data)

    assert message == (
        f'"notes.md" is not plain text: line 4 holds a control character ({code}), which is not text: '
        "delete it and upload the file again."
    )


def test_tabs_and_form_feeds_are_text():
    assert document_kind("notes.txt", b"Title\n\n\tIndented.\f\nNext page.\r\n") == "txt"


@pytest.mark.parametrize("newline", ["\n", "\r"])
def test_a_text_of_more_lines_than_an_article_needs_is_refused(newline):
    at_limit = ("a" + newline) * (DOCUMENT_TEXT_LINES_MAX - 1) + "a"
    assert document_kind("long.txt", at_limit.encode()) == "txt"

    message = refusal("long.txt", (at_limit + newline + "a").encode())

    assert f'"long.txt" has {DOCUMENT_TEXT_LINES_MAX + 1:,} lines; a document may have at most' in message


def test_markdown_of_more_marks_than_an_article_needs_is_refused_and_the_same_text_is_not():
    text = "*a* " * (DOCUMENT_MARKDOWN_MARKS_MAX // 2 + 1)

    message = refusal("dense.md", text.encode())

    assert f'"dense.md" holds {DOCUMENT_MARKDOWN_MARKS_MAX + 2:,} Markdown marks' in message
    assert document_kind("dense.txt", text.encode()) == "txt"
