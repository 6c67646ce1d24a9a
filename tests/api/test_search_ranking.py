"""search= on SQLite reads the full-text index in one query: the same matches, in the same
order, as the search backend's own query (which costs the square of the matches)."""

import pytest
from django.db import connection
from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

from content_pages.interfaces.api.params import parse_search
from content_pages.models import ChannelRendition
from content_pages.reads import api_pages
from tests.api.test_query_budget import build_article

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL searches through the backend itself")


def _backend(terms, language):
    candidates = ChannelRendition.objects.filter(language=language, channel="web")
    return [row.page_id for row in get_search_backend().search(PlainText(" ".join(terms), operator="and"), candidates)]


@pytest.mark.parametrize(
    ("query", "language"),
    [
        ("immunotherapy", "en"),
        ("Section", "en"),
        ("section paragraph", "en"),
        ("Paragraph 1", "en"),
        ("apples", "en"),
        ("imunoterapi", "ms"),
        ("免疫疗法", "zh-hans"),
        ("nothing-like-this", "en"),
        ("immunotherapy", "ms"),
    ],
)
def test_the_one_query_finds_and_ranks_as_the_backend_does(seeded, django_capture_on_commit_callbacks, query, language):
    for number, title in enumerate(["Apples and section", "Section apples", "Pears"]):
        build_article(f"ranked-{number}", 3 + number * 4, django_capture_on_commit_callbacks, title=title)
    terms = parse_search(query)
    found = api_pages.search_page_ids(terms, language)
    assert found == _backend(terms, language)
    if query in ("Section", "apples", "immunotherapy") and language == "en":
        assert found


def test_a_word_every_page_has_is_one_query(seeded, django_capture_on_commit_callbacks, django_assert_num_queries):
    for number in range(6):
        build_article(f"common-{number}", 4, django_capture_on_commit_callbacks)
    api_pages.search_page_ids(["section"], "en")
    with django_assert_num_queries(1):
        assert len(api_pages.search_page_ids(["section"], "en")) == 6


@pytest.mark.parametrize(
    ("terms", "language", "limit", "offset", "where"),
    [
        (["section"], "en", 3, 0, {}),
        (["section"], "en", 2, 2, {}),
        (["section"], "en", 2, 50, {}),  # past the last match: still counted
        (["section", "paragraph"], "en", 20, 0, {"type": True}),
        (["section"], "en", 20, 0, {"parent": True}),
        (["immunotherapy"], "ms", 20, 0, {}),
        (["nothing"], "en", 20, 0, {}),
    ],
)
def test_a_page_of_matches_and_their_number_in_one_query(
    seeded, django_capture_on_commit_callbacks, django_assert_num_queries, terms, language, limit, offset, where
):
    """The listed matches, best first, as the backend's ranking filtered by the list's
    conditions gives them: a draft, a private page and another index's children are not
    listed, and the total counts only what is listed."""
    from content_pages.models import ArticleIndexPage, ArticlePage, HomePage

    for number in range(5):
        build_article(f"listed-{number}", 4 + number, django_capture_on_commit_callbacks, title=f"Section {number}")
    build_article("draft", 4, django_capture_on_commit_callbacks, publish=False)
    other_index = HomePage.objects.get().add_child(instance=ArticleIndexPage(title_en="Other", slug_en="other"))
    with django_capture_on_commit_callbacks(execute=True):
        other_index.save_revision().publish()
    build_article("elsewhere", 4, django_capture_on_commit_callbacks, parent=other_index)
    selection = api_pages.PageFilter(
        language=language,
        content_type_ids=api_pages.page_type_ids(ArticlePage if where.get("type") else None),
        parent_id=seeded.get_parent().pk if where.get("parent") else None,
    )
    expected = api_pages.ranked_listing(selection, api_pages.search_page_ids(terms, language), limit, offset)
    with django_assert_num_queries(1 if not offset or expected.page_ids else 2):
        found = api_pages.search_listing(selection, terms, limit, offset)
    assert found.page_ids == expected.page_ids
    assert found.total == expected.total
    assert set(found.renditions) == set(found.page_ids)
    if terms == ["section"] and not where:
        assert found.total >= 6  # the five, the other index's, and any seed page with the word
