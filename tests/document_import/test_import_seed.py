"""The seed article imported from documents: as a Word file with heading styles it comes
back as the curated structure; as its own text file, which marks nothing, it comes back
with its headings, lists, references and calls to action, and a report of the guesses."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from content_pages.foundations.languages import localized_field_name
from content_pages.models import ArticleIndexPage, ArticlePage, CallToAction, Reference
from content_pages.publishing.document_import.create import import_article

from .seed_documents import SEED_TEXT, curated, seed_docx

pytestmark = pytest.mark.django_db


def _stream(page: ArticlePage, name: str) -> list[dict]:
    return list(getattr(page, localized_field_name(name, "en")).raw_data)


def _headings(blocks: list[dict]) -> list[tuple[str, str]]:
    return [(b["value"]["level"], b["value"]["text"]) for b in blocks if b["type"] == "heading"]


def _lists(blocks: list[dict]) -> list[list[str]]:
    return [[item["value"] for item in b["value"]["items"]] for b in blocks if b["type"] == "bullet_list"]


def _ctas(blocks: list[dict]) -> list[str]:
    names = dict(CallToAction.objects.values_list("pk", "name"))
    return [names[b["value"]["cta"]] for b in blocks if b["type"] == "cta"]


def _aside(blocks: list[dict]) -> list[tuple[str, str]]:
    names = dict(CallToAction.objects.values_list("pk", "name"))
    return [
        ("cta", names[b["value"]["cta"]]) if b["type"] == "cta" else (b["type"], b["value"]["heading_override"])
        for b in blocks
    ]


def _curated_aside(article: dict) -> list[tuple[str, str]]:
    return [
        ("cta", block["cta"]) if block["type"] == "cta" else ("enquiry_form", block["heading"]["en"])
        for block in article["aside"]
    ]


def _imported(name: str, data: bytes) -> tuple[ArticlePage, object]:
    index = ArticleIndexPage.objects.get()
    report = import_article(name, data, index)
    return ArticlePage.objects.get(pk=report.page_id), report


def test_the_seed_as_a_word_file_imports_to_the_curated_structure(seeded):
    article = curated()["article"]
    page, _report = _imported("immunotherapy.docx", seed_docx())
    body, aside = _stream(page, "body"), _stream(page, "aside")
    curated_body = [{"type": b["type"], "value": b} for b in article["body"]]

    assert page.title == article["title"]["en"]
    assert page.standfirst == article["standfirst"]["en"]
    assert _headings(body) == [(b["level"], b["text"]["en"]) for b in article["body"] if b["type"] == "heading"]
    assert _lists(body) == [[item["en"] for item in b["items"]] for b in article["body"] if b["type"] == "bullet_list"]
    assert _ctas(body) == [b["value"]["cta"] for b in curated_body if b["type"] == "cta"]
    assert _aside(aside) == _curated_aside(article)
    # The pull quote, written in Word's Quote style, is a quote again.
    quotes = [b["value"]["text"] for b in body if b["type"] == "callout"]
    assert quotes == [b["text"]["en"] for b in article["body"] if b["type"] == "callout" and b["style"] == "quote"]
    # The five references, each already in the library, are reused, in order.
    cited = [link.reference.doi for link in page.references.order_by("sort_order")]
    assert cited == article["references"]
    assert Reference.objects.count() == len(article["references"])
    # A draft, never published; its first revision is the import.
    assert not page.live
    assert page.live_revision is None
    assert page.latest_revision is not None
    assert page.get_parent().specific == ArticleIndexPage.objects.get()


def test_the_seed_text_file_imports_with_its_headings_lists_references_and_ctas(seeded):
    article = curated()["article"]
    page, report = _imported(SEED_TEXT.name, SEED_TEXT.read_bytes())
    body, aside = _stream(page, "body"), _stream(page, "aside")

    assert page.title == article["title"]["en"]
    wanted = [b["text"]["en"] for b in article["body"] if b["type"] == "heading"]
    found = [text for _level, text in _headings(body)]
    in_order = [text for text in found if text in wanted]
    assert in_order == [text for text in wanted if text in found]
    assert len(in_order) / len(wanted) >= 0.9
    assert _lists(body) == [[item["en"] for item in b["items"]] for b in article["body"] if b["type"] == "bullet_list"]
    assert [link.reference.doi for link in page.references.order_by("sort_order")] == article["references"]
    assert _ctas(body) == [b["cta"] for b in article["body"] if b["type"] == "cta"]
    assert _aside(aside) == _curated_aside(article)
    # Every paragraph of the file is in the article, word for word.
    text = " ".join(SEED_TEXT.read_text(encoding="utf-8").split())
    for block in body:
        if block["type"] == "paragraph":
            words = " ".join(block["value"].removeprefix("<p>").removesuffix("</p>").split())
            assert words.replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&") in text
    # What it guessed is named for a look: the headings' levels and each heading taken
    # from its shape.
    looks = [str(note) for note in report.needs_look]
    assert any("marks no heading levels" in note for note in looks)
    assert sum("taken as a heading" in note for note in looks) == len(found)
    assert any("line " in note for note in looks)


def test_the_command_prints_the_report(seeded, tmp_path):
    index = ArticleIndexPage.objects.get()
    path = tmp_path / "immunotherapy.docx"
    path.write_bytes(seed_docx())
    out = io.StringIO()
    call_command("import_article", str(path), "--parent", str(index.pk), stdout=out)
    printed = out.getvalue()
    assert "Recognised:" in printed
    assert "Needs a look" in printed
    assert "reference 10.1038/nature23003: already in the library, reused" in printed
    assert "it is not published" in printed
    created = ArticlePage.objects.exclude(live=True).get()
    assert f"(page {created.pk})" in printed
