"""Every kind of bad file is rejected, named with its line and segment, and changes nothing."""

import io

import pytest
from babel.messages.pofile import read_po

from content_pages.models import ArticlePage, CallToAction, TranslationRecord
from content_pages.publishing.translations.importing import ImportOptions, ImportRejected, import_po
from tests.reviewing import approved_translations

from .conftest import fill

pytestmark = pytest.mark.django_db


def snapshot(article):
    article = ArticlePage.objects.get(pk=article.pk)
    return (
        article.revisions.count(),
        article.get_latest_revision().content.get("body_ms"),
        sorted(CallToAction.objects.values_list("button_label_ms", flat=True)),
        TranslationRecord.objects.count(),
    )


def line_of(data: bytes, needle: str) -> int:
    return data.decode().split(needle)[0].count("\n") + 1


def rejected(data):
    with pytest.raises(ImportRejected) as error:
        with approved_translations():
            import_po(data, ImportOptions(publish=True))
    return error.value.report.problems


@pytest.mark.parametrize(
    ("find", "replace"),
    [
        (b'msgstr "Perubatan tepat"', b'msgstr "Perubatan tepat'),  # unclosed quote
        (b'msgid "Precision medicine"', b"msgid Precision medicine"),  # unquoted
        (b'msgstr "Perubatan tepat"', b'msgstr "Perubatan tepat"\nmsgstr_typo "x"'),
    ],
)
def test_syntax_error_names_the_line(seeded, malay_po, find, replace):
    before = snapshot(seeded)
    broken = malay_po.replace(find, replace)
    problems = rejected(broken)
    assert len(problems) == 1
    assert "not valid PO syntax" in problems[0].message
    assert problems[0].line == line_of(broken, replace.decode().split("\n")[-1] + "\n")
    assert snapshot(seeded) == before


def test_wrong_language_header(seeded, malay_po):
    before = snapshot(seeded)
    problems = rejected(malay_po.replace(b"Language: ms", b"Language: fr"))
    assert [str(p) for p in problems] == [
        "file: the Language header is fr; it must be one of: zh_Hans (Chinese (Simplified)), ms (Malay)"
    ]
    assert snapshot(seeded) == before


def test_unknown_msgctxt(seeded, malay_po):
    before = snapshot(seeded)
    data = fill(malay_po).replace(
        f'msgctxt "page:{seeded.pk}:standfirst"'.encode(), f'msgctxt "page:{seeded.pk}:subtitle"'.encode()
    )
    problems = rejected(data)
    assert len(problems) == 1
    assert problems[0].segment == f"page:{seeded.pk}:subtitle"
    assert problems[0].line == line_of(data, f'msgctxt "page:{seeded.pk}:subtitle"') + 1
    assert "unknown msgctxt" in problems[0].message
    assert snapshot(seeded) == before


def _with_paragraph(seeded, django_capture_on_commit_callbacks):
    stream = seeded.body_en.get_prep_value()
    paragraph = next(block for block in stream if block["type"] == "paragraph")
    paragraph["value"] = '<p>Read <a href="https://example.org/guide">the <b>guide</b></a>.</p>'
    seeded.body_en = stream
    with django_capture_on_commit_callbacks(execute=True):
        seeded.save_revision().publish()
    from content_pages.publishing.translations.export import page_catalog, po_bytes

    return po_bytes(page_catalog(seeded, "ms")), paragraph["id"]


@pytest.mark.parametrize(
    ("translation", "expected"),
    [
        ("Baca panduan.", "missing placeholders <a1>, <b1>"),
        ("Baca <a1>panduan</a1> <b2>ini</b2>.", "unknown placeholder <b2>"),
        ("Baca <a1>panduan <b1>ini</a1></b1>.", "</a1> closes a placeholder that is not open there"),
    ],
)
def test_broken_or_changed_placeholders(
    partly_translated, seeded, django_capture_on_commit_callbacks, translation, expected
):
    # The Malay paragraph is untranslated, so the translator fills it (with these placeholders).
    data, block_id = _with_paragraph(seeded, django_capture_on_commit_callbacks)
    before = snapshot(seeded)
    data = fill(data, lambda source: translation if source.startswith("Read") else f"MS {source}")
    problems = rejected(data)
    assert len(problems) == 1
    assert problems[0].segment == f"page:{seeded.pk}:body:{block_id}"
    assert expected in problems[0].message
    assert "placeholders do not match the source" in problems[0].message
    assert problems[0].line == line_of(data, 'msgid "Read <a1>')
    assert snapshot(seeded) == before


def test_overlong_cta_label(seeded, malay_po):
    before = snapshot(seeded)
    data = malay_po.replace(b'msgstr "Sembang di WhatsApp"', b'msgstr "Sembang bersama kami di WhatsApp"')
    problems = rejected(data)
    assert len(problems) == 1
    assert problems[0].segment.endswith(":button_label")
    assert "32 characters; at most 20 allowed here" in problems[0].message
    assert problems[0].line == line_of(data, 'msgid "Chat on WhatsApp"')
    assert snapshot(seeded) == before


def test_wrong_encoding(seeded, malay_po):
    before = snapshot(seeded)
    latin1 = fill(malay_po, lambda source: "Café " + source).decode("utf-8").encode("latin-1", errors="replace")
    problems = rejected(latin1)
    assert len(problems) == 1
    assert "not UTF-8 (byte 0xe9)" in problems[0].message
    assert snapshot(seeded) == before


def test_changed_source_since_export(seeded, malay_po):
    data = malay_po.replace(b'msgid "Precision medicine"', b'msgid "Precision medicines"')
    problems = rejected(data)
    assert "the source text changed since this file was exported" in problems[0].message


def test_every_problem_is_reported_at_once(seeded, malay_po):
    data = malay_po.replace(b'msgstr "Sembang di WhatsApp"', b'msgstr "Sembang bersama kami di WhatsApp"')
    data = data.replace(b'msgctxt "topic:1:name"', b'msgctxt "topic:999:name"')
    assert len(rejected(data)) == 2


def test_fuzzy_entries_are_not_imported(seeded, malay_po):
    catalog = read_po(io.BytesIO(fill(malay_po)))
    fuzzy = next(m for m in catalog if m.id and m.string.startswith("MS "))
    fuzzy.flags.add("fuzzy")
    out = io.BytesIO()
    from babel.messages.pofile import write_po

    write_po(out, catalog)
    report = import_po(out.getvalue())
    assert report.skipped_fuzzy == [fuzzy.context]
