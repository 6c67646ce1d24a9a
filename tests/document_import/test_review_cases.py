"""What a hostile or unusual document does to the plan: nothing the writer meant is
turned into something else, and what cannot be kept as it is is named."""

from __future__ import annotations

import pytest
from wagtail.models import Page

from content_pages.models import ArticleIndexPage, ArticlePage, Reference
from content_pages.publishing.document_import.citations import all_dois, find_doi
from content_pages.publishing.document_import.create import ArticleNotImported, import_article, plan_document

pytestmark = pytest.mark.django_db


def _looks(plan) -> str:
    return " | ".join(str(note) for note in plan.report.needs_look)


def test_a_sources_heading_followed_by_prose_is_the_writers_section(seeded):
    plan = plan_document(
        "a.md", b"# Iron\n\n## Sources\n\nRed meat and lentils.\n\n## How Much You Need\n\nAbout 8 mg a day.\n"
    )
    headings = [block.value["text"] for block in plan.body if block.type == "heading"]
    assert headings == ["Sources", "How Much You Need"]
    assert [block.value for block in plan.body if block.type == "paragraph"] == [
        "<p>Red meat and lentils.</p>",
        "<p>About 8 mg a day.</p>",
    ]
    assert "outside the article" not in _looks(plan)


def test_a_button_label_alone_is_the_writers_words_not_a_call_to_action(seeded):
    plan = plan_document("a.md", b"# Sleep\n\n## Learn more\n\nRead more.\n")
    assert [block.type for block in plan.body] == ["heading", "paragraph"]
    assert plan.body[0].value["text"] == "Learn more"
    assert plan.body[1].value == "<p>Read more.</p>"


def test_a_reference_too_long_for_its_fields_is_kept_as_a_paragraph(seeded):
    line = (
        "Tan, B. (2021). A guideline. Journal of Care, 12(Supplement 2 Proceedings of the annual meeting), 1–9. "
        "https://doi.org/10.9999/longissue.1"
    )
    organisation = "A" * 130 + ". (2020). Very long organisation. https://doi.org/10.9999/org.2"
    document = f"# Iron\n\nText.\n\n## References\n\n{line}\n\n{organisation}\n".encode()
    before = Reference.objects.count()
    report = import_article("a.md", document, ArticleIndexPage.objects.get())
    page = ArticlePage.objects.get(pk=report.page_id)
    assert page.references.count() == 0
    assert Reference.objects.count() == before
    looks = " | ".join(str(note) for note in report.needs_look)
    assert "line 7: a reference whose issue is longer than a reference holds" in looks
    assert "line 9: a reference whose author's name is longer than a reference holds" in looks
    paragraphs = [block["value"] for block in page.body.raw_data if block["type"] == "paragraph"]
    assert paragraphs[-2:] == [f"<p>{line}</p>", f"<p>{organisation}</p>"]


def test_a_title_too_long_is_refused_naming_its_line(seeded):
    before = Page.objects.count()
    with pytest.raises(ArticleNotImported, match="line 1: the title is 300 characters; a title may hold at most 255"):
        import_article("a.md", ("# " + "T" * 300 + "\n\nText.\n").encode(), ArticleIndexPage.objects.get())
    assert Page.objects.count() == before


def test_a_reference_line_with_two_dois_is_named(seeded):
    plan = plan_document(
        "a.md",
        b"# Iron\n\nText.\n\n## References\n\n"
        b"Tan, B. (2021). A guideline. Care, 1(2), 3-4. https://doi.org/10.9999/one and https://doi.org/10.9999/two\n",
    )
    assert "several DOIs: only 10.9999/one was read" in _looks(plan)


def test_a_long_quote_is_kept_as_a_paragraph_and_named(seeded):
    quote = "Words in a quote. " * 40
    plan = plan_document("a.md", f"# Iron\n\nText.\n\n> {quote}\n".encode())
    assert plan.body[-1].type == "paragraph"
    assert "a quote over 600 characters: kept as a paragraph" in _looks(plan)


def test_links_followed_by_brackets_are_trimmed_in_one_pass():
    text = "https://doi.org/10.1234/x" + ")" * 200_000
    assert find_doi(text) == "10.1234/x"
    assert all_dois("see 10.1016/S0140-6736(20)30183-5. and doi:10.1000/b") == [
        "10.1016/S0140-6736(20)30183-5",
        "10.1000/b",
    ]
