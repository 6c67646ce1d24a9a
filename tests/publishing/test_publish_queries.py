"""A publish costs the same number of queries however many blocks and CTAs the article
has: rules, Wagtail's publish, translation records, every channel's rendition and the
stored web page, all counted (the task backend runs the rendering in the same process)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.test_query_budget import build_article

pytestmark = pytest.mark.django_db

# The seed article (39 blocks, 5 references, 4 CTAs and an enquiry form), re-published.
# The publish gate's review of each target language (its last approval, the revisions
# since) reads a few rows per language.
SEED_REPUBLISH_BUDGET = 235


def publish_queries(page, callbacks):
    revision = page.save_revision()
    with CaptureQueriesContext(connection) as queries, callbacks(execute=True):
        revision.publish()
    return len(queries.captured_queries)


def test_first_publish_is_flat_in_blocks_and_ctas(seeded, django_capture_on_commit_callbacks):
    counts = {}
    for blocks in (8, 120):
        page = build_article(f"first-{blocks}", blocks, django_capture_on_commit_callbacks, references=2, publish=False)
        counts[blocks] = publish_queries(page, django_capture_on_commit_callbacks)
    assert counts[8] == counts[120], counts


def test_republish_is_flat_in_blocks_and_ctas(seeded, django_capture_on_commit_callbacks):
    counts = {}
    for blocks in (8, 120):
        page = build_article(f"again-{blocks}", blocks, django_capture_on_commit_callbacks, references=2)
        page.refresh_from_db()
        counts[blocks] = publish_queries(page, django_capture_on_commit_callbacks)
    assert counts[8] == counts[120], counts


def test_republishing_the_seed_article_stays_within_its_budget(seeded, django_capture_on_commit_callbacks):
    assert publish_queries(seeded, django_capture_on_commit_callbacks) <= SEED_REPUBLISH_BUDGET


def test_republish_is_flat_in_the_number_of_articles(seeded, django_capture_on_commit_callbacks):
    """Nothing in a publish reads one row per sibling: not the slug check, not the sitemaps'
    rebuild (each page's entries stored), not the search index."""
    page = build_article("among-others", 8, django_capture_on_commit_callbacks, references=1)
    page.refresh_from_db()
    few = publish_queries(page, django_capture_on_commit_callbacks)
    for number in range(12):
        build_article(f"sibling-{number}", 4, django_capture_on_commit_callbacks, references=1)
    page.refresh_from_db()
    assert publish_queries(page, django_capture_on_commit_callbacks) == few
