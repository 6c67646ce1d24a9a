"""On SQLite, the worker's loops over many pages leave the database's one write lock free
between two pages for longer than SQLite's busy handler sleeps, so an enquiry, a feedback or
an editor's save that waits for it gets in instead of failing after the busy timeout."""

import time
from types import SimpleNamespace

import pytest
from django.db import connection
from django.db.models import F

from content_pages.models import ChannelRendition
from content_pages.publishing import renditions, write_turns
from content_pages.publishing.outbox import complete
from content_pages.publishing.renditions import refresh_all
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
def steps(monkeypatch):
    """What the loop did, in order: each page's rendering (and whether a transaction was
    open around it) and each pause, which still sleeps for real."""
    done: list[tuple[str, object]] = []
    real_refresh, real_sleep = renditions.refresh_page, time.sleep

    def refresh(page_id):
        done.append(("page", connection.in_atomic_block))
        return real_refresh(page_id)

    def sleep(seconds):
        done.append(("pause", seconds))
        real_sleep(seconds)

    monkeypatch.setattr(renditions, "refresh_page", refresh)
    monkeypatch.setattr(write_turns, "time", SimpleNamespace(sleep=sleep, monotonic=time.monotonic))
    return done


def run(loop, page_ids):
    if loop == "event":
        complete._render_stale(page_ids)
    elif loop == "sweep":
        assert refresh_stale() == len(page_ids)
    else:
        assert refresh_all() == len(page_ids)


LOOPS = ["event", "sweep", "refresh_all"]


@pytest.mark.parametrize("loop", LOOPS)
def test_a_loop_that_has_held_the_lock_pauses_longer_than_the_busy_handler_sleeps(
    loop, stale_pages, steps, monkeypatch
):
    monkeypatch.setattr(write_turns, "HOLD_SECONDS", 0)  # every page counts as long enough
    run(loop, stale_pages)
    pages = [outer for kind, outer in steps if kind == "page"]
    assert len(pages) == len(stale_pages)
    assert not any(pages), "each page commits on its own"
    kinds = [kind for kind, _value in steps]
    if connection.vendor == "sqlite":
        # page, pause, page, ..., page: none before the first, none after the last
        assert kinds == ["page", *["pause", "page"] * (len(stale_pages) - 1)]
        assert {value for kind, value in steps if kind == "pause"} == {write_turns.PAUSE_SECONDS}
        assert write_turns.PAUSE_SECONDS > 0.1  # SQLite's busy handler sleeps up to 100 ms between tries
    else:  # PostgreSQL locks rows: nothing to wait for
        assert kinds == ["page"] * len(stale_pages)
    assert not ChannelRendition.objects.filter(page_id__in=stale_pages, rendered_generation__lt=F("generation"))


def test_a_loop_pauses_only_once_it_has_held_the_lock_for_a_while(stale_pages, steps, monkeypatch):
    monkeypatch.setattr(write_turns, "HOLD_SECONDS", 3600)
    run("event", stale_pages)
    assert [kind for kind, _value in steps] == ["page"] * len(stale_pages)
