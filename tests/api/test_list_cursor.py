"""The pages list read from stored rows: every order from its index, and a cursor to the next page."""

import base64
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from content_pages.models import ChannelRendition
from tests.api.test_query_budget import LIST_BUDGET, build_article

LIST = "/api/v2/pages/?type=content_pages.ArticlePage&lang=ms"
ORDERS = ["", "id", "-id", "title", "-title", "first_published_at", "-first_published_at", "-last_published_at"]


@pytest.fixture
def articles(seeded, django_capture_on_commit_callbacks):
    """Seven articles beside the seed, two of them with the same title (a tie in that order)."""
    titles = ["Zinc", "Apples", "Mango", "Apples", "Beans", "Kale", "Dates"]
    return [
        build_article(f"cursor-{number}", 2, django_capture_on_commit_callbacks, title=title)
        for number, title in enumerate(titles)
    ]


def _get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content
    return response.json()


def _follow(client, url, limit):
    """Every item, following ``meta.next_cursor`` from the first page; and how many pages."""
    ids, pages, page = [], 0, _get(client, f"{url}&limit={limit}")
    while True:
        pages += 1
        ids += [item["id"] for item in page["items"]]
        cursor = page["meta"]["next_cursor"]
        if cursor is None:
            return ids, pages
        assert len(page["items"]) == limit
        page = _get(client, f"{url}&limit={limit}&cursor={cursor}")


