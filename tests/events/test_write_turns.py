"""On SQLite, the worker's loops over many pages leave the database's one write lock free
between two pages for longer than SQLite's busy handler sleeps, so an enquiry, a feedback or
an editor's save that waits for it gets in instead of failing after the busy timeout."""

import itertools
import time

import pytest
from django.db import connection
from django.db.models import F

from content_pages.models import ChannelRendition
from content_pages.publishing import renditions, write_turns
from content_pages.publishing.outbox import complete
from content_pages.publishing.worker import refresh_stale
from tests.conftest import restore_tree_root

# Committing transactions, as the worker's: inside a test's own transaction the lock stays
# held and there is no pause to give.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def tree_root(transactional_db):
    restore_tree_root()


@pytest.fixture
def stale_pages(tree_root, seeded):
    page_ids = sorted(set(ChannelRendition.objects.values_list("page_id", flat=True)))
    assert len(page_ids) >= 3, "the seed's home, index, article and form pages"
    ChannelRendition.objects.filter(page_id__in=page_ids).update(generation=F("generation") + 1)
    return page_ids


@pytest.fixture
def timed_renders(monkeypatch):
    """(start, end) of each page's rendering, and whether a transaction was open around it."""
    spans: list[tuple[float, float, bool]] = []
    real = renditions.refresh_page

    def timed(page_id):
        outer = connection.in_atomic_block
        started = time.monotonic()
        try:
            return real(page_id)
        finally:
            spans.append((started, time.monotonic(), outer))

    monkeypatch.setattr(renditions, "refresh_page", timed)
    return spans


def gaps(spans):
    return [following[0] - previous[1] for previous, following in itertools.pairwise(spans)]


@pytest.mark.parametrize("loop", ["event", "sweep"])
def test_between_two_pages_the_write_lock_is_free_longer_than_the_busy_handler_sleeps(loop, stale_pages, timed_renders):
    started = time.monotonic()
    if loop == "event":
        complete._render_stale(stale_pages)
    else:
        assert refresh_stale() == len(stale_pages)
    assert len(timed_renders) == len(stale_pages)
    assert not any(outer for _start, _end, outer in timed_renders), "each page commits on its own"
    assert timed_renders[0][0] - started < write_turns.PAUSE_SECONDS, "no pause before the first page"
    if connection.vendor == "sqlite":
        assert min(gaps(timed_renders)) >= write_turns.PAUSE_SECONDS > 0.1
    else:  # PostgreSQL locks rows: nothing to wait for
        assert max(gaps(timed_renders)) < write_turns.PAUSE_SECONDS
    assert not ChannelRendition.objects.filter(page_id__in=stale_pages, rendered_generation__lt=F("generation"))
