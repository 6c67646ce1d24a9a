"""Which uploads reach a reader, and the refusals of those that cannot, each with a real file."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from content_pages.foundations.limits import DOCUMENT_MAX_BYTES
from content_pages.publishing.document_import.elements import DocumentRefused
from content_pages.publishing.document_import.files import document_kind, document_text

from .word_documents import docx_bytes


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
