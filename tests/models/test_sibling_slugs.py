"""A page's slug must be free among its siblings in every language, as readers of that
language see the slugs (their own, or the English one where they have none), and finding
that out asks the database for the siblings that could collide, not for every sibling."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import override
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Page
from wagtail_modeltranslation import patch_wagtailadmin

from content_pages.models import ArticleIndexPage
from content_pages.models.slugs import sibling_slug_errors

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "ms", "zh-hans")


def column(language):
    return "slug_" + language.replace("-", "_")


def child(parent, en, ms="", zh=""):
    return parent.add_child(instance=Page(title=en, slug=en, slug_en=en, slug_ms=ms, slug_zh_hans=zh))


def loaded_one_by_one(page):
    """The rule as wagtail-modeltranslation writes it: every sibling loaded, its slug read
    in each language with the fallback, and compared with the page's."""
    errors = {}
    siblings = list(page.get_siblings(inclusive=False))
    for language in LANGUAGES:
        with override(language):
            if page.slug in [sibling.slug for sibling in siblings]:
                errors[column(language)] = page.slug
    return errors


@pytest.fixture
def index(seeded):
    return ArticleIndexPage.objects.get()


def test_the_check_in_use_is_this_projects(index):
    """wagtail-modeltranslation's patched ``clean`` calls whatever its module names."""
    assert patch_wagtailadmin._validate_slugs is sibling_slug_errors


def test_a_malay_slug_taken_by_a_sibling_is_refused_under_its_field(index):
    child(index, "first", ms="tidur")
    page = child(index, "second", ms="rehat")
    page.slug_ms = "tidur"
    with pytest.raises(ValidationError) as raised:
        page.full_clean()
    assert set(raised.value.message_dict) >= {"slug_ms"}
    assert "slug_en" not in raised.value.message_dict


def test_a_page_without_a_malay_slug_collides_through_its_english_one(index):
    """Malay readers would see both at /ms/articles/sleep/."""
    child(index, "other", ms="sleep")
    with pytest.raises(ValidationError) as raised:
        child(index, "sleep")
    assert raised.value.message_dict == {
        "slug_ms": ["The slug “sleep” is already used by another page in this section; choose another."]
    }


def test_an_english_slug_reused_in_malay_is_free_when_the_sibling_has_its_own(index):
    child(index, "sleep", ms="tidur")
    page = child(index, "rest", ms="sleep")
    assert sibling_slug_errors(page) == {}
    page.full_clean()  # nothing raised


def test_the_article_is_not_its_own_sibling(seeded):
    assert sibling_slug_errors(seeded) == {}
    seeded.full_clean()


slug = st.sampled_from(["a", "b", "c"])
optional_slug = st.sampled_from(["", "a", "b", "c"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    siblings=st.lists(st.tuples(slug, optional_slug, optional_slug), max_size=4),
    page=st.tuples(slug, optional_slug, optional_slug),
)
def test_the_one_query_finds_what_loading_every_sibling_finds(index, siblings, page):
    with transaction.atomic():
        for number, (en, ms, zh) in enumerate(siblings):
            made = child(index, f"sibling-{number}")
            # Written past validation, so that siblings may share any slug.
            Page.objects.filter(pk=made.pk).update(slug=en, slug_en=en, slug_ms=ms, slug_zh_hans=zh)
        built = child(index, "the-page")
        # The page's slugs as an editor's form would change them before the save's check.
        built.slug, built.slug_en, built.slug_ms, built.slug_zh_hans = page[0], *page
        found = sibling_slug_errors(built)
        expected = loaded_one_by_one(built)
        assert set(found) == set(expected)
        for field, slug in expected.items():
            assert f"“{slug}”" in found[field]
        transaction.set_rollback(True)


def test_the_check_asks_one_query_for_three_siblings_or_forty(index, django_assert_num_queries):
    page = child(index, "the-page", ms="halaman")
    for number in range(3):
        child(index, f"sibling-{number}")
    page.get_parent()  # known to the page during its save
    with django_assert_num_queries(1):
        sibling_slug_errors(page)
    for number in range(3, 40):
        child(index, f"sibling-{number}")
    with django_assert_num_queries(1):
        assert sibling_slug_errors(page) == {}