@pytest.mark.parametrize("order", ORDERS)
def test_following_the_cursor_gives_the_whole_list_once_in_order(articles, client, order):
    url = LIST + (f"&order={order}" if order else "")
    whole = _get(client, f"{url}&limit=100")
    assert whole["meta"]["next_cursor"] is None
    assert whole["meta"]["total_count"] == len(whole["items"]) == 8
    expected = [item["id"] for item in whole["items"]]
    for limit in (1, 3, 8):
        followed, pages = _follow(client, url, limit)
        assert followed == expected, (order, limit)
        assert pages == -(-8 // limit)


def test_orders_sort_as_they_say_and_ties_follow_the_id(articles, client):
    def titles(order):
        return [(item["title"], item["id"]) for item in _get(client, f"{LIST}&order={order}&limit=100")["items"]]

    ascending = titles("title")
    assert ascending == sorted(ascending)
    assert titles("-title") == ascending[::-1]
    ids = [item["id"] for item in _get(client, f"{LIST}&order=-id&limit=100")["items"]]
    assert ids == sorted(ids, reverse=True)
    tree = [item["id"] for item in _get(client, f"{LIST}&limit=100")["items"]]
    paths = dict(Page.objects.filter(pk__in=tree).values_list("pk", "path"))
    assert tree == sorted(tree, key=paths.__getitem__)


def test_a_page_published_or_withdrawn_between_two_pages_shifts_nothing(
    articles, client, django_capture_on_commit_callbacks
):
    """With an offset, a page published before the place a reader has got to would show
    an item twice; with the cursor the next page starts after the last one seen."""
    url = f"{LIST}&order=id&limit=3"
    first = _get(client, url)
    seen = [item["id"] for item in first["items"]]
    with django_capture_on_commit_callbacks(execute=True):
        seen_page = Page.objects.get(pk=seen[0])
        seen_page.specific.unpublish()
    build_article("cursor-new", 2, django_capture_on_commit_callbacks, title="Newest")
    page = _get(client, f"{url}&cursor={first['meta']['next_cursor']}")
    rest = [item["id"] for item in page["items"]]
    now = [item["id"] for item in _get(client, f"{LIST}&order=id&limit=100")["items"]]
    assert seen[0] not in now
    assert rest == [page_id for page_id in now if page_id > seen[-1]][:3]
    assert not set(rest) & set(seen)


def test_a_cursor_page_costs_what_the_first_page_costs(articles, client):
    first = _get(client, f"{LIST}&limit=2")
    cursor = first["meta"]["next_cursor"]
    _get(client, f"{LIST}&limit=2&cursor={cursor}")
    with CaptureQueriesContext(connection) as context:
        page = _get(client, f"{LIST}&limit=2&cursor={cursor}")
    assert len(context.captured_queries) == LIST_BUDGET
    assert page["meta"]["total_count"] == first["meta"]["total_count"] == 8
    assert {item["id"] for item in page["items"]}.isdisjoint(item["id"] for item in first["items"])


def test_a_list_is_read_from_an_index_in_every_order(articles):
    """What keeps a list flat at any size: the first rows of an index, not a sort of every
    row. PostgreSQL chooses by its statistics (a table this small is read whole and
    sorted), so it is asked for its plan with every other way priced out. In the page's
    order, an index that leads with the page (the one-rendition-per-language constraint)
    gives the same order, and which of the two a table this small costs less differs from
    run to run: either is an index that gives the order."""
    from content_pages.reads import api_pages

    selection = api_pages.PageFilter(language="ms", content_type_ids=api_pages.page_type_ids())
    for order in [None, *[value for value in ORDERS if value]]:
        with CaptureQueriesContext(connection) as context:
            api_pages.listing(selection, order, 20, 0)
        sql = context.captured_queries[0]["sql"]
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            else:
                # Whether an index can give the order, not which plan this table's
                # statistics favour: every other way is priced out.
                for method in ("seqscan", "bitmapscan", "sort"):
                    cursor.execute(f"SET LOCAL enable_{method} = off")
                cursor.execute(f"EXPLAIN {sql}")
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        by_page = connection.vendor == "postgresql" and order in ("id", "-id")
        index = (
            r"Index (Only )?Scan( Backward)? using (listing_by_\w+|unique_rendition_per_language) on content_pages_channelrendition"
            if by_page
            else "listing_by_"
        )
        assert re.search(index, plan), (order, plan)
        assert "TEMP B-TREE" not in plan, (order, plan)
        assert "Sort " not in plan, (order, plan)


def _cursor(value):
    return "p" + base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("&cursor=pnot-base64-json", "cursor"),
        ("&cursor=p" + "A" * 1400, "cursor"),
        (f"&cursor={_cursor({'order': 'id'})}", "cursor"),
        (f"&cursor={_cursor(['', 'a', 1, 2])}", "cursor"),
        (f"&order=id&cursor={_cursor(['', None, 5])}", "order=(tree order)"),
        (f"&order=title&cursor={_cursor(['-title', 'A', 5])}", "order=-title"),
        (f"&order=id&cursor={_cursor(['id', 'x', 5])}", "cursor"),
        (f"&order=id&cursor={_cursor(['id', None, 0])}", "cursor"),
        (f"&order=id&cursor={_cursor(['id', None, 2**63])}", "cursor"),
        (f"&order=id&cursor={_cursor(['id', None, '5'])}", "cursor"),
        (f"&order=id&cursor={_cursor(['id', None, True])}", "cursor"),
        ("&order=title&cursor=" + _cursor(["title", "a\x00b", 5]), "cursor"),
        ("&order=title&cursor=" + _cursor(["title", "\ud800", 5]), "cursor"),
        (f"&order=title&cursor={_cursor(['title', 7, 5])}", "cursor"),
        (f"&order=first_published_at&cursor={_cursor(['first_published_at', '2026-01-01T00:00:00', 5])}", "cursor"),
        (f"&order=first_published_at&cursor={_cursor(['first_published_at', 'yesterday', 5])}", "cursor"),
        (f"&order=id&offset=3&cursor={_cursor(['id', None, 5])}", "offset"),
        (f"&search=apples&cursor={_cursor(['', '0001', 5])}", "search"),
    ],
)
def test_a_cursor_not_given_out_is_refused_naming_it(articles, client, query, names):
    refused = _get(client, LIST + query, status=400)
    assert refused["code"] == "invalid_cursor", refused
    assert names in refused["message"]


def test_a_cursor_past_the_end_is_an_empty_page(articles, client):
    last = _get(client, f"{LIST}&order=id&limit=100")["items"][-1]["id"]
    empty = _get(client, f"{LIST}&order=id&cursor={_cursor(['id', None, last])}")
    assert empty["items"] == []
    assert empty["meta"]["next_cursor"] is None
    assert empty["meta"]["total_count"] == 8


def test_a_search_ordered_otherwise_than_by_relevance_pages_with_the_cursor(articles, client):
    url = "/api/v2/pages/?search=apples&lang=en&order=id"
    whole = [item["id"] for item in _get(client, f"{url}&limit=100")["items"]]
    assert len(whole) == 2
    assert _follow(client, url, 1) == (whole, 2)


def test_rows_carry_what_the_list_sorts_by(articles):
    article = Page.objects.get(pk=articles[0].pk)
    row = ChannelRendition.objects.get(page=article, channel="web", language="ms")
    assert (row.tree_path, row.parent_page_id, row.page_type_id) == (
        article.path,
        article.get_parent().pk,
        article.content_type_id,
    )
    assert row.sort_title == "Zinc"
    assert (row.first_published_at, row.last_published_at) == (article.first_published_at, article.last_published_at)
