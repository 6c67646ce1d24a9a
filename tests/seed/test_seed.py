"""The seed loader builds the seed article, every line of it, and is safe to run twice."""

from pathlib import Path

import pytest

from content_pages.models import ArticlePage, CallToAction, EnquiryFormPage, HomePage, Reference
from content_pages.seed.loader import load_seed_content
from tests.conftest import page_text
from tests.models.test_citations import apa7

SEED = Path(__file__).resolve().parent.parent / "data" / "immunotherapy-article.txt"
SHARED_SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "immunotherapy-article.txt"
TITLE = "How Immunotherapy Targets Cancer Cells — And Why It Doesn’t Work for Everyone"
LAST_REFERENCE_LINE = "https://doi.org/10.1016/j.cell.2017.01.017"


def seed_article_lines() -> list[str]:
    """Non-empty lines of the seed from its title to its last reference.

    Bullet glyphs are how the source page drew list items; the web page uses <li>.
    """
    lines = [line.strip().lstrip("•").strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    return lines[lines.index(TITLE) : lines.index(LAST_REFERENCE_LINE) + 1]


def test_the_project_copy_of_the_seed_is_the_shared_seed():
    if SHARED_SEED.exists():
        assert SEED.read_bytes() == SHARED_SEED.read_bytes()
    assert len(seed_article_lines()) == 58


@pytest.mark.django_db
def test_every_line_of_the_seed_article_is_on_the_english_page(seeded, client):
    response = client.get(seeded.get_url())
    assert response.status_code == 200
    text = page_text(response.content.decode())
    missing = [line for line in seed_article_lines() if apa7(line) not in text]
    assert missing == []


@pytest.mark.django_db
def test_seed_builds_the_site_structure(seeded):
    home = HomePage.objects.get()
    assert seeded.get_parent().get_parent().specific == home
    assert EnquiryFormPage.objects.child_of(home).count() == 1
    assert Reference.objects.count() == 5
    assert CallToAction.objects.count() == 6
    assert next(link.reference.doi for link in seeded.references.all()) == "10.1158/2159-8290.CD-21-1059"
    assert seeded.live
    assert seeded.get_latest_revision() is not None


@pytest.mark.django_db
def test_loading_twice_creates_nothing_and_keeps_editors_changes(seeded):
    seeded.title_en = "Edited by an editor"
    seeded.save_revision().publish()
    report = load_seed_content()
    assert report.created == []
    assert ArticlePage.objects.count() == 1
    assert ArticlePage.objects.get().title_en == "Edited by an editor"


@pytest.mark.django_db
def test_seed_translates_title_headings_and_ctas(seeded):
    headings = [child.value["text"] for child in seeded.body_ms if child.block_type == "heading"]
    assert len(headings) == 9
    assert all(headings)
    assert "Bagaimanakah Imunoterapi Berfungsi?" in headings
    assert seeded.title_zh_hans.startswith("免疫疗法如何靶向癌细胞")
    for cta in CallToAction.objects.all():
        assert cta.button_label_ms, cta.name
        assert cta.button_label_zh_hans, cta.name
        assert cta.heading_ms or cta.body_ms, cta.name
        assert cta.heading_zh_hans or cta.body_zh_hans, cta.name


@pytest.mark.django_db
def test_translation_streams_mirror_source_block_ids(seeded):
    source_ids = [child.id for child in seeded.body_en]
    assert [child.id for child in seeded.body_ms] == source_ids
    assert [child.id for child in seeded.body_zh_hans] == source_ids
