"""A request costs a fixed number of queries, however big the article or the list."""

import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.text import slugify

from content_pages.foundations.languages import content_languages
from content_pages.models import (
    ArticleIndexPage,
    ArticlePage,
    ArticlePageReference,
    CallToAction,
    Contributor,
    Reference,
    ReferenceAuthor,
)

pytestmark = pytest.mark.django_db

DETAIL_BUDGET = 1
# The page of rows; the total is counted once after each change of what is listed and
# kept (``reads.api_pages.count``), which costs the first list after a change one more.
LIST_BUDGET = 1
# By relevance, one pass of the full-text index ranks, counts and reads the page
# (``reads.search.search_listing``), on SQLite and PostgreSQL alike.
SEARCH_BUDGET = 1
# Ordered otherwise: the matches counted, then the list's own query over them.
ORDERED_SEARCH_BUDGET = 2


def build_article(slug, blocks, publish_callbacks, references=None, publish=True, parent=None, title=None):
    """An article of ``blocks`` blocks: headings, paragraphs, lists and distinct CTAs,
    with one reference per ten blocks unless ``references`` says how many; under the one
    article index unless ``parent`` is given."""
    ctas = []
    stream = []
    for number in range(blocks):
        kind = ("heading", "paragraph", "bullet_list", "cta")[number % 4]
        if kind == "heading":
            value = {"level": "h2", "text": f"Section {number}", "anchor": ""}
        elif kind == "paragraph":
            value = f"<p>Paragraph {number} with <b>some</b> text.</p>"
        elif kind == "bullet_list":
            value = {
                "items": [{"type": "item", "id": str(uuid.uuid4()), "value": f"Item {number}.{i}"} for i in range(3)]
            }
        else:
            cta = CallToAction.objects.create(
                name=f"{slug} CTA {number}", kind="link", link_url="https://example.org/", button_label_en="Open"
            )
            ctas.append(cta)
            value = {"cta": cta.pk, "heading_override": "", "body_override": "", "button_label_override": ""}
        stream.append({"type": kind, "id": str(uuid.uuid4()), "value": value})
    wanted = max(1, blocks // 10) if references is None else references
    references = []
    for number in range(wanted):
        reference = Reference(
            title=f"Study {slug} {number}",
            journal="Journal",
            year=2020,
            doi=f"10.5555/{slugify(slug + ' ' + (title or ''))}.{number}",
        )
        reference.authors = [ReferenceAuthor(family="Doe", given="J.")]
        reference.save()
        references.append(reference)
    page = ArticlePage(
        title_en=title or f"Article {slug}",
        slug_en=slug,
        body_en=stream,
        medical_reviewer=Contributor.objects.get(name="Cancer A-Z Medical Review Panel"),
        last_reviewed=datetime.date(2026, 11, 1),
        next_review_due=datetime.date(2027, 11, 1),
    )
    page.references = [ArticlePageReference(reference=ref, sort_order=n) for n, ref in enumerate(references)]
    (parent or ArticleIndexPage.objects.get()).add_child(instance=page)
    if publish:
        with publish_callbacks(execute=True):
            page.save_revision().publish()
    return page


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response


def test_detail_costs_the_same_for_5_and_200_blocks(seeded, client, django_capture_on_commit_callbacks):
    small = build_article("small", 5, django_capture_on_commit_callbacks)
    large = build_article("large", 200, django_capture_on_commit_callbacks)
    small_count, _ = queries_for(client, f"/api/v2/pages/{small.pk}/?lang=ms")
    large_count, response = queries_for(client, f"/api/v2/pages/{large.pk}/?lang=ms")
    assert len(response.json()["body"]) == 200
    assert len(response.json()["references"]) == 20
    assert small_count == large_count <= DETAIL_BUDGET


CHANNEL_URLS = [
    "whatsapp/?lang=ms",
    "telegram/?lang=zh-hans",
    "sms/?lang=ms",
    "sms/?lang=en&mode=full",
    "whatsapp/conversation/?lang=ms",
    "telegram/conversation/?lang=ms&section=menu",
    "whatsapp/template/?lang=en",
]


def test_every_channel_costs_one_query_for_5_and_200_blocks(seeded, client, django_capture_on_commit_callbacks):
    small = build_article("small", 5, django_capture_on_commit_callbacks)
    large = build_article("large", 200, django_capture_on_commit_callbacks)
    for channel in CHANNEL_URLS:
        counts = [queries_for(client, f"/api/v2/pages/{page.pk}/channels/{channel}")[0] for page in (small, large)]
        assert counts == [DETAIL_BUDGET, DETAIL_BUDGET], channel
    _count, full = queries_for(client, f"/api/v2/pages/{large.pk}/channels/sms/?lang=en&mode=full")
    assert "Section 196" in full.content.decode()


def test_detail_budget_holds_in_every_language(seeded, client, django_assert_max_num_queries):
    for language in content_languages():
        with django_assert_max_num_queries(DETAIL_BUDGET):
            assert client.get(f"/api/v2/pages/{seeded.pk}/?lang={language}").status_code == 200


def test_list_costs_the_same_for_few_and_many_items(seeded, client, django_capture_on_commit_callbacks):
    url = "/api/v2/pages/?type=content_pages.ArticlePage&fields=standfirst,review&limit=100"
    first_count, _first = queries_for(client, url)
    few_count, few = queries_for(client, url)
    for number in range(25):
        build_article(f"many-{number}", 4, django_capture_on_commit_callbacks)
    counting, counted = queries_for(client, url)
    many_count, many = queries_for(client, url)
    assert len(few.json()["items"]) == 1
    assert len(many.json()["items"]) == 26
    assert counted.json()["meta"]["total_count"] == many.json()["meta"]["total_count"] == 26
    assert first_count == counting == LIST_BUDGET + 1
    assert few_count == many_count == LIST_BUDGET
    search_count, _ = queries_for(client, "/api/v2/pages/?search=article&limit=100")
    assert search_count == SEARCH_BUDGET


LIST = "/api/v2/pages/?type=content_pages.ArticlePage&limit=20&lang=ms"


def test_a_list_of_20_is_one_query_however_many_and_large_the_pages(
    seeded, client, django_capture_on_commit_callbacks, django_assert_num_queries
):
    client.get(LIST)  # the content types, once per process
    with django_assert_num_queries(LIST_BUDGET):
        assert len(client.get(LIST).json()["items"]) == 1
    for number in range(21):
        build_article(f"more-{number}", 4, django_capture_on_commit_callbacks)
    large = [build_article(f"large-{number}", 120, django_capture_on_commit_callbacks) for number in range(2)]
    with django_assert_num_queries(LIST_BUDGET + 1):
        assert client.get(LIST).json()["meta"]["total_count"] == 24
    with django_assert_num_queries(LIST_BUDGET):
        listed = client.get(LIST).json()
    assert len(listed["items"]) == 20
    assert listed["meta"]["total_count"] == 24
    # The newest first, so the two large ones are on the page, with their whole bodies.
    with django_assert_num_queries(LIST_BUDGET):
        everything = client.get(f"{LIST}&order=-id&fields=*").json()
    assert [item["id"] for item in everything["items"][:2]] == [large[1].pk, large[0].pk]
    assert len(everything["items"][0]["body"]) == 120


@pytest.mark.parametrize(
    ("query", "budget"),
    [
        ("", LIST_BUDGET),
        ("?order=-title&lang=zh-hans&limit=2&offset=1", LIST_BUDGET),
        ("?type=content_pages.ArticlePage&fields=standfirst,review&order=last_published_at", LIST_BUDGET),
        ("?child_of={index}&type=content_pages.ArticlePage", LIST_BUDGET),
        ("?child_of={index}&fields=-title", LIST_BUDGET),
        # Beyond the last page, the total needs a count of its own.
        ("?offset=50", LIST_BUDGET + 1),
        ("?search=immunotherapy&lang=en", SEARCH_BUDGET),
        # Ordered otherwise than by relevance, the listing ranks and counts the matches itself.
        ("?search=immunotherapy&lang=en&order=-first_published_at", ORDERED_SEARCH_BUDGET),
    ],
)
def test_every_listing_parameter_keeps_the_budget(seeded, client, django_assert_num_queries, query, budget):
    url = "/api/v2/pages/" + query.format(index=seeded.get_parent().pk)
    client.get(url)
    with django_assert_num_queries(budget):
        assert client.get(url).status_code == 200


def test_a_read_limit_with_an_api_key_adds_no_query_to_a_list(seeded, client, django_assert_num_queries):
    from content_pages.publishing.access.api_keys import create_key

    _key, plain = create_key("Website", rate_limit=1000)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {plain}"}
    client.get(LIST, **headers)  # the key's look-up, then cached
    with django_assert_num_queries(LIST_BUDGET):
        response = client.get(LIST, **headers)
    assert response.status_code == 200
    assert response["RateLimit-Remaining"] == "998"


def test_the_change_feed_is_one_query_however_many_events(
    seeded, client, django_capture_on_commit_callbacks, django_assert_num_queries
):
    with django_assert_num_queries(1):
        few = client.get("/api/v2/changes/?limit=100").json()["items"]
    for number in range(5):
        build_article(f"event-{number}", 4, django_capture_on_commit_callbacks)
    with django_assert_num_queries(1):
        many = client.get("/api/v2/changes/?limit=100").json()["items"]
    assert len(many) == len(few) + 5
