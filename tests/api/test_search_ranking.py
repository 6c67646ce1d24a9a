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
