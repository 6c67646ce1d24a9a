"""search= by relevance, on either database: one page of the listed matches and their
number in one query, the same as every listed match's ranking filtered by the list."""

import pytest

from content_pages.models import ChannelRendition
from content_pages.reads import api_pages, search
from tests.api.test_query_budget import build_article

pytestmark = pytest.mark.django_db


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
    """The listed matches, best first, as the ranking of every match filtered by the list's
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
    listed = ChannelRendition.objects.filter(
        channel="web", language=language, public=True, page__live=True, page_type_id__in=selection.content_type_ids
    )
    if selection.parent_id is not None:
        listed = listed.filter(parent_page_id=selection.parent_id)
    listed_ids = set(listed.values_list("page_id", flat=True))
    matching = [page_id for page_id in search.search_page_ids(terms, language) if page_id in listed_ids]
    expected = matching[offset : offset + limit]
    with django_assert_num_queries(1 if not offset or expected else 2):
        found = search.search_listing(selection, terms, limit, offset)
    assert found.page_ids == expected
    assert found.total == len(matching)
    assert set(found.renditions) == set(found.page_ids)
    if terms == ["section"] and not where:
        assert found.total >= 6  # the five, the other index's, and any seed page with the word


@pytest.mark.parametrize("order", ["id", "-first_published_at", "title", "-title", None])
def test_matches_in_the_lists_own_order_in_two_queries(
    seeded, django_capture_on_commit_callbacks, django_assert_num_queries, order
):
    """search= with order=: every listed match in that order and their number, and a
    cursor taken from one page starts the next one where it ended."""
    for number in range(5):
        build_article(f"ordered-{number}", 4 + number, django_capture_on_commit_callbacks, title=f"Plum {5 - number}")
    build_article("plain", 4, django_capture_on_commit_callbacks, title="Damson")
    selection = api_pages.PageFilter(language="en", content_type_ids=api_pages.page_type_ids())
    whole = api_pages.listing(selection, order, 100, 0)
    matching = set(search.search_page_ids(["plum"], "en"))
    expected = [page_id for page_id in whole.page_ids if page_id in matching]
    assert len(expected) == 5
    with django_assert_num_queries(2):
        first = search.ordered_listing(selection, ["plum"], order, 2, 0)
    assert (first.page_ids, first.total) == (expected[:2], 5)
    assert first.next is not None
    rest = search.ordered_listing(selection, ["plum"], order, 10, 0, after=first.next)
    assert (rest.page_ids, rest.total) == (expected[2:], 5)
    assert search.ordered_listing(selection, ["plum"], order, 2, 4).page_ids == expected[4:]
